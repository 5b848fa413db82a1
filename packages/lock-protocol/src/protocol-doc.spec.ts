import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode } from './codec.js';
import {
  DEFAULT_BOLT_COMMAND_TTL_MS,
  KEYPAD_LOCKOUT_ATTEMPTS,
  KEYPAD_LOCKOUT_SECONDS,
  MAX_COMMAND_BYTES,
  MAX_PAYLOAD_BYTES,
  MAX_TOPIC_BYTES,
  MAX_TOPIC_SLASHES,
} from './constants.js';
import { EXAMPLE_MESSAGES, type TExampleName } from './examples.js';
import { RejectReason } from './messages/acks.js';
import { EventKind } from './messages/events.js';
import { channelOf, type TMessage } from './messages/message-unions.js';
import { ALL_MESSAGE_TYPES } from './messages/message-type.js';
import { ProtocolErrorCode } from './protocol-error.js';
import { CodeRuleReason } from './keypad.js';
import { ALL_CHANNELS } from './topics.js';

/** Keeps PROTOCOL.md in step with the code: its examples decode and equal the package's, and it names every wire value. */
const doc = readFileSync(new URL('../PROTOCOL.md', import.meta.url), 'utf8');

describe('PROTOCOL.md', () => {
  const blocks = [...doc.matchAll(/<!-- example: (\w+) -->\n```json\n([\s\S]*?)\n```/g)];

  it('shows every example message', () => {
    expect(new Set(blocks.map((match) => match[1]))).toEqual(new Set(Object.keys(EXAMPLE_MESSAGES)));
  });

  it.each(blocks.map((match) => [match[1] ?? '', match[2] ?? '']))(
    'example %s is current and decodes',
    (name, json) => {
      const expected = EXAMPLE_MESSAGES[name as TExampleName] as TMessage;
      expect(JSON.parse(json)).toEqual(expected);
      expect(decode(channelOf(expected.type), json)).toEqual({ ok: true, message: expected });
    },
  );

  it('names every channel, message type, event kind, reject reason, code rule and error code', () => {
    const values = [
      ...ALL_CHANNELS,
      ...ALL_MESSAGE_TYPES,
      ...Object.values(EventKind),
      ...Object.values(RejectReason),
      ...Object.values(CodeRuleReason),
      ...Object.values(ProtocolErrorCode).filter(
        (code) => !['invalid_code', 'invalid_key', 'no_random_source', 'decrypt_failed'].includes(code),
      ),
    ];
    for (const value of values) expect(doc, value).toContain(`\`${value}\``);
  });

  it('states the constants the code uses', () => {
    expect(doc).toContain(`| max payload | ${MAX_PAYLOAD_BYTES} bytes |`);
    expect(doc).toContain(`| max command payload (\`cmd\`) | ${MAX_COMMAND_BYTES} bytes |`);
    expect(doc).toContain(
      `| max topic length / slashes (AWS IoT Core) | ${MAX_TOPIC_BYTES} bytes / ${MAX_TOPIC_SLASHES} |`,
    );
    expect(doc).toContain(
      `| keypad lockout | ${KEYPAD_LOCKOUT_ATTEMPTS} wrong codes → ${KEYPAD_LOCKOUT_SECONDS} s |`,
    );
    expect(doc).toContain(
      `| default bolt command life | ${DEFAULT_BOLT_COMMAND_TTL_MS.toLocaleString('en').replace(',', ' ')} ms |`,
    );
  });
});
