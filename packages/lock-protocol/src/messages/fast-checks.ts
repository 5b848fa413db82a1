import { MESSAGE_ID_PATTERN, PROTOCOL_VERSION } from '../constants.js';
import { JamCause } from '../faults.js';
import { BoltOperation, EventKind, LockMethod, UnlockMethod } from './events.js';
import { MessageType } from './message-type.js';

/**
 * Allocation-free checks that a freshly JSON-parsed value is a valid `telemetry` or `event` message:
 * the two types that make up nearly all device traffic, decoded on every message the cloud receives.
 *
 * A check returns true only for values its zod schema (ZTelemetryMessageSchema, ZEventMessageSchema)
 * accepts unchanged, so `decode` may return the parsed value itself instead of zod's copy; on false
 * `decode` runs the zod schema, which then produces the same acceptance or the same coded error as
 * ever. A check may be stricter than its schema (that only costs speed), never looser: the property
 * tests in codec-fast-path.spec.ts compare both paths on valid and mutated messages.
 */
type Check = (value: unknown) => boolean;

const int =
  (min: number, max: number): Check =>
  (value) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;

const nullable =
  (check: Check): Check =>
  (value) =>
    value === null || check(value);

const oneOf = (...allowed: readonly string[]): Check => {
  const set = new Set(allowed);
  return (value) => typeof value === 'string' && set.has(value);
};

const matches =
  (pattern: RegExp): Check =>
  (value) =>
    typeof value === 'string' && pattern.test(value);

const exactly =
  (expected: unknown): Check =>
  (value) =>
    value === expected;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A strict object: exactly these keys (no more, none missing), each passing its check. */
function strict(shape: Record<string, Check>, refine?: (value: Record<string, unknown>) => boolean): Check {
  const keys = Object.keys(shape);
  const checks = keys.map((key) => shape[key] as Check);
  return (value) => {
    if (!isObject(value)) return false;
    let count = 0;
    for (const key in value) {
      if (!Object.hasOwn(shape, key) || !Object.hasOwn(value, key)) return false;
      count++;
    }
    if (count !== keys.length) return false;
    for (let i = 0; i < keys.length; i++) {
      if (!(checks[i] as Check)(value[keys[i] as string])) return false;
    }
    return refine === undefined || refine(value);
  };
}

const messageId = matches(MESSAGE_ID_PATTERN);
const timestamp = int(0, 8_640_000_000_000_000);
const slot = int(1, 250);
const battery = strict({ percent: int(0, 100), millivolts: int(0, 20_000) });

const envelope = (type: string) => ({
  v: exactly(PROTOCOL_VERSION),
  type: exactly(type),
  id: messageId,
  ts: timestamp,
});
const eventEnvelope = (kind: string) => ({ ...envelope(MessageType.Event), event: exactly(kind) });

const EVENT_CHECKS: Record<string, Check> = {
  [EventKind.Unlocked]: strict(
    {
      ...eventEnvelope(EventKind.Unlocked),
      method: oneOf(UnlockMethod.Keypad, UnlockMethod.Thumbturn, UnlockMethod.Remote),
      slot: nullable(slot),
      commandId: nullable(messageId),
    },
    (e) =>
      (e.method === UnlockMethod.Keypad) === (e.slot !== null) &&
      (e.method === UnlockMethod.Remote) === (e.commandId !== null),
  ),
  [EventKind.Locked]: strict(
    {
      ...eventEnvelope(EventKind.Locked),
      method: oneOf(LockMethod.Thumbturn, LockMethod.Remote, LockMethod.Autolock, LockMethod.LockButton),
      commandId: nullable(messageId),
    },
    (e) => (e.method === LockMethod.Remote) === (e.commandId !== null),
  ),
  [EventKind.WrongCode]: strict({ ...eventEnvelope(EventKind.WrongCode), attempt: int(1, 20) }),
  [EventKind.KeypadLockout]: strict({
    ...eventEnvelope(EventKind.KeypadLockout),
    attempts: int(1, 20),
    durationSeconds: int(1, 3600),
    until: timestamp,
  }),
  [EventKind.BatteryLow]: strict({ ...eventEnvelope(EventKind.BatteryLow), battery }),
  [EventKind.Jammed]: strict({
    ...eventEnvelope(EventKind.Jammed),
    operation: oneOf(BoltOperation.Lock, BoltOperation.Unlock),
    suspectedCause: nullable(
      oneOf(
        JamCause.MountingPlatePressure,
        JamCause.ClutchDisengaged,
        JamCause.DoorHoleMisaligned,
        JamCause.LowBattery,
      ),
    ),
  }),
  [EventKind.CodeProgrammedLocally]: strict({
    ...eventEnvelope(EventKind.CodeProgrammedLocally),
    slot,
    fingerprint: matches(/^[0-9a-f]{32}$/),
  }),
  [EventKind.FactoryReset]: strict(eventEnvelope(EventKind.FactoryReset)),
};

/** Fast checks per message type; types without one always go through zod. */
export const FAST_CHECKS: Partial<Record<string, Check>> = {
  [MessageType.Telemetry]: strict({
    ...envelope(MessageType.Telemetry),
    battery,
    rssiDbm: nullable(int(-127, 0)),
    uptimeSeconds: int(0, 0xffff_ffff),
  }),
  [MessageType.Event]: (value) => {
    if (!isObject(value) || typeof value.event !== 'string' || !Object.hasOwn(EVENT_CHECKS, value.event)) {
      return false;
    }
    return (EVENT_CHECKS[value.event] as Check)(value);
  },
};
