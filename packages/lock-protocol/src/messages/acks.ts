import { z } from 'zod';
import { envelopeFields, ZDesiredVersionSchema, ZMessageIdSchema } from './common.js';
import { MessageType } from './message-type.js';

/** Why a lock refused a command. Wire values, stable across firmware versions. */
export const RejectReason = {
  /** The new code has the same button sequence as another code on the lock. */
  ConflictEqual: 'conflict_equal',
  /** The new code's button sequence is a prefix of another code's, or starts with one. */
  ConflictPrefix: 'conflict_prefix',
  /** The PIN breaks a code rule (digits, length, weak pattern); `detail` gives the rule. */
  InvalidCode: 'invalid_code',
  /** The slot does not exist on this model. */
  SlotOutOfRange: 'slot_out_of_range',
  /** The lock already applied a newer command to the same target. */
  StaleCommand: 'stale_command',
  /** The lock's clock is past the command's `notAfter`. */
  Expired: 'expired',
  /** The PIN envelope did not open with the lock's key and this command id. */
  DecryptFailed: 'decrypt_failed',
  /** The bolt is jammed; the bolt command could not run. */
  Jammed: 'jammed',
  /** The battery is too weak to run the motor. */
  BatteryDead: 'battery_dead',
  /** The model lacks the feature (e.g. `set_auto_lock` on a lever set) or the value. */
  Unsupported: 'unsupported',
  /** The lock is busy (motor running, local programming in progress); the cloud retries. */
  Busy: 'busy',
  /** Clearing the slot would leave the lock with no code, which disables the keypad (DESIGN §2). */
  WouldLeaveNoCode: 'would_leave_no_code',
} as const;
export type TRejectReason = (typeof RejectReason)[keyof typeof RejectReason];

/** Outcome of a command. */
export const AckResult = { Applied: 'applied', Rejected: 'rejected' } as const;
export type TAckResult = (typeof AckResult)[keyof typeof AckResult];

/**
 * `ack` with `applied`: the command has taken effect (or had already: a redelivery is acked `applied`
 * again without acting twice). `desiredVersion` is the highest version the lock now holds.
 */
export const ZAppliedAckSchema = z.strictObject({
  ...envelopeFields(MessageType.Ack),
  result: z.literal(AckResult.Applied),
  commandId: ZMessageIdSchema,
  desiredVersion: ZDesiredVersionSchema,
});
export type TAppliedAck = z.infer<typeof ZAppliedAckSchema>;

/** `ack` with `rejected`: the command had no effect; `reason` says why. */
export const ZRejectedAckSchema = z.strictObject({
  ...envelopeFields(MessageType.Ack),
  result: z.literal(AckResult.Rejected),
  commandId: ZMessageIdSchema,
  desiredVersion: ZDesiredVersionSchema,
  reason: z.enum(Object.values(RejectReason) as [TRejectReason, ...TRejectReason[]]),
  /** Human-readable detail for logs (never a code); null when there is nothing to add. */
  detail: z.string().max(200).nullable(),
});
export type TRejectedAck = z.infer<typeof ZRejectedAckSchema>;

/** `ack` (device → cloud, `ack` channel, QoS 1), discriminated by `result`. */
export const ZAckMessageSchema = z.discriminatedUnion('result', [ZAppliedAckSchema, ZRejectedAckSchema]);
export type TAckMessage = z.infer<typeof ZAckMessageSchema>;
