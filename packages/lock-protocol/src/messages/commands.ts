import { z } from 'zod';
import { ZPinEnvelopeSchema } from '../pin-envelope.js';
import {
  envelopeFields,
  ZDesiredVersionSchema,
  ZMessageIdSchema,
  ZSlotSchema,
  ZTimestampSchema,
} from './common.js';
import { MessageType, type TCommandType } from './message-type.js';

/**
 * Fields every command carries after the envelope. `commandId` is the idempotency key: a retry of the
 * same command reuses it (with a new message `id`). `desiredVersion` orders commands per target; see
 * PROTOCOL.md §Command rules.
 */
function commandFields<T extends TCommandType>(type: T) {
  return {
    ...envelopeFields(type),
    commandId: ZMessageIdSchema,
    /** Desired-state version this command moves the lock to; ≥ 1, never reused for another command on the same target. */
    desiredVersion: ZDesiredVersionSchema.min(1),
  };
}

/**
 * `set_code`: install the PIN in `slot` (replacing any code there). `notAfter` is the end of the code's
 * window: a lock whose clock is past it refuses with `expired`, so a redelivery after the window ended
 * can never install the code late.
 */
export const ZSetCodeCommandSchema = z.strictObject({
  ...commandFields(MessageType.SetCode),
  slot: ZSlotSchema,
  pin: ZPinEnvelopeSchema,
  notAfter: ZTimestampSchema,
});
export type TSetCodeCommand = z.infer<typeof ZSetCodeCommandSchema>;

/** `clear_slot`: remove the code in `slot`. Never expires: a late revocation is still a revocation. */
export const ZClearSlotCommandSchema = z.strictObject({
  ...commandFields(MessageType.ClearSlot),
  slot: ZSlotSchema,
});
export type TClearSlotCommand = z.infer<typeof ZClearSlotCommandSchema>;

/** `lock`: extend the bolt. Refused after `notAfter`, so a redelivered command cannot move the bolt later. */
export const ZLockCommandSchema = z.strictObject({
  ...commandFields(MessageType.Lock),
  notAfter: ZTimestampSchema,
});
export type TLockCommand = z.infer<typeof ZLockCommandSchema>;

/** `unlock`: retract the bolt (free the lever). Refused after `notAfter`: an hour-old unlock must not open a door. */
export const ZUnlockCommandSchema = z.strictObject({
  ...commandFields(MessageType.Unlock),
  notAfter: ZTimestampSchema,
});
export type TUnlockCommand = z.infer<typeof ZUnlockCommandSchema>;

/** `set_auto_lock`: 0 turns auto-lock off; any other value must be one of the profile's `autoLockOptions`. */
export const ZSetAutoLockCommandSchema = z.strictObject({
  ...commandFields(MessageType.SetAutoLock),
  autoLockSeconds: z.int().min(0).max(3600),
});
export type TSetAutoLockCommand = z.infer<typeof ZSetAutoLockCommandSchema>;

/** `request_state`: answer with a `state` report (`reason: request`, `commandId` set). Changes nothing. */
export const ZRequestStateCommandSchema = z.strictObject({
  ...commandFields(MessageType.RequestState),
});
export type TRequestStateCommand = z.infer<typeof ZRequestStateCommandSchema>;

/** Any cloud → device message (all travel on `cmd`), discriminated by `type`. */
export const ZCommandSchema = z.discriminatedUnion('type', [
  ZSetCodeCommandSchema,
  ZClearSlotCommandSchema,
  ZLockCommandSchema,
  ZUnlockCommandSchema,
  ZSetAutoLockCommandSchema,
  ZRequestStateCommandSchema,
]);
export type TCommand = z.infer<typeof ZCommandSchema>;
