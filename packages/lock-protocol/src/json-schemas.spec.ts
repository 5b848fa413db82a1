import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildJsonSchemas } from './json-schemas.js';
import { ALL_MESSAGE_TYPES } from './messages/message-type.js';
import { formatJsonFile } from './scripts/json-file-format.js';

const schemasDir = new URL('../schemas/', import.meta.url);

describe('committed JSON Schemas', () => {
  const built = buildJsonSchemas();

  it('exist for every message type', () => {
    for (const type of ALL_MESSAGE_TYPES)
      expect(built).toHaveProperty([`${type.replace(/_/g, '-')}.schema.json`]);
  });

  it('are exactly the generated set (run `npm run schemas`)', () => {
    expect(
      readdirSync(schemasDir)
        .filter((name) => name.endsWith('.json'))
        .sort(),
    ).toEqual(Object.keys(built).sort());
  });

  it.each(Object.entries(built))('%s is current (run `npm run schemas`)', async (name, schema) => {
    const path = new URL(name, schemasDir);
    expect(readFileSync(path, 'utf8')).toBe(await formatJsonFile(schema, path.pathname));
  });

  it('declares strict objects, so firmware validators reject unknown fields too', () => {
    const state = built['state.schema.json'];
    expect(state).toMatchObject({ additionalProperties: false, title: expect.any(String) as unknown });
  });
});
