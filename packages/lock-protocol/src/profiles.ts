import { z } from 'zod';
import {
  AUTO_LOCK_DELAY_SECONDS,
  AUTO_LOCK_OFF,
  KEYPAD_LOCKOUT_ATTEMPTS,
  KEYPAD_LOCKOUT_SECONDS,
  PRIMARY_SLOT,
} from './constants.js';
import { type TCodeRules } from './keypad.js';

/** Physical form of a lock: both share the keypad and code rules (DESIGN §2). */
export const FormFactor = {
  /** Motor-driven deadbolt: extends/retracts a bolt; auto-lock is a setting. */
  Deadbolt: 'deadbolt',
  /** Lever set (entry lock): a correct code frees the lever, which relocks by itself. */
  Lever: 'lever',
} as const;
export type TFormFactor = (typeof FormFactor)[keyof typeof FormFactor];

/** Optional behaviours a model may have; the cloud only sends commands a model declares. */
export const Feature = {
  /** Accepts `lock` / `unlock` commands. */
  RemoteBolt: 'remote_bolt',
  /** Accepts `set_auto_lock`. */
  AutoLock: 'auto_lock',
  /** Has the interior program button (codes may change without the cloud). */
  LocalProgramming: 'local_programming',
  /** Reports a suspected cause with `jammed` events. */
  JamDiagnosis: 'jam_diagnosis',
} as const;
export type TFeature = (typeof Feature)[keyof typeof Feature];

/** Model ids are short, lowercase, and safe in URLs and logs. */
const MODEL_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * What a lock model can do. Sent by the lock in its birth message, so the cloud never needs firmware
 * knowledge baked in; the built-in profiles below are the ones Lockstep ships with.
 */
export const ZCapabilityProfileSchema = z
  .strictObject({
    /** Model id, e.g. `lockstep-db2`. */
    model: z.string().regex(MODEL_PATTERN),
    formFactor: z.enum([FormFactor.Deadbolt, FormFactor.Lever]),
    /** Number of code slots. Slot 1 is the primary; slots 2..slotCount are secondary. */
    slotCount: z.int().min(1).max(250),
    /** Shortest and longest code, in digits. */
    codeLength: z.strictObject({ min: z.int().min(1).max(16), max: z.int().min(1).max(16) }),
    /** Wrong codes in a row before the keypad locks out, and for how long. */
    lockout: z.strictObject({ attempts: z.int().min(1).max(20), seconds: z.int().min(1).max(3600) }),
    /** Accepted `autoLockSeconds` values; 0 (off) always first. */
    autoLockOptions: z.array(z.int().min(0).max(3600)).min(1).max(16),
    features: z.array(z.enum(Object.values(Feature) as [TFeature, ...TFeature[]])).max(16),
  })
  .refine((profile) => profile.codeLength.min <= profile.codeLength.max, {
    path: ['codeLength'],
    message: 'codeLength.min must not exceed codeLength.max',
  })
  .refine((profile) => profile.autoLockOptions.includes(AUTO_LOCK_OFF), {
    path: ['autoLockOptions'],
    message: 'autoLockOptions must include 0 (off)',
  });
export type TCapabilityProfile = z.infer<typeof ZCapabilityProfileSchema>;

/** The seed model, after the Kwikset SmartCode deadbolt: 2 slots, 4–8 digits, 3 tries / 60 s, auto-lock off or 30 s. */
export const SEED_MODEL_PROFILE: Readonly<TCapabilityProfile> = Object.freeze({
  model: 'lockstep-db2',
  formFactor: FormFactor.Deadbolt,
  slotCount: 2,
  codeLength: { min: 4, max: 8 },
  lockout: { attempts: KEYPAD_LOCKOUT_ATTEMPTS, seconds: KEYPAD_LOCKOUT_SECONDS },
  autoLockOptions: [AUTO_LOCK_OFF, AUTO_LOCK_DELAY_SECONDS],
  features: [Feature.RemoteBolt, Feature.AutoLock, Feature.LocalProgramming, Feature.JamDiagnosis],
});

/** A larger deadbolt for shared housing: 30 slots (1 primary + 29 secondary), otherwise as the seed model. */
export const DEADBOLT_30_PROFILE: Readonly<TCapabilityProfile> = Object.freeze({
  model: 'lockstep-db30',
  formFactor: FormFactor.Deadbolt,
  slotCount: 30,
  codeLength: { min: 4, max: 8 },
  lockout: { attempts: KEYPAD_LOCKOUT_ATTEMPTS, seconds: KEYPAD_LOCKOUT_SECONDS },
  autoLockOptions: [AUTO_LOCK_OFF, AUTO_LOCK_DELAY_SECONDS],
  features: [Feature.RemoteBolt, Feature.AutoLock, Feature.LocalProgramming, Feature.JamDiagnosis],
});

/** A 30-slot lever set: the lever relocks by itself, so there is no auto-lock setting. */
export const LEVER_30_PROFILE: Readonly<TCapabilityProfile> = Object.freeze({
  model: 'lockstep-lv30',
  formFactor: FormFactor.Lever,
  slotCount: 30,
  codeLength: { min: 4, max: 8 },
  lockout: { attempts: KEYPAD_LOCKOUT_ATTEMPTS, seconds: KEYPAD_LOCKOUT_SECONDS },
  autoLockOptions: [AUTO_LOCK_OFF],
  features: [Feature.RemoteBolt, Feature.LocalProgramming],
});

/** Built-in profiles by model id. */
export const CAPABILITY_PROFILES: Readonly<Record<string, Readonly<TCapabilityProfile>>> = Object.freeze({
  [SEED_MODEL_PROFILE.model]: SEED_MODEL_PROFILE,
  [DEADBOLT_30_PROFILE.model]: DEADBOLT_30_PROFILE,
  [LEVER_30_PROFILE.model]: LEVER_30_PROFILE,
});

/** Built-in profile of a model, or undefined. */
export function profileFor(model: string): Readonly<TCapabilityProfile> | undefined {
  return Object.hasOwn(CAPABILITY_PROFILES, model) ? CAPABILITY_PROFILES[model] : undefined;
}

/** Code length rules of a model, in the shape the keypad functions take. */
export function codeRulesFor(profile: Pick<TCapabilityProfile, 'codeLength'>): TCodeRules {
  return { minLength: profile.codeLength.min, maxLength: profile.codeLength.max };
}

/** True for slot numbers the model has (1..slotCount). */
export function isSlotInRange(profile: Pick<TCapabilityProfile, 'slotCount'>, slot: number): boolean {
  return Number.isInteger(slot) && slot >= 1 && slot <= profile.slotCount;
}

/** Secondary slots (2..slotCount), shared over time by time-bound codes (DESIGN §3). */
export function secondarySlots(profile: Pick<TCapabilityProfile, 'slotCount'>): number[] {
  return Array.from(
    { length: Math.max(0, profile.slotCount - PRIMARY_SLOT) },
    (_, index) => index + PRIMARY_SLOT + 1,
  );
}

export function hasFeature(profile: Pick<TCapabilityProfile, 'features'>, feature: TFeature): boolean {
  return profile.features.includes(feature);
}

export function supportsAutoLockSeconds(
  profile: Pick<TCapabilityProfile, 'autoLockOptions'>,
  seconds: number,
): boolean {
  return profile.autoLockOptions.includes(seconds);
}
