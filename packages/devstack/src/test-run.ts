import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { prepareDatabase } from './database.js';
import { composeUp, dockerEngineAnswers } from './docker.js';
import { run } from './processes.js';
import { repoRoot } from './repo.js';
import { findServices, SERVICES, type FoundService } from './services.js';

const log = (line: string) => console.log(`devstack: ${line}`);
const REPORT = '.turbo/vitest-report.json';

/**
 * `npm test`: the whole suite against the real services (the production path). A missing service
 * is started with `docker compose` when an engine answers; otherwise one message says which
 * service is missing and how to get it — never a stack trace.
 */
export async function test(passThrough: string[]): Promise<number> {
  let found = await findServices();
  let missing = Object.values(found).filter((s) => !s.probe.ok);
  if (missing.length > 0 && dockerEngineAnswers()) {
    log(`starting ${missing.map((s) => SERVICES[s.name].compose).join(', ')} with docker compose`);
    if (await composeUp(missing.map((s) => SERVICES[s.name].compose))) {
      found = await findServices();
      missing = Object.values(found).filter((s) => !s.probe.ok);
    }
  }
  if (missing.length > 0) {
    for (const service of missing) console.error(missingMessage(service));
    return 1;
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: found.postgres.url,
    REDIS_URL: found.redis.url,
    MQTT_URL: found.mqtt.url,
    QUEUE_BACKEND: 'redis',
    NODE_ENV: 'test',
  };
  const prepared = await prepareDatabase(found.postgres.url, { seed: false });
  log(`services: postgres, redis, mqtt answer; ${prepared.migrations.applied.length} migrations applied`);

  clearReports();
  const format = await run('npx', ['prettier', '--check', '.', '--log-level', 'warn'], {
    env,
    cwd: repoRoot,
  });
  if (format !== 0) log('formatting: run `npm run format` to fix the files listed above');
  const checks = await run(
    'npx',
    [
      'turbo',
      'run',
      'lint',
      'typecheck',
      '--concurrency=2',
      '--continue',
      '--output-logs=errors-only',
      ...passThrough,
    ],
    { env, cwd: repoRoot },
  );
  if (checks !== 0) log('lint or typecheck failed (see above); running the tests anyway');
  // The reporter flags go to vitest only, hence a run of its own.
  const suite = await run(
    'npx',
    [
      'turbo',
      'run',
      'test',
      '--concurrency=2',
      // Every suite runs even when one fails, so a run reports everything that is wrong.
      '--continue',
      ...passThrough,
      '--',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${REPORT}`,
    ],
    { env, cwd: repoRoot },
  );
  const totals = readReports();
  // A closing line CI can read whatever runner printed above it.
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  return format !== 0 || checks !== 0 || suite !== 0 || totals.failed > 0 ? 1 : 0;
}

function missingMessage(service: FoundService): string {
  const spec = SERVICES[service.name];
  const where = service.fromEnv
    ? `${spec.env}=${service.url}`
    : `${service.url} (set ${spec.env} to use another)`;
  const why = service.probe.ok ? '' : service.probe.error;
  return `npm test needs ${service.name} at ${where}, which does not answer (${why}). To get it: ${spec.howToGet}.`;
}

function workspaceDirs(): string[] {
  return ['apps', 'packages'].flatMap((group) =>
    existsSync(join(repoRoot, group))
      ? readdirSync(join(repoRoot, group)).map((name) => join(repoRoot, group, name))
      : [],
  );
}

function clearReports(): void {
  for (const dir of workspaceDirs()) rmSync(join(dir, REPORT), { force: true });
}

function readReports(): { passed: number; failed: number; skipped: number } {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const dir of workspaceDirs()) {
    const file = join(dir, REPORT);
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8')) as {
      numPassedTests?: number;
      numFailedTests?: number;
      numPendingTests?: number;
      numTodoTests?: number;
    };
    totals.passed += report.numPassedTests ?? 0;
    totals.failed += report.numFailedTests ?? 0;
    totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  return totals;
}
