import { z } from 'zod';
import { ZCommandSchema } from './messages/commands.js';
import { MESSAGE_SCHEMAS, ZDeviceMessageSchema } from './messages/message-unions.js';
import { ZPinEnvelopeSchema } from './pin-envelope.js';
import { ZCapabilityProfileSchema } from './profiles.js';
import { PROTOCOL_VERSION } from './constants.js';

/**
 * JSON Schema (draft 2020-12) of every message, generated from the zod schemas, for firmware written in
 * other languages. Cross-field rules (slot iff keypad, slots in order, birth model = profile model) are
 * zod refinements JSON Schema cannot state; PROTOCOL.md lists them and a conforming decoder checks them.
 */
export const JSON_SCHEMA_BASE_ID = `https://lockstep.dev/schemas/lock-protocol/v${PROTOCOL_VERSION}/`;

function toJsonSchema(name: string, title: string, schema: z.ZodType): Record<string, unknown> {
  // io 'input' describes what a sender must produce; unrepresentable refinements are dropped, not fatal.
  const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  return { ...generated, $id: `${JSON_SCHEMA_BASE_ID}${name}`, title };
}

/** Every schema file, by file name (`schemas/<name>`). */
export function buildJsonSchemas(): Record<string, Record<string, unknown>> {
  const files: Record<string, Record<string, unknown>> = {};
  for (const [type, schema] of Object.entries(MESSAGE_SCHEMAS)) {
    const name = `${type.replace(/_/g, '-')}.schema.json`;
    files[name] = toJsonSchema(name, `Lockstep lock protocol v${PROTOCOL_VERSION}: ${type}`, schema);
  }
  files['device-message.schema.json'] = toJsonSchema(
    'device-message.schema.json',
    'Any device → cloud message',
    ZDeviceMessageSchema,
  );
  files['command.schema.json'] = toJsonSchema(
    'command.schema.json',
    'Any cloud → device command',
    ZCommandSchema,
  );
  files['capability-profile.schema.json'] = toJsonSchema(
    'capability-profile.schema.json',
    'Capability profile of a lock model',
    ZCapabilityProfileSchema,
  );
  files['pin-envelope.schema.json'] = toJsonSchema(
    'pin-envelope.schema.json',
    'Encrypted PIN',
    ZPinEnvelopeSchema,
  );
  return files;
}
