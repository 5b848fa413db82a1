#!/usr/bin/env node
// The second half of `npm run dev` / `npm test` / `npm run bench`, after scripts/bootstrap.mjs has
// installed and built everything: find or embed the services, then run the apps or the suite.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '@lockstep/config';
import { bench } from './bench.js';
import { dev } from './dev.js';
import { provision } from './provision.js';
import { repoRoot } from './repo.js';
import { test } from './test-run.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  strict: false,
  options: {
    embedded: { type: 'boolean', default: false },
    'exit-when-ready': { type: 'boolean', default: false },
    'devices-file': { type: 'string' },
  },
});
const [mode] = positionals;
// test and bench pass everything after the mode on to turbo (e.g. --filter=@lockstep/db).
const rest = process.argv.slice(process.argv.indexOf(mode ?? '') + 1);
const dataDir = resolve(process.env.LOCKSTEP_DATA_DIR ?? `${repoRoot}.lockstep`);

try {
  let code: number;
  switch (mode) {
    case 'dev':
      code = await dev({
        embedded: values.embedded === true || process.env.LOCKSTEP_EMBEDDED === '1',
        dataDir,
        exitWhenReady: values['exit-when-ready'] === true,
      });
      break;
    case 'test':
      code = await test(rest);
      break;
    case 'provision':
      code = await provision({
        devicesFile:
          typeof values['devices-file'] === 'string' ? values['devices-file'] : `${dataDir}/demo-devices`,
      });
      break;
    case 'bench':
      code = await bench(rest);
      break;
    default:
      console.error(
        'usage: lockstep-devstack dev [--embedded] | test | bench [scenario...] | provision [--devices-file <path>]',
      );
      code = 2;
  }
  process.exit(code);
} catch (error) {
  // One clear line for the person at the terminal, not a stack trace.
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  console.error(`devstack: ${message}`);
  process.exit(1);
}
