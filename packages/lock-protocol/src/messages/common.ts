import { z } from 'zod';
import { MAX_DESIRED_VERSION, MESSAGE_ID_PATTERN, PROTOCOL_VERSION } from '../constants.js';
import { defaultRandomSource, randomUuid, type TRandomSource } from '../random-source.js';

/** `v`: the protocol version; a receiver refuses any other value. */
export const ZProtocolVersionSchema = z.literal(PROTOCOL_VERSION);

/** Message or command id: a UUID or a 16–36 character token of `[A-Za-z0-9_-]`. */
export const ZMessageIdSchema = z
  .string()
  .regex(MESSAGE_ID_PATTERN, 'id: 16-36 characters of A-Z a-z 0-9 _ -');

/** Milliseconds since the Unix epoch (UTC). The year-275760 ceiling is JavaScript's Date limit. */
export const ZTimestampSchema = z.int().min(0).max(8_640_000_000_000_000);

/** Desired-state version: a uint32, monotonic per lock, 0 meaning "nothing applied yet". */
export const ZDesiredVersionSchema = z.int().min(0).max(MAX_DESIRED_VERSION);

/** Slot number, 1-based; 1 is the primary. The upper bound is the largest slotCount a profile may declare. */
export const ZSlotSchema = z.int().min(1).max(250);

/** Keyed slot fingerprint: 16 bytes of HMAC-SHA256 as 32 lowercase hex characters. */
export const ZFingerprintSchema = z
  .string()
  .regex(/^[0-9a-f]{32}$/, 'fingerprint: 32 lowercase hex characters');

/** Battery reading. */
export const ZBatterySchema = z.strictObject({
  /** Estimated remaining charge, 0–100. */
  percent: z.int().min(0).max(100),
  /** Pack voltage in millivolts (4×AA is about 6000 fresh). */
  millivolts: z.int().min(0).max(20_000),
});
export type TBattery = z.infer<typeof ZBatterySchema>;

/** Fields every message starts with, in wire order: `v`, `type`, `id`, `ts`. */
export function envelopeFields<T extends string>(type: T) {
  return {
    v: ZProtocolVersionSchema,
    type: z.literal(type),
    /** Unique per publish; receivers drop a repeated id (QoS 1 redelivers). */
    id: ZMessageIdSchema,
    /** Sender's clock at publish, ms since epoch. Receivers order by their own receive time. */
    ts: ZTimestampSchema,
  };
}

/** The common fields of a new outgoing message: `v`, a fresh UUID `id`, and `ts`. */
export function messageHeader(
  ts: number,
  random: TRandomSource = defaultRandomSource(),
): { v: typeof PROTOCOL_VERSION; id: string; ts: number } {
  return { v: PROTOCOL_VERSION, id: randomUuid(random), ts };
}
