// Runs Prisma 6's CLI (installed as `prisma6`) with its Wasm schema engine, which works offline.
// Prisma 6 insists on a `url` in the datasource block, which Prisma 7 forbids, so it is given a copy
// of the schema with one added.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const schemaPath = fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url));
export const migrationsDir = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));

/** The schema snapshot kept beside the newest migration that has one. */
export function latestSnapshot() {
  const ids = readdirSync(migrationsDir).sort().reverse();
  for (const id of ids) {
    const file = join(migrationsDir, id, 'schema.prisma');
    if (existsSync(file)) return file;
  }
  return undefined;
}

export function withUrl(schemaFile) {
  const schema = readFileSync(schemaFile, 'utf8').replace(
    /(datasource db \{\s*provider\s*=\s*"postgresql")/,
    '$1\n  url      = env("DATABASE_URL")',
  );
  const file = join(mkdtempSync(join(tmpdir(), 'lockstep-prisma6-')), 'schema.prisma');
  writeFileSync(file, schema);
  return file;
}

export function prisma6(args) {
  const cli = require.resolve('prisma6/build/index.js');
  const placeholder = fileURLToPath(import.meta.url);
  return spawnSync(process.execPath, [cli, ...args, '--config', 'scripts/prisma6.config.ts'], {
    cwd: packageDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
      PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
      PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
}
