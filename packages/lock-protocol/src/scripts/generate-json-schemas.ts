import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildJsonSchemas } from '../json-schemas.js';
import { formatJsonFile } from './json-file-format.js';

/** Build step: writes packages/lock-protocol/schemas/*.schema.json from the zod schemas. */
const schemasDir = fileURLToPath(new URL('../../schemas/', import.meta.url));
mkdirSync(schemasDir, { recursive: true });
const files = buildJsonSchemas();
// In CI the committed files must already be current: regenerating them there would hide a zod
// change committed without its schemas, so the build fails instead of writing.
const checkOnly = process.env.CI === 'true' || process.argv.includes('--check');
const stale: string[] = [];
const texts = new Map<string, string>();
for (const [name, schema] of Object.entries(files)) {
  const path = `${schemasDir}${name}`;
  const text = await formatJsonFile(schema, path);
  texts.set(name, text);
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(name);
}
// Files of schemas that no longer exist, so the directory is exactly the generated set.
const orphans = readdirSync(schemasDir).filter((f) => f.endsWith('.json') && !(f in files));
if (checkOnly) {
  if (stale.length > 0 || orphans.length > 0) {
    console.error(
      `schemas/: stale (${[...stale, ...orphans].join(', ')}); run \`npm run schemas -w @lockstep/lock-protocol\` and commit`,
    );
    process.exit(1);
  }
} else {
  for (const orphan of orphans) rmSync(`${schemasDir}${orphan}`);
  for (const name of stale) writeFileSync(`${schemasDir}${name}`, texts.get(name)!);
}
// The schemas are committed: a change here must be committed with the zod change that caused it.
console.log(
  stale.length === 0 && orphans.length === 0
    ? `schemas/: ${Object.keys(files).length} JSON Schemas, all current`
    : `schemas/: regenerated ${[...stale, ...orphans].join(', ')} (commit them)`,
);
