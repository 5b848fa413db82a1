import { z } from 'zod';
import { JamCause } from '../faults.js';
import {
  envelopeFields,
  ZBatterySchema,
  ZFingerprintSchema,
  ZMessageIdSchema,
  ZSlotSchema,
  ZTimestampSchema,
} from './common.js';
import { MessageType } from './message-type.js';

/** Every `event` value of an `event` message. */
export const EventKind = {
  Unlocked: 'unlocked',
  Locked: 'locked',
  WrongCode: 'wrong_code',
  KeypadLockout: 'keypad_lockout',
  BatteryLow: 'battery_low',
  Jammed: 'jammed',
  CodeProgrammedLocally: 'code_programmed_locally',
  FactoryReset: 'factory_reset',
} as const;
export type TEventKind = (typeof EventKind)[keyof typeof EventKind];

/** How the bolt was retracted (or, on a lever set, the lever freed). */
export const UnlockMethod = {
  Keypad: 'keypad',
  Thumbturn: 'thumbturn',
  Remote: 'remote',
} as const;
export type TUnlockMethod = (typeof UnlockMethod)[keyof typeof UnlockMethod];

/** How the bolt was extended. */
export const LockMethod = {
  Thumbturn: 'thumbturn',
  Remote: 'remote',
  /** Auto-lock timer (or a lever set relocking by itself). */
  Autolock: 'autolock',
  /** The exterior lock button. */
  LockButton: 'lock_button',
} as const;
export type TLockMethod = (typeof LockMethod)[keyof typeof LockMethod];

function eventFields<K extends TEventKind>(kind: K) {
  return { ...envelopeFields(MessageType.Event), event: z.literal(kind) };
}

/** `unlocked`: `slot` is the slot whose code matched (keypad only); `commandId` the `unlock` command (remote only). */
export const ZUnlockedEventSchema = z
  .strictObject({
    ...eventFields(EventKind.Unlocked),
    method: z.enum([UnlockMethod.Keypad, UnlockMethod.Thumbturn, UnlockMethod.Remote]),
    slot: ZSlotSchema.nullable(),
    commandId: ZMessageIdSchema.nullable(),
  })
  .refine((event) => (event.method === UnlockMethod.Keypad) === (event.slot !== null), {
    path: ['slot'],
    message: 'slot is set exactly when method is keypad',
  })
  .refine((event) => (event.method === UnlockMethod.Remote) === (event.commandId !== null), {
    path: ['commandId'],
    message: 'commandId is set exactly when method is remote',
  });
export type TUnlockedEvent = z.infer<typeof ZUnlockedEventSchema>;

/** `locked`: `commandId` is the `lock` command when method is remote, else null. */
export const ZLockedEventSchema = z
  .strictObject({
    ...eventFields(EventKind.Locked),
    method: z.enum([LockMethod.Thumbturn, LockMethod.Remote, LockMethod.Autolock, LockMethod.LockButton]),
    commandId: ZMessageIdSchema.nullable(),
  })
  .refine((event) => (event.method === LockMethod.Remote) === (event.commandId !== null), {
    path: ['commandId'],
    message: 'commandId is set exactly when method is remote',
  });
export type TLockedEvent = z.infer<typeof ZLockedEventSchema>;

/** `wrong_code`: a code matched no slot. The entered digits are never sent. */
export const ZWrongCodeEventSchema = z.strictObject({
  ...eventFields(EventKind.WrongCode),
  /** Consecutive wrong codes so far, this one included (1..lockout attempts). */
  attempt: z.int().min(1).max(20),
});
export type TWrongCodeEvent = z.infer<typeof ZWrongCodeEventSchema>;

/** `keypad_lockout`: too many wrong codes; the keypad ignores input until `until`. */
export const ZKeypadLockoutEventSchema = z.strictObject({
  ...eventFields(EventKind.KeypadLockout),
  attempts: z.int().min(1).max(20),
  durationSeconds: z.int().min(1).max(3600),
  until: ZTimestampSchema,
});
export type TKeypadLockoutEvent = z.infer<typeof ZKeypadLockoutEventSchema>;

/** `battery_low`: the lock has started flashing red (DESIGN §2); it keeps working for a while. */
export const ZBatteryLowEventSchema = z.strictObject({
  ...eventFields(EventKind.BatteryLow),
  battery: ZBatterySchema,
});
export type TBatteryLowEvent = z.infer<typeof ZBatteryLowEventSchema>;

/** Bolt operations that can stall. */
export const BoltOperation = { Lock: 'lock', Unlock: 'unlock' } as const;
export type TBoltOperation = (typeof BoltOperation)[keyof typeof BoltOperation];

/** `jammed`: the motor stalled during `operation`; `suspectedCause` where the firmware can tell, else null. */
export const ZJammedEventSchema = z.strictObject({
  ...eventFields(EventKind.Jammed),
  operation: z.enum([BoltOperation.Lock, BoltOperation.Unlock]),
  suspectedCause: z
    .enum([
      JamCause.MountingPlatePressure,
      JamCause.ClutchDisengaged,
      JamCause.DoorHoleMisaligned,
      JamCause.LowBattery,
    ])
    .nullable(),
});
export type TJammedEvent = z.infer<typeof ZJammedEventSchema>;

/**
 * `code_programmed_locally`: someone used the program button. `fingerprint` is the new code's, so the
 * cloud flags `modified_on_device` without waiting for a state report. The slot's version is unchanged.
 */
export const ZCodeProgrammedLocallyEventSchema = z.strictObject({
  ...eventFields(EventKind.CodeProgrammedLocally),
  slot: ZSlotSchema,
  fingerprint: ZFingerprintSchema,
});
export type TCodeProgrammedLocallyEvent = z.infer<typeof ZCodeProgrammedLocallyEventSchema>;

/** `factory_reset`: codes, settings and all versions were cleared; keys and identity survive. */
export const ZFactoryResetEventSchema = z.strictObject({
  ...eventFields(EventKind.FactoryReset),
});
export type TFactoryResetEvent = z.infer<typeof ZFactoryResetEventSchema>;

/** `event` (device → cloud, `event` channel, QoS 1): one of the kinds above, discriminated by `event`. */
export const ZEventMessageSchema = z.discriminatedUnion('event', [
  ZUnlockedEventSchema,
  ZLockedEventSchema,
  ZWrongCodeEventSchema,
  ZKeypadLockoutEventSchema,
  ZBatteryLowEventSchema,
  ZJammedEventSchema,
  ZCodeProgrammedLocallyEventSchema,
  ZFactoryResetEventSchema,
]);
export type TEventMessage = z.infer<typeof ZEventMessageSchema>;
