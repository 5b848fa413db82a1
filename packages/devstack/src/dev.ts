import { join } from 'node:path';
import { codeSealerFromConfig } from '@lockstep/access-codes';
import { builtApps } from './apps.js';
import { devDataKeys } from './data-keys.js';
import { seedDemoPrimaries } from './demo-codes.js';
import { prepareDatabase } from './database.js';
import { demoPassword } from './demo-credentials.js';
import { fleetSeed, registerDemoFleet, servicePassword } from './demo-fleet.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { freePort } from './free-port.js';
import { portAnswers } from './probe.js';
import { ProcessGroup } from './processes.js';
import { repoRoot } from './repo.js';
import { findServices } from './services.js';

export interface DevOptions {
  /** Use the embedded default for every service even where a real one answers. */
  embedded: boolean;
  /** Folder for embedded data and demo credentials (git-ignored). */
  dataDir: string;
  /** Stop once everything is up and ready (used by the embedded-default test). */
  exitWhenReady?: boolean;
}

const log = (line: string) => console.log(`devstack: ${line}`);

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not come up within ${Math.round(timeoutMs / 1000)} s`);
}

/**
 * `npm run dev`: find the services (or embed them), migrate and seed, and run every app that is
 * built, with prefixed output. Only connection strings differ between real and embedded services.
 */
export async function dev(options: DevOptions): Promise<number> {
  const found = await findServices();
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' };
  let embeddedPostgres: EmbeddedPostgres | undefined;

  if (found.postgres.probe.ok && !options.embedded) {
    env.DATABASE_URL = found.postgres.url;
    log(`postgres: ${redact(found.postgres.url)}`);
  } else {
    const port = await freePort(Number(process.env.LOCKSTEP_EMBEDDED_PG_PORT ?? 55432));
    embeddedPostgres = await startEmbeddedPostgres({
      dataDir: join(options.dataDir, 'pglite'),
      port,
      queueSchema: env.QUEUE_PREFIX ?? 'lockstep',
    });
    env.DATABASE_URL = embeddedPostgres.url;
    env.DATABASE_POOL_SIZE = '3';
    env.QUEUE_POOL_SIZE = '2';
    log(`postgres: embedded PGlite on 127.0.0.1:${port} (data in ${join(options.dataDir, 'pglite')})`);
  }

  if (found.redis.probe.ok && !options.embedded) {
    env.REDIS_URL = found.redis.url;
    env.QUEUE_BACKEND = 'redis';
    log(`queues: Redis at ${redact(found.redis.url)}`);
  } else {
    env.QUEUE_BACKEND = 'postgres';
    delete env.REDIS_URL;
    log('queues: no Redis reachable, using BullMQ on PostgreSQL');
  }

  let embeddedBroker = false;
  if (found.mqtt.probe.ok && !options.embedded) {
    env.MQTT_URL = found.mqtt.url;
    log(`broker: ${redact(found.mqtt.url)}`);
  } else {
    const port = await freePort(Number(process.env.LOCKSTEP_EMBEDDED_MQTT_PORT ?? 51883));
    env.GATEWAY_EMBEDDED_BROKER_PORT = String(port);
    env.MQTT_URL = `mqtt://127.0.0.1:${port}`;
    embeddedBroker = true;
    // The API and the gateway log in to the embedded broker with the cloud's service account.
    env.MQTT_USERNAME = 'lockstep-cloud';
    env.MQTT_PASSWORD = await servicePassword(options.dataDir);
    log(`broker: embedded Aedes (MQTT 3.1.1) in the gateway on 127.0.0.1:${port}`);
  }

  // The data key that seals codes and device keys (API and worker), unless the caller brings one.
  if (!env.CODE_KEYS || !env.CODE_ACTIVE_KEY_ID) Object.assign(env, await devDataKeys(options.dataDir));
  const sealer = codeSealerFromConfig({ keyRing: env.CODE_KEYS!, activeKeyId: env.CODE_ACTIVE_KEY_ID! });

  const password = await demoPassword(options.dataDir);
  const db = await prepareDatabase(env.DATABASE_URL, { seed: true, demoPassword: password });
  log(`demo portfolio seeded (${db.deviceIds.length} locks)`);
  const seed = await fleetSeed(options.dataDir);
  await registerDemoFleet(env.DATABASE_URL, seed, db.deviceIds, sealer);
  const primaries = await seedDemoPrimaries(env.DATABASE_URL, sealer);
  if (primaries > 0) log(`demo primary codes created for ${primaries} unit(s); the worker installs them`);
  const fleetEnv: NodeJS.ProcessEnv = {
    ...env,
    EDGE_SEED: seed,
    EDGE_STATE_DIR: join(options.dataDir, 'edge'),
  };
  // The locks log in as themselves, never with the cloud's account.
  delete fleetEnv.MQTT_USERNAME;
  delete fleetEnv.MQTT_PASSWORD;
  delete fleetEnv.CODE_KEYS;
  delete fleetEnv.CODE_ACTIVE_KEY_ID;

  let exitCode = 0;
  let shuttingDown = false;
  const group = new ProcessGroup((name, code) => {
    log(`${name} exited with code ${code ?? 'signal'}; stopping the stack`);
    exitCode = 1;
    void shutdown();
  });
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  async function shutdown() {
    if (shuttingDown) return;
    shuttingDown = true;
    await group.stopAll();
    await embeddedPostgres?.stop();
    finish();
  }

  const apiPort = env.API_PORT ?? '3000';
  env.API_PORT = apiPort;
  const apps = builtApps();
  for (const app of apps) {
    group.start(
      app.name,
      process.execPath,
      [app.entry, ...app.args({ deviceIds: db.deviceIds })],
      app.name === 'fleet' ? fleetEnv : env,
      repoRoot,
    );
    if (app.name === 'gateway' && embeddedBroker) {
      // The embedded broker authenticates devices, so an open port is the readiness signal here.
      await waitFor('the embedded broker', () => portAnswers(port(env.MQTT_URL!)), 30_000);
    }
  }
  if (apps.some((a) => a.name === 'api')) {
    const ready = `http://127.0.0.1:${apiPort}/health/ready`;
    try {
      await waitFor('the API', async () => (await fetch(ready).catch(() => undefined))?.ok === true, 60_000);
      log(
        `ready: API http://localhost:${apiPort} (docs at /docs), demo login olivia.owner@demo.lockstep.dev / ${password}`,
      );
    } catch (error) {
      log((error as Error).message);
      exitCode = 1;
      await shutdown();
    }
  }
  log(`running: ${apps.map((a) => a.name).join(', ') || 'no app is built yet'} — Ctrl-C stops everything`);
  if (options.exitWhenReady) await shutdown();
  await done;
  return exitCode;
}

function port(url: string): number {
  return Number(new URL(url).port);
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
