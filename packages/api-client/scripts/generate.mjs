#!/usr/bin/env node
// Generates src/schema.ts (types only) from the API's committed OpenAPI document.
// `node scripts/generate.mjs` rewrites it; `--check` exits 1 when it is stale (run in CI and tests).
import { readFile, writeFile } from 'node:fs/promises';
import openapiTS, { astToString } from 'openapi-typescript';
import * as prettier from 'prettier';

const source = new URL('../../../apps/api/openapi.json', import.meta.url);
const target = new URL('../src/schema.ts', import.meta.url);

export async function renderSchema() {
  const ast = await openapiTS(JSON.parse(await readFile(source, 'utf8')), { alphabetize: true });
  const header =
    '// Generated from apps/api/openapi.json by scripts/generate.mjs (openapi-typescript). Do not edit.\n';
  const options = (await prettier.resolveConfig(target)) ?? {};
  return prettier.format(header + astToString(ast), { ...options, parser: 'typescript' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const fresh = await renderSchema();
  if (process.argv.includes('--check')) {
    const current = await readFile(target, 'utf8').catch(() => '');
    if (current !== fresh) {
      console.error('api-client: src/schema.ts is stale; run `npm run codegen -w @lockstep/api-client`');
      process.exit(1);
    }
  } else {
    await writeFile(target, fresh);
    console.log(`wrote ${target.pathname}`);
  }
}
