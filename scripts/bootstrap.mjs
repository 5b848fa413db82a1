#!/usr/bin/env node
// `npm run dev`, `npm test` and `npm run bench` start here, on a machine that may have nothing but
// Node 20 and npm. Node built-ins only: this file runs before any dependency is installed.
//   1. install exactly what package-lock.json pins (`npm ci`) when node_modules is missing or stale;
//   2. generate the Prisma client and build every workspace (turbo, cached);
//   3. hand over to packages/devstack, which finds or embeds the services, applies migrations,
//      and runs the apps (dev) or the whole suite (test).
import { spawnSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [mode = 'dev', ...rest] = process.argv.slice(2);
const say = (line) => console.log(`bootstrap: ${line}`);
const die = (line) => {
  console.error(`bootstrap: ${line}`);
  process.exit(1);
};

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19))
  die(`Node ${process.versions.node} is too old: Lockstep needs Node 20.19 or newer`);

const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  NEXT_TELEMETRY_DISABLED: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
};

function step(title, command, args) {
  say(title);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.error) die(`${title} failed: ${result.error.message}`);
  if (result.status !== 0) die(`${title} failed (exit ${result.status}); see the output above`);
}

// 1. dependencies
const lockHash = createHash('sha256')
  .update(readFileSync(join(root, 'package-lock.json')))
  .digest('hex');
const marker = join(root, 'node_modules', '.lockstep-install');
const installed = existsSync(marker) && readFileSync(marker, 'utf8').trim() === lockHash;
if (!installed) {
  step('installing dependencies (npm ci)', 'npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(marker, `${lockHash}\n`);
}

// 2. Prisma client + build (turbo caches both, so a warm run takes seconds)
const turbo = join(root, 'node_modules', '.bin', 'turbo');
step('building (turbo run build)', turbo, ['run', 'build', '--output-logs=errors-only']);

// 3. services, migrations, then the apps or the suite
const child = spawn(process.execPath, [join(root, 'packages/devstack/dist/cli.js'), mode, ...rest], {
  cwd: root,
  env,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
