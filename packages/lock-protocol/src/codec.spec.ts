import { describe, expect, it } from 'vitest';
import { decode, decodeFromTopic, encode, encodeToString, maxPayloadBytes, tryEncode } from './codec.js';
import { MAX_COMMAND_BYTES, MAX_PAYLOAD_BYTES } from './constants.js';
import { EXAMPLE_MESSAGES } from './examples.js';
import { channelOf, type TMessage } from './messages/message-unions.js';
import { ProtocolError } from './protocol-error.js';
import { topics } from './topics.js';

const examples = Object.entries(EXAMPLE_MESSAGES) as [string, TMessage][];
const text = new TextEncoder();

function json(value: unknown): Uint8Array {
  return text.encode(JSON.stringify(value));
}

describe('encode / decode', () => {
  it.each(examples)('round-trips %s', (_name, message) => {
    const decoded = decode(channelOf(message.type), encode(message));
    expect(decoded).toEqual({ ok: true, message });
  });

  it('decodes strings as well as bytes', () => {
    const message = EXAMPLE_MESSAGES.state;
    expect(decode('state', encodeToString(message))).toEqual({ ok: true, message });
  });

  it('writes keys in schema order', () => {
    expect(encodeToString(EXAMPLE_MESSAGES.clearSlot)).toBe(
      '{"v":1,"type":"clear_slot","id":"5e7a1f00-0000-4000-8000-000000000002","ts":1767226400000,' +
        '"commandId":"c0ffee00-0000-4000-8000-000000000045","desiredVersion":45,"slot":2}',
    );
  });

  it('refuses to encode an invalid message', () => {
    const bad = { ...EXAMPLE_MESSAGES.clearSlot, slot: 0 };
    expect(() => encode(bad)).toThrow(ProtocolError);
    expect(tryEncode(bad)).toMatchObject({ ok: false, error: { code: 'invalid_field', field: 'slot' } });
    expect(tryEncode({ ...bad, type: 'nope' } as unknown as TMessage)).toMatchObject({
      ok: false,
      error: { code: 'unknown_type' },
    });
  });
});

describe('decode errors', () => {
  const state = EXAMPLE_MESSAGES.state;

  it('checks size before parsing', () => {
    const huge = new Uint8Array(MAX_PAYLOAD_BYTES + 1).fill(0x20);
    expect(decode('state', huge)).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
    expect(decode('state', 'é'.repeat(MAX_PAYLOAD_BYTES / 2 + 1))).toMatchObject({
      ok: false,
      error: { code: 'payload_too_large' },
    });
  });

  it.each([
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), 'invalid_utf8', undefined],
    ['not JSON', text.encode('{"v":1,'), 'invalid_json', undefined],
    ['an array', json([1, 2]), 'not_an_object', undefined],
    ['null', json(null), 'not_an_object', undefined],
    ['another version', json({ ...state, v: 2 }), 'unsupported_version', 'v'],
    ['no version', json({ ...state, v: undefined }), 'unsupported_version', 'v'],
    ['an unknown type', json({ ...state, type: 'shadow' }), 'unknown_type', 'type'],
    ['a type of another channel', json(EXAMPLE_MESSAGES.birth), 'wrong_channel', 'type'],
    ['an unknown field', json({ ...state, extra: 1 }), 'unknown_field', 'extra'],
    [
      'an unknown nested field',
      json({ ...state, battery: { ...state.battery, temp: 3 } }),
      'unknown_field',
      'battery.temp',
    ],
    [
      'a bad nested field',
      json({ ...state, slots: [state.slots[0], { slot: 2, fingerprint: 'XYZ', version: 1 }] }),
      'invalid_field',
      'slots.1.fingerprint',
    ],
    ['a missing field', json({ ...state, bolt: undefined }), 'invalid_field', 'bolt'],
    ['a bad id', json({ ...state, id: 'short' }), 'invalid_field', 'id'],
    ['slots out of order', json({ ...state, slots: [...state.slots].reverse() }), 'invalid_field', 'slots'],
  ])('rejects %s', (_name, payload, code, field) => {
    const result = decode('state', payload);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.field).toBe(field);
      expect(result.error.detail.length).toBeGreaterThan(0);
    }
  });

  it('rejects an unknown event kind at field event', () => {
    const result = decode('event', json({ ...EXAMPLE_MESSAGES.eventFactoryReset, event: 'exploded' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_field', field: 'event' } });
  });

  it('enforces slot iff keypad on unlocked events', () => {
    const bad = { ...EXAMPLE_MESSAGES.eventUnlockedKeypad, slot: null };
    expect(decode('event', json(bad))).toMatchObject({
      ok: false,
      error: { code: 'invalid_field', field: 'slot' },
    });
  });

  it('rejects a command on a device channel and a device message on cmd', () => {
    expect(decode('ack', json(EXAMPLE_MESSAGES.unlock))).toMatchObject({
      ok: false,
      error: { code: 'wrong_channel' },
    });
    expect(decode('cmd', json(EXAMPLE_MESSAGES.ackApplied))).toMatchObject({
      ok: false,
      error: { code: 'wrong_channel' },
    });
  });

  it('treats __proto__ as an unknown field rather than polluting anything', () => {
    const payload = '{"__proto__":{"polluted":true},' + JSON.stringify(EXAMPLE_MESSAGES.lock).slice(1);
    expect(decode('cmd', payload)).toMatchObject({
      ok: false,
      error: { code: 'unknown_field', field: '__proto__' },
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('decodeFromTopic', () => {
  it('returns the device id, channel and message', () => {
    const result = decodeFromTopic(topics.ack('lock-7'), encode(EXAMPLE_MESSAGES.ackRejected));
    expect(result).toEqual({
      ok: true,
      received: {
        deviceId: 'lock-7',
        channel: 'ack',
        direction: 'device_to_cloud',
        message: EXAMPLE_MESSAGES.ackRejected,
      },
    });
  });
  it('reports topic errors first', () => {
    expect(decodeFromTopic('lockstep/v1/lock-7/nope', '{}')).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
  });
});

describe('size limits', () => {
  it('fits the largest state report (250 slots, every field at its longest) within MAX_PAYLOAD_BYTES', () => {
    const slots = Array.from({ length: 250 }, (_, index) => ({
      slot: index + 1,
      fingerprint: 'f'.repeat(32),
      version: 0xffff_ffff,
    }));
    const state: TMessage = {
      ...EXAMPLE_MESSAGES.state,
      id: 'x'.repeat(36),
      commandId: 'y'.repeat(36),
      slots,
      desiredVersion: 0xffff_ffff,
      autoLockVersion: 0xffff_ffff,
      lockoutUntil: 8_640_000_000_000_000,
    };
    expect(encode(state).byteLength).toBeLessThan(MAX_PAYLOAD_BYTES);
  });

  it('fits every command at its longest within MAX_COMMAND_BYTES, and refuses larger ones unparsed', () => {
    const longest: TMessage = {
      ...EXAMPLE_MESSAGES.setCode,
      id: 'x'.repeat(36),
      ts: 8_640_000_000_000_000,
      commandId: 'y'.repeat(36),
      desiredVersion: 0xffff_ffff,
      slot: 250,
      notAfter: 8_640_000_000_000_000,
    };
    expect(encode(longest).byteLength).toBeLessThan(MAX_COMMAND_BYTES / 2);
    expect(maxPayloadBytes('cmd')).toBe(MAX_COMMAND_BYTES);
    expect(decode('cmd', ' '.repeat(MAX_COMMAND_BYTES + 1))).toMatchObject({
      ok: false,
      error: { code: 'payload_too_large' },
    });
  });
});
