import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64UrlDecode, base64UrlEncode } from './base64url.js';
import { decode, encode } from './codec.js';
import { EXAMPLE_MESSAGES } from './examples.js';
import {
  buttonSequence,
  checkAgainst,
  findConflict,
  generateCode,
  pairMate,
  validateCode,
} from './keypad.js';
import { type TMessage, channelOf } from './messages/message-unions.js';
import { ALL_CHANNELS, parseTopic } from './topics.js';
import { SEED_MODEL_PROFILE, type TCapabilityProfile } from './profiles.js';
import { type TRandomSource } from './random-source.js';

/**
 * Property-based tests for the rules the issue names: pair-mate swaps, conflict symmetry, generated
 * codes never conflicting, decode ∘ encode = id for every message type, and decode never throwing.
 */

const digit = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
const digits = (min: number, max: number) =>
  fc.array(digit, { minLength: min, maxLength: max }).map((chars) => chars.join(''));
const code = digits(4, 8);

/** A random source driven by fast-check, so failures shrink and replay. */
const randomSource = fc.infiniteStream(fc.integer({ min: 0, max: 255 })).map((stream): TRandomSource => {
  const iterator = stream[Symbol.iterator]();
  return (target) => {
    for (let i = 0; i < target.length; i++) target[i] = iterator.next().value as number;
    return target;
  };
});

describe('keypad properties', () => {
  it('swapping any digits for their pair-mates never changes the button sequence', () => {
    fc.assert(
      fc.property(
        digits(0, 16),
        fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
        (original, swaps) => {
          const swapped = [...original].map((d, i) => (swaps[i] === true ? pairMate(d) : d)).join('');
          expect(buttonSequence(swapped)).toBe(buttonSequence(original));
          expect(findConflict(original, swapped) ?? 'equal').toBe('equal');
        },
      ),
    );
  });

  it('findConflict is symmetric', () => {
    fc.assert(
      fc.property(digits(1, 10), digits(1, 10), (a, b) => {
        expect(findConflict(a, b)).toBe(findConflict(b, a));
      }),
    );
  });

  it('every proper extension of a code is a prefix conflict, at button level', () => {
    fc.assert(
      fc.property(digits(1, 8), digits(1, 8), fc.boolean(), (a, extension, mate) => {
        const base = mate ? [...a].map(pairMate).join('') : a;
        expect(findConflict(a, base + extension)).toBe('prefix');
      }),
    );
  });

  it('findConflict is equal exactly when button sequences are equal', () => {
    fc.assert(
      fc.property(digits(1, 8), digits(1, 8), (a, b) => {
        expect(findConflict(a, b) === 'equal').toBe(buttonSequence(a) === buttonSequence(b));
      }),
    );
  });

  it('generated codes pass the rules and conflict with none of the given codes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 8 }),
        fc.array(code, { maxLength: 29 }),
        randomSource,
        (length, existing, random) => {
          const generated = generateCode(length, existing, random);
          expect(generated).toHaveLength(length);
          expect(validateCode(generated).ok).toBe(true);
          for (const other of existing) expect(findConflict(generated, other)).toBeNull();
          expect(checkAgainst(generated, existing).ok).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('checkAgainst accepts a candidate exactly when the rules pass and no code conflicts', () => {
    fc.assert(
      fc.property(code, fc.array(code, { maxLength: 5 }), (candidate, existing) => {
        const expected =
          validateCode(candidate).ok && existing.every((other) => findConflict(candidate, other) === null);
        expect(checkAgainst(candidate, existing).ok).toBe(expected);
      }),
    );
  });
});

describe('base64url', () => {
  it('round-trips any bytes and has exactly one encoding per byte string', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = base64UrlEncode(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(base64UrlDecode(text)).toEqual(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      }),
    );
  });
});

// ---- message arbitraries: one per message shape, within every schema constraint --------------------

const id = fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9_-]{16,36}$/));
const ts = fc.integer({ min: 0, max: 8_640_000_000_000_000 });
const version = fc.integer({ min: 0, max: 0xffff_ffff });
const commandVersion = fc.integer({ min: 1, max: 0xffff_ffff });
const slot = fc.integer({ min: 1, max: 250 });
const fingerprint = fc.stringMatching(/^[0-9a-f]{32}$/);
const b64 = (chars: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9_-]{${chars}}$`));
const battery = fc.record({
  percent: fc.integer({ min: 0, max: 100 }),
  millivolts: fc.integer({ min: 0, max: 20_000 }),
});
const envelope = { v: fc.constant(1 as const), id, ts };

const messageArbitraries: Record<string, fc.Arbitrary<TMessage>> = {
  birth: fc.record({
    ...envelope,
    type: fc.constant('birth' as const),
    session: id,
    model: fc.constant(SEED_MODEL_PROFILE.model),
    firmware: fc.stringMatching(/^[0-9A-Za-z.+_-]{1,32}$/),
    profile: fc.constant<TCapabilityProfile>({
      ...SEED_MODEL_PROFILE,
      autoLockOptions: [0, 30],
      features: [...SEED_MODEL_PROFILE.features],
    }),
    publicKey: b64(43),
  }),
  state: fc.record({
    ...envelope,
    type: fc.constant('state' as const),
    reason: fc.constantFrom('connect' as const, 'request' as const, 'change' as const, 'periodic' as const),
    commandId: fc.option(id, { nil: null }),
    slots: fc
      .array(fc.record({ fingerprint: fc.option(fingerprint, { nil: null }), version }), {
        minLength: 1,
        maxLength: 30,
      })
      .map((entries) => entries.map((entry, index) => ({ slot: index + 1, ...entry }))),
    bolt: fc.constantFrom('locked' as const, 'unlocked' as const, 'jammed' as const, 'moving' as const),
    autoLockSeconds: fc.constantFrom(0, 30),
    battery,
    desiredVersion: version,
    autoLockVersion: version,
    lockoutUntil: fc.option(ts, { nil: null }),
  }),
  telemetry: fc.record({
    ...envelope,
    type: fc.constant('telemetry' as const),
    battery,
    rssiDbm: fc.option(fc.integer({ min: -127, max: 0 }), { nil: null }),
    uptimeSeconds: fc.integer({ min: 0, max: 0xffff_ffff }),
  }),
  presence: fc.record({
    ...envelope,
    type: fc.constant('presence' as const),
    status: fc.constantFrom('online' as const, 'offline' as const),
    session: id,
  }),
  unlocked: fc.oneof(
    fc.record({
      ...envelope,
      type: fc.constant('event' as const),
      event: fc.constant('unlocked' as const),
      method: fc.constant('keypad' as const),
      slot,
      commandId: fc.constant(null),
    }),
    fc.record({
      ...envelope,
      type: fc.constant('event' as const),
      event: fc.constant('unlocked' as const),
      method: fc.constant('thumbturn' as const),
      slot: fc.constant(null),
      commandId: fc.constant(null),
    }),
    fc.record({
      ...envelope,
      type: fc.constant('event' as const),
      event: fc.constant('unlocked' as const),
      method: fc.constant('remote' as const),
      slot: fc.constant(null),
      commandId: id,
    }),
  ),
  locked: fc.oneof(
    fc.record({
      ...envelope,
      type: fc.constant('event' as const),
      event: fc.constant('locked' as const),
      method: fc.constantFrom('thumbturn' as const, 'autolock' as const, 'lock_button' as const),
      commandId: fc.constant(null),
    }),
    fc.record({
      ...envelope,
      type: fc.constant('event' as const),
      event: fc.constant('locked' as const),
      method: fc.constant('remote' as const),
      commandId: id,
    }),
  ),
  wrongCode: fc.record({
    ...envelope,
    type: fc.constant('event' as const),
    event: fc.constant('wrong_code' as const),
    attempt: fc.integer({ min: 1, max: 20 }),
  }),
  lockout: fc.record({
    ...envelope,
    type: fc.constant('event' as const),
    event: fc.constant('keypad_lockout' as const),
    attempts: fc.integer({ min: 1, max: 20 }),
    durationSeconds: fc.integer({ min: 1, max: 3600 }),
    until: ts,
  }),
  batteryLow: fc.record({
    ...envelope,
    type: fc.constant('event' as const),
    event: fc.constant('battery_low' as const),
    battery,
  }),
  jammed: fc.record({
    ...envelope,
    type: fc.constant('event' as const),
    event: fc.constant('jammed' as const),
    operation: fc.constantFrom('lock' as const, 'unlock' as const),
    suspectedCause: fc.constantFrom(
      'mounting_plate_pressure' as const,
      'clutch_disengaged' as const,
      'door_hole_misaligned' as const,
      'low_battery' as const,
      null,
    ),
  }),
  programmed: fc.record({
    ...envelope,
    type: fc.constant('event' as const),
    event: fc.constant('code_programmed_locally' as const),
    slot,
    fingerprint,
  }),
  reset: fc.record({
    ...envelope,
    type: fc.constant('event' as const),
    event: fc.constant('factory_reset' as const),
  }),
  applied: fc.record({
    ...envelope,
    type: fc.constant('ack' as const),
    result: fc.constant('applied' as const),
    commandId: id,
    desiredVersion: version,
  }),
  rejected: fc.record({
    ...envelope,
    type: fc.constant('ack' as const),
    result: fc.constant('rejected' as const),
    commandId: id,
    desiredVersion: version,
    reason: fc.constantFrom(
      'conflict_equal' as const,
      'conflict_prefix' as const,
      'invalid_code' as const,
      'slot_out_of_range' as const,
      'stale_command' as const,
      'expired' as const,
      'decrypt_failed' as const,
      'jammed' as const,
      'battery_dead' as const,
      'unsupported' as const,
      'busy' as const,
      'would_leave_no_code' as const,
    ),
    detail: fc.option(fc.string({ maxLength: 200 }), { nil: null }),
  }),
  setCode: fc.record({
    ...envelope,
    type: fc.constant('set_code' as const),
    commandId: id,
    desiredVersion: commandVersion,
    slot,
    pin: fc.record({
      alg: fc.constant('X25519-HKDF-SHA256-A256GCM' as const),
      epk: b64(43),
      iv: b64(16),
      ct: b64(43),
    }),
    notAfter: ts,
  }),
  clearSlot: fc.record({
    ...envelope,
    type: fc.constant('clear_slot' as const),
    commandId: id,
    desiredVersion: commandVersion,
    slot,
  }),
  lock: fc.record({
    ...envelope,
    type: fc.constant('lock' as const),
    commandId: id,
    desiredVersion: commandVersion,
    notAfter: ts,
  }),
  unlock: fc.record({
    ...envelope,
    type: fc.constant('unlock' as const),
    commandId: id,
    desiredVersion: commandVersion,
    notAfter: ts,
  }),
  setAutoLock: fc.record({
    ...envelope,
    type: fc.constant('set_auto_lock' as const),
    commandId: id,
    desiredVersion: commandVersion,
    autoLockSeconds: fc.integer({ min: 0, max: 3600 }),
  }),
  requestState: fc.record({
    ...envelope,
    type: fc.constant('request_state' as const),
    commandId: id,
    desiredVersion: commandVersion,
  }),
};

describe('codec properties', () => {
  it('covers every message type and event kind', () => {
    const covered = new Set(
      Object.values(messageArbitraries).flatMap((arbitrary) =>
        fc.sample(arbitrary, 5).map((m) => ('event' in m ? `event:${m.event}` : m.type)),
      ),
    );
    const expected = new Set(
      Object.values(EXAMPLE_MESSAGES).map((m: TMessage) => ('event' in m ? `event:${m.event}` : m.type)),
    );
    expect(covered).toEqual(expected);
  });

  it.each(Object.entries(messageArbitraries))('decode(encode(m)) = m for %s', (_name, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (message) => {
        expect(decode(channelOf(message.type), encode(message))).toEqual({ ok: true, message });
      }),
      { numRuns: 200 },
    );
  });

  const channel = fc.constantFrom(...ALL_CHANNELS);

  it('random bytes never make decode throw', () => {
    fc.assert(
      fc.property(channel, fc.uint8Array({ maxLength: 9000 }), (ch, bytes) => {
        const result = decode(ch, bytes);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('random JSON and random strings never make decode throw, and never pass as a message by accident', () => {
    fc.assert(
      fc.property(channel, fc.oneof(fc.json(), fc.string({ unit: 'binary' })), (ch, text) => {
        const result = decode(ch, text);
        if (!result.ok) expect(result.error.code).toMatch(/^[a-z_]+$/);
      }),
      { numRuns: 1000 },
    );
  });

  it('a valid message with one field replaced by any JSON value never makes decode throw', () => {
    const anyMessage = fc.oneof(...Object.values(messageArbitraries));
    fc.assert(
      fc.property(anyMessage, fc.nat(), fc.jsonValue(), (message, pick, value) => {
        const keys = Object.keys(message);
        const key = keys[pick % keys.length] ?? 'v';
        const mutated = { ...message, [key]: value };
        const result = decode(channelOf(message.type), JSON.stringify(mutated));
        if (!result.ok) expect(result.error.detail.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('parseTopic never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (topic) => {
        expect(typeof parseTopic(topic).ok).toBe('boolean');
      }),
    );
  });
});
