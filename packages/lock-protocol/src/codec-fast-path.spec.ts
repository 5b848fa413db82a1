import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, parseMessage } from './codec.js';
import { EXAMPLE_MESSAGES } from './examples.js';
import { JamCause } from './faults.js';
import { BoltOperation, EventKind, LockMethod, UnlockMethod } from './messages/events.js';
import { FAST_CHECKS } from './messages/fast-checks.js';
import { Channel } from './topics.js';

/**
 * `decode` takes a shortcut for telemetry and events (messages/fast-checks.ts) and returns the parsed
 * value without zod. These properties hold it to the zod schemas: on valid messages and on mutated
 * ones (a key dropped or added, a value swapped for an edge or a wrong type, a refinement broken),
 * decode gives exactly what the zod-only `parseMessage` gives — the same message, or the same code,
 * field and detail.
 */

type Json = Record<string, unknown>;

const safeInt = (min: number, max: number) =>
  fc.oneof(
    fc.constantFrom(min, max),
    fc.integer({ min: Math.max(min, -1_000), max: Math.min(max, 1_000) }),
    fc.double({ min, max, noNaN: true }).map(Math.round),
  );
const id = fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9_-]{16,36}$/));
const ts = safeInt(0, 8_640_000_000_000_000);
const battery = fc.record({ percent: safeInt(0, 100), millivolts: safeInt(0, 20_000) });
const slot = safeInt(1, 250);
const envelope = (type: string) => ({ v: fc.constant(1), type: fc.constant(type), id, ts });
const eventOf = (kind: string, fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record({ ...envelope('event'), event: fc.constant(kind), ...fields });

const telemetry: fc.Arbitrary<Json> = fc.record({
  ...envelope('telemetry'),
  battery,
  rssiDbm: fc.option(safeInt(-127, 0), { nil: null }),
  uptimeSeconds: safeInt(0, 0xffff_ffff),
});

const event: fc.Arbitrary<Json> = fc.oneof(
  fc
    .record({
      ...envelope('event'),
      event: fc.constant(EventKind.Unlocked),
      method: fc.constantFrom(UnlockMethod.Keypad, UnlockMethod.Thumbturn, UnlockMethod.Remote),
      slot,
      commandId: id,
    })
    .map((e) => ({
      ...e,
      slot: e.method === UnlockMethod.Keypad ? e.slot : null,
      commandId: e.method === UnlockMethod.Remote ? e.commandId : null,
    })),
  fc
    .record({
      ...envelope('event'),
      event: fc.constant(EventKind.Locked),
      method: fc.constantFrom(...Object.values(LockMethod)),
      commandId: id,
    })
    .map((e) => ({ ...e, commandId: e.method === LockMethod.Remote ? e.commandId : null })),
  eventOf(EventKind.WrongCode, { attempt: safeInt(1, 20) }),
  eventOf(EventKind.KeypadLockout, {
    attempts: safeInt(1, 20),
    durationSeconds: safeInt(1, 3600),
    until: ts,
  }),
  eventOf(EventKind.BatteryLow, { battery }),
  eventOf(EventKind.Jammed, {
    operation: fc.constantFrom(...Object.values(BoltOperation)),
    suspectedCause: fc.option(fc.constantFrom(...Object.values(JamCause)), { nil: null }),
  }),
  eventOf(EventKind.CodeProgrammedLocally, { slot, fingerprint: fc.stringMatching(/^[0-9a-f]{32}$/) }),
  eventOf(EventKind.FactoryReset, {}),
);

/** Values that sit on or just past an edge, or have the wrong type. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    -1,
    0,
    1,
    1.5,
    -0.5,
    20,
    21,
    100,
    101,
    250,
    251,
    -127,
    -128,
    3600,
    3601,
    20_000,
    20_001,
    0xffff_ffff,
    0x1_0000_0000,
    2 ** 53,
    -(2 ** 53),
    8_640_000_000_000_001,
    1e300,
    '',
    '1',
    'keypad',
    'remote',
    'lock',
    'low_battery',
    'unlocked',
    'telemetry',
    'a'.repeat(15),
    'a'.repeat(37),
    '0'.repeat(32),
    'A'.repeat(32),
    null,
    true,
    false,
    [],
    {},
    [1],
    { percent: 1 },
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Own-property assignment, so that even `__proto__` becomes a key of the JSON text. */
function put(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

type Mutation = (m: Json) => void;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((n): Mutation => (m) => {
    const keys = Object.keys(m);
    delete m[keys[n % keys.length] as string];
  }),
  fc.tuple(fc.constantFrom('extra', '__proto__', 'constructor', 'toString', 'slot', 'method'), oddValue).map(
    ([key, value]): Mutation =>
      (m) =>
        put(m, key, value),
  ),
  fc.tuple(fc.nat(), oddValue).map(([n, value]): Mutation => (m) => {
    const keys = Object.keys(m);
    put(m, keys[n % keys.length] as string, value);
  }),
  fc
    .tuple(fc.constantFrom('percent', 'millivolts', 'extra'), oddValue)
    .map(([key, value]): Mutation => (m) => {
      if (typeof m.battery === 'object' && m.battery !== null) put(m.battery as Json, key, value);
      else put(m, 'battery', { [key]: value });
    }),
  fc.constantFrom(...Object.values(EventKind)).map(
    (kind): Mutation =>
      (m) =>
        put(m, 'event', kind),
  ),
);

const mutated = (valid: fc.Arbitrary<Json>) =>
  fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([m, mutations]) => {
    const copy = JSON.parse(JSON.stringify(m)) as Json;
    for (const mutate of mutations) mutate(copy);
    return JSON.stringify(copy);
  });

/** decode (fast path allowed) against parseMessage (zod only) on the same JSON text. */
function agrees(channel: typeof Channel.Telemetry | typeof Channel.Event, text: string): void {
  expect(decode(channel, text)).toEqual(parseMessage(channel, JSON.parse(text)));
}

describe('decode fast path for telemetry and events', () => {
  it('takes the fast path for every valid telemetry and event message, with zod’s result', () => {
    fc.assert(
      fc.property(telemetry, (m) => {
        expect(FAST_CHECKS.telemetry?.(JSON.parse(JSON.stringify(m)))).toBe(true);
        agrees(Channel.Telemetry, JSON.stringify(m));
      }),
      { numRuns: 2_000 },
    );
    fc.assert(
      fc.property(event, (m) => {
        expect(FAST_CHECKS.event?.(JSON.parse(JSON.stringify(m)))).toBe(true);
        agrees(Channel.Event, JSON.stringify(m));
      }),
      { numRuns: 4_000 },
    );
  });

  it('the protocol examples take it too', () => {
    const examples = Object.values(EXAMPLE_MESSAGES).filter(
      (m) => m.type === 'telemetry' || m.type === 'event',
    );
    expect(examples.length).toBeGreaterThan(5);
    for (const m of examples) {
      expect(FAST_CHECKS[m.type]?.(JSON.parse(JSON.stringify(m))), JSON.stringify(m)).toBe(true);
    }
  });

  it('gives exactly zod’s acceptance or error (code, field, detail) on mutated messages', () => {
    fc.assert(
      fc.property(mutated(telemetry), (text) => agrees(Channel.Telemetry, text)),
      {
        numRuns: 10_000,
      },
    );
    fc.assert(
      fc.property(mutated(event), (text) => agrees(Channel.Event, text)),
      { numRuns: 20_000 },
    );
  });

  it('a telemetry message on the event channel (or the reverse) is still wrong_channel', () => {
    fc.assert(
      fc.property(telemetry, event, (t, e) => {
        expect(decode(Channel.Event, JSON.stringify(t))).toMatchObject({
          ok: false,
          error: { code: 'wrong_channel' },
        });
        expect(decode(Channel.Telemetry, JSON.stringify(e))).toMatchObject({
          ok: false,
          error: { code: 'wrong_channel' },
        });
      }),
    );
  });
});
