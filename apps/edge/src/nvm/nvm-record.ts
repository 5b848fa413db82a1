import {
  JamCause,
  ZDesiredVersionSchema,
  ZX25519PublicKeySchema,
  type TJamCause,
} from '@lockstep/lock-protocol';
import { z } from 'zod';

/**
 * What a lock keeps across a power cycle: its identity and keys (made at commissioning), its codes
 * (as button sequences: the lock never knew the digits), settings, and per target (slot, auto-lock,
 * bolt) the version of the last command it applied — what makes redelivered commands harmless.
 * `physical` is not memory but the simulated hardware's state that a real lock would also keep through
 * a restart (the bolt does not move, the battery does not recharge, a jam stays until fixed).
 */
export const NVM_FORMAT = 1;

const ZBase64Url32Schema = ZX25519PublicKeySchema;

export const ZNvmIdentitySchema = z.object({
  /** X25519 static key pair, base64url raw bytes; PIN envelopes are encrypted to the public key. */
  publicKey: ZBase64Url32Schema,
  privateKey: ZBase64Url32Schema,
  /** Per-device HMAC key for slot fingerprints; shared with the cloud at commissioning, never sent. */
  fingerprintKey: ZBase64Url32Schema,
  commissionedAt: z.int().min(0),
});
export type TNvmIdentity = z.infer<typeof ZNvmIdentitySchema>;

export const ZNvmSlotSchema = z.object({
  slot: z.int().min(1).max(250),
  /** Button sequence (`1`–`5` per press) of the stored code, or null for an empty slot. */
  buttons: z
    .string()
    .regex(/^[1-5]{1,16}$/)
    .nullable(),
  /** `desiredVersion` of the last command applied to this slot (0: none since factory reset). */
  version: ZDesiredVersionSchema,
});
export type TNvmSlot = z.infer<typeof ZNvmSlotSchema>;

const jamCauses = Object.values(JamCause) as [TJamCause, ...TJamCause[]];

export const ZNvmRecordSchema = z.object({
  format: z.literal(NVM_FORMAT),
  deviceId: z.string().min(1).max(64),
  model: z.string().min(1).max(64),
  identity: ZNvmIdentitySchema,
  slots: z.array(ZNvmSlotSchema).min(1).max(250),
  autoLockSeconds: z.int().min(0).max(3600),
  autoLockVersion: ZDesiredVersionSchema,
  /** Version of the last applied `lock`/`unlock`. */
  boltVersion: ZDesiredVersionSchema,
  /** Highest desired-state version applied. */
  desiredVersion: ZDesiredVersionSchema,
  /** Newest command `ts` seen: the floor of the lock's clock (PROTOCOL.md §6.5). */
  newestCommandTs: z.int().min(0),
  physical: z.object({
    bolt: z.enum(['locked', 'unlocked']),
    /** Remaining battery charge, 0..1. */
    batteryCharge: z.number().min(0).max(1),
    /** Mechanical fault making the motor stall, or null. */
    fault: z.enum(jamCauses).nullable(),
    /** True once the bolt has stalled on the current fault (cleared with the fault). */
    jammed: z.boolean(),
  }),
});
export type TNvmRecord = z.infer<typeof ZNvmRecordSchema>;
