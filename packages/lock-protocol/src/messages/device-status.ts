import { z } from 'zod';
import { ZX25519PublicKeySchema } from '../pin-envelope.js';
import { ZCapabilityProfileSchema } from '../profiles.js';
import {
  envelopeFields,
  ZBatterySchema,
  ZDesiredVersionSchema,
  ZFingerprintSchema,
  ZMessageIdSchema,
  ZSlotSchema,
  ZTimestampSchema,
} from './common.js';
import { MessageType } from './message-type.js';

/** Firmware version string, e.g. `1.4.2` or `1.5.0-rc.1+build.7`. */
export const ZFirmwareVersionSchema = z.string().regex(/^[0-9A-Za-z.+_-]{1,32}$/);

/**
 * Connection session: a random id the lock draws at each connect and repeats in its birth, its
 * `online` presence and its will. A stale `offline` will from an earlier session then cannot mark a
 * reconnected lock offline.
 */
export const ZSessionIdSchema = ZMessageIdSchema;

/** `birth` (device → cloud, `birth` channel, QoS 1): first message after every connect. */
export const ZBirthMessageSchema = z
  .strictObject({
    ...envelopeFields(MessageType.Birth),
    session: ZSessionIdSchema,
    /** Model id; matches `profile.model`. */
    model: z.string().min(1).max(64),
    firmware: ZFirmwareVersionSchema,
    /** What this model can do; the cloud trusts it only as far as the lock's registered model allows. */
    profile: ZCapabilityProfileSchema,
    /** The lock's static X25519 public key (base64url); must equal the one registered at commissioning. */
    publicKey: ZX25519PublicKeySchema,
  })
  .refine((birth) => birth.model === birth.profile.model, {
    path: ['profile', 'model'],
    message: 'profile.model must equal model',
  });
export type TBirthMessage = z.infer<typeof ZBirthMessageSchema>;

/** Bolt position as the lock senses it. */
export const BoltState = {
  Locked: 'locked',
  Unlocked: 'unlocked',
  /** The motor stalled; see the `jammed` event for the operation and suspected cause. */
  Jammed: 'jammed',
  /** The motor is running. */
  Moving: 'moving',
} as const;
export type TBoltState = (typeof BoltState)[keyof typeof BoltState];
export const ZBoltStateSchema = z.enum([
  BoltState.Locked,
  BoltState.Unlocked,
  BoltState.Jammed,
  BoltState.Moving,
]);

/** One slot in a state report. */
export const ZSlotReportSchema = z.strictObject({
  slot: ZSlotSchema,
  /** Keyed fingerprint of the code in the slot, or null when the slot is empty. Never the code. */
  fingerprint: ZFingerprintSchema.nullable(),
  /** `desiredVersion` of the last command the lock applied to this slot (0: none since factory reset). */
  version: ZDesiredVersionSchema,
});
export type TSlotReport = z.infer<typeof ZSlotReportSchema>;

/** Why a state report was sent. */
export const StateReason = {
  /** Right after birth, on every connect. */
  Connect: 'connect',
  /** Answer to a `request_state` command. */
  Request: 'request',
  /** Something in the report changed (command applied, local programming, bolt moved...). */
  Change: 'change',
  /** Periodic heartbeat. */
  Periodic: 'periodic',
} as const;
export type TStateReason = (typeof StateReason)[keyof typeof StateReason];

/** `state` (device → cloud, `state` channel, QoS 1): the lock's full reported state. */
export const ZStateMessageSchema = z
  .strictObject({
    ...envelopeFields(MessageType.State),
    reason: z.enum([StateReason.Connect, StateReason.Request, StateReason.Change, StateReason.Periodic]),
    /** The `request_state` command this answers, else null. */
    commandId: ZMessageIdSchema.nullable(),
    /** Every slot the model has, ascending by slot number, each exactly once. */
    slots: z.array(ZSlotReportSchema).min(1).max(250),
    bolt: ZBoltStateSchema,
    /** Auto-lock delay in seconds; 0 means off. */
    autoLockSeconds: z.int().min(0).max(3600),
    battery: ZBatterySchema,
    /** Highest `desiredVersion` the lock has applied (per-slot versions are in `slots`). */
    desiredVersion: ZDesiredVersionSchema,
    /** Version of the last `set_auto_lock` applied (0: none). */
    autoLockVersion: ZDesiredVersionSchema,
    /** End of the current keypad lockout (ms since epoch), or null when the keypad is usable. */
    lockoutUntil: ZTimestampSchema.nullable(),
  })
  .refine((state) => state.slots.every((entry, index) => entry.slot === index + 1), {
    path: ['slots'],
    message: 'slots must list slot 1..n in order, each once',
  });
export type TStateMessage = z.infer<typeof ZStateMessageSchema>;

/** `telemetry` (device → cloud, `telemetry` channel, QoS 0): periodic measurements. */
export const ZTelemetryMessageSchema = z.strictObject({
  ...envelopeFields(MessageType.Telemetry),
  battery: ZBatterySchema,
  /** Received signal strength in dBm, or null when the radio cannot tell (wired/Ethernet bridges). */
  rssiDbm: z.int().min(-127).max(0).nullable(),
  /** Seconds since the lock booted. */
  uptimeSeconds: z.int().min(0).max(0xffff_ffff),
});
export type TTelemetryMessage = z.infer<typeof ZTelemetryMessageSchema>;

/** Presence status on the retained `presence` topic. */
export const PresenceStatus = {
  /** Published by the lock, retained, right after connecting. */
  Online: 'online',
  /** The lock's MQTT will (retained), published by the broker when the connection is lost. */
  Offline: 'offline',
} as const;
export type TPresenceStatus = (typeof PresenceStatus)[keyof typeof PresenceStatus];

/**
 * `presence` (device → cloud, `presence` channel, QoS 1, retained). The will is composed at connect
 * time, so its `ts` is the connect time; the cloud uses its receive time as the moment of going offline.
 */
export const ZPresenceMessageSchema = z.strictObject({
  ...envelopeFields(MessageType.Presence),
  status: z.enum([PresenceStatus.Online, PresenceStatus.Offline]),
  session: ZSessionIdSchema,
});
export type TPresenceMessage = z.infer<typeof ZPresenceMessageSchema>;
