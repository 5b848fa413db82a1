import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatJsonFile } from './json-file-format.js';
import { buildTestVectors } from './test-vector-builder.js';

/** Writes packages/lock-protocol/vectors/*.json. Run by `npm run vectors`; a test fails when they are stale. */
const vectorsDir = fileURLToPath(new URL('../../vectors/', import.meta.url));
mkdirSync(vectorsDir, { recursive: true });
for (const [name, content] of Object.entries(buildTestVectors())) {
  writeFileSync(`${vectorsDir}${name}`, await formatJsonFile(content, `${vectorsDir}${name}`));
  console.log(`vectors/${name}`);
}
