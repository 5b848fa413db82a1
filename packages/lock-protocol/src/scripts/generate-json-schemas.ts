import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildJsonSchemas } from '../json-schemas.js';
import { formatJsonFile } from './json-file-format.js';

/** Build step: writes packages/lock-protocol/schemas/*.schema.json from the zod schemas. */
const schemasDir = fileURLToPath(new URL('../../schemas/', import.meta.url));
mkdirSync(schemasDir, { recursive: true });
const files = buildJsonSchemas();
// Drop files of schemas that no longer exist, so the directory is exactly the generated set.
for (const existing of readdirSync(schemasDir)) {
  if (existing.endsWith('.json') && !(existing in files)) rmSync(`${schemasDir}${existing}`);
}
const changed: string[] = [];
for (const [name, schema] of Object.entries(files)) {
  const path = `${schemasDir}${name}`;
  const text = await formatJsonFile(schema, path);
  if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
  writeFileSync(path, text);
  changed.push(name);
}
// The schemas are committed: a change here must be committed with the zod change that caused it.
console.log(
  changed.length === 0
    ? `schemas/: ${Object.keys(files).length} JSON Schemas, all current`
    : `schemas/: regenerated ${changed.join(', ')} (commit them)`,
);
