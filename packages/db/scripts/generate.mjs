#!/usr/bin/env node
// Generates the Prisma 7 client into src/generated/prisma. Prisma's CLI looks for a native schema
// engine even for `generate`, which needs none; pointing PRISMA_SCHEMA_ENGINE_BINARY at any
// existing file stops it from trying to download one (TOOLCHAIN.md).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
const here = fileURLToPath(new URL('..', import.meta.url));
const result = spawnSync(process.execPath, [cli, 'generate'], {
  cwd: here,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url),
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
