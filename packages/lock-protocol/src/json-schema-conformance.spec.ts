import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_MESSAGES } from './examples.js';
import { buildJsonSchemas } from './json-schemas.js';
import { type TMessage } from './messages/message-unions.js';
import { DEVICE_MESSAGE_TYPES } from './messages/message-type.js';

/**
 * The JSON Schemas are for firmware that cannot run zod: check them with an independent draft 2020-12
 * validator. Every valid vector must pass; every invalid vector must fail, except those that break a
 * cross-field rule JSON Schema cannot state (PROTOCOL.md §11), or that are not JSON at all.
 */
const schemas = buildJsonSchemas();
const ajv = new Ajv2020({ strict: false, allErrors: true });
for (const schema of Object.values(schemas)) ajv.addSchema(schema);

function validatorFor(name: string) {
  const schema = schemas[name];
  if (schema === undefined) throw new Error(`no schema ${name}`);
  const validate = ajv.getSchema(String(schema.$id));
  if (validate === undefined) throw new Error(`schema ${name} did not compile`);
  return validate;
}

const schemaFileOfType = (type: string) => `${type.replace(/_/g, '-')}.schema.json`;

const vectors = JSON.parse(readFileSync(new URL('../vectors/messages.json', import.meta.url), 'utf8')) as {
  invalid: { name: string; channel: string; payload: string; error: { code: string } }[];
};

/** Invalid vectors JSON Schema cannot catch: cross-field rules, and payloads that are not JSON objects. */
const BEYOND_JSON_SCHEMA = new Set(['keypad unlock without slot', 'not JSON']);

describe('generated JSON Schemas, checked by Ajv (draft 2020-12)', () => {
  it.each(Object.entries(EXAMPLE_MESSAGES) as [string, TMessage][])('accept example %s', (_name, message) => {
    const own = validatorFor(schemaFileOfType(message.type));
    expect(own(message), JSON.stringify(own.errors)).toBe(true);
    const isDeviceMessage = (DEVICE_MESSAGE_TYPES as readonly string[]).includes(message.type);
    const union = validatorFor(isDeviceMessage ? 'device-message.schema.json' : 'command.schema.json');
    expect(union(message), JSON.stringify(union.errors)).toBe(true);
  });

  it.each(vectors.invalid.filter((entry) => !BEYOND_JSON_SCHEMA.has(entry.name)))(
    'reject: $name',
    (entry) => {
      const union = validatorFor(
        entry.channel === 'cmd' ? 'command.schema.json' : 'device-message.schema.json',
      );
      const value: unknown = JSON.parse(entry.payload);
      const typed = value as { type?: unknown };
      // A wrong-channel payload is valid on its own channel: check it against the channel's own schema.
      const ownChannel =
        entry.error.code === 'wrong_channel' ? validatorFor(`${entry.channel}.schema.json`) : union;
      expect(ownChannel(value), `${entry.name} (${String(typed.type)})`).toBe(false);
    },
  );

  it('reject unknown fields at every level', () => {
    const state = validatorFor('state.schema.json');
    expect(state({ ...EXAMPLE_MESSAGES.state, extra: true })).toBe(false);
    expect(
      state({ ...EXAMPLE_MESSAGES.state, battery: { ...EXAMPLE_MESSAGES.state.battery, extra: 1 } }),
    ).toBe(false);
    expect(validatorFor('capability-profile.schema.json')(EXAMPLE_MESSAGES.birth.profile)).toBe(true);
    expect(validatorFor('pin-envelope.schema.json')(EXAMPLE_MESSAGES.setCode.pin)).toBe(true);
  });
});
