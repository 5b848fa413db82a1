import { describe, expect, it } from 'vitest';
import { EXAMPLE_MESSAGES } from './examples.js';
import { messageHeader } from './messages/common.js';
import { MESSAGE_ID_PATTERN } from './constants.js';
import { checkBirthAgainstRegistration, checkStateAgainstProfile } from './profile-checks.js';
import {
  DEADBOLT_30_PROFILE,
  LEVER_30_PROFILE,
  SEED_MODEL_PROFILE,
  ZCapabilityProfileSchema,
  secondarySlots,
} from './profiles.js';

describe('capability profiles', () => {
  it('are valid, and the seed model matches DESIGN §2', () => {
    for (const profile of [SEED_MODEL_PROFILE, DEADBOLT_30_PROFILE, LEVER_30_PROFILE]) {
      expect(ZCapabilityProfileSchema.parse(profile)).toEqual(profile);
    }
    expect(SEED_MODEL_PROFILE).toMatchObject({
      slotCount: 2,
      codeLength: { min: 4, max: 8 },
      lockout: { attempts: 3, seconds: 60 },
      autoLockOptions: [0, 30],
    });
    expect(secondarySlots(SEED_MODEL_PROFILE)).toEqual([2]);
    expect(secondarySlots(DEADBOLT_30_PROFILE)).toHaveLength(29);
  });

  it('refuse inconsistent profiles', () => {
    expect(
      ZCapabilityProfileSchema.safeParse({ ...SEED_MODEL_PROFILE, codeLength: { min: 8, max: 4 } }).success,
    ).toBe(false);
    expect(ZCapabilityProfileSchema.safeParse({ ...SEED_MODEL_PROFILE, autoLockOptions: [30] }).success).toBe(
      false,
    );
  });
});

describe('checks against the registered lock', () => {
  it('accepts a consistent state report and refuses a wrong slot count or auto-lock value', () => {
    expect(checkStateAgainstProfile(EXAMPLE_MESSAGES.state, SEED_MODEL_PROFILE)).toBeNull();
    expect(checkStateAgainstProfile(EXAMPLE_MESSAGES.state, DEADBOLT_30_PROFILE)).toMatchObject({
      field: 'slots',
    });
    expect(
      checkStateAgainstProfile({ ...EXAMPLE_MESSAGES.state, autoLockSeconds: 45 }, SEED_MODEL_PROFILE),
    ).toMatchObject({
      field: 'autoLockSeconds',
    });
  });

  it('refuses a birth from another model or with another key', () => {
    const registered = { model: 'lockstep-db2', publicKey: EXAMPLE_MESSAGES.birth.publicKey };
    expect(checkBirthAgainstRegistration(EXAMPLE_MESSAGES.birth, registered)).toBeNull();
    expect(
      checkBirthAgainstRegistration(EXAMPLE_MESSAGES.birth, { ...registered, model: 'lockstep-db30' }),
    ).toMatchObject({
      field: 'model',
    });
    expect(
      checkBirthAgainstRegistration(EXAMPLE_MESSAGES.birth, { ...registered, publicKey: 'x'.repeat(43) }),
    ).toMatchObject({ code: 'invalid_key' });
  });
});

describe('messageHeader', () => {
  it('makes a fresh id each time', () => {
    const a = messageHeader(1);
    const b = messageHeader(1);
    expect(a).toMatchObject({ v: 1, ts: 1 });
    expect(a.id).toMatch(MESSAGE_ID_PATTERN);
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.id).not.toBe(b.id);
  });
});
