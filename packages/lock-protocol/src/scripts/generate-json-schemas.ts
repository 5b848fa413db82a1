import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
for (const [name, schema] of Object.entries(files)) {
  writeFileSync(`${schemasDir}${name}`, await formatJsonFile(schema, `${schemasDir}${name}`));
}
console.log(`wrote ${Object.keys(files).length} JSON Schemas to schemas/`);
