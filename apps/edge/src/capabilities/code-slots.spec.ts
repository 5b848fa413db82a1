import { DEADBOLT_30_PROFILE, RejectReason, SEED_MODEL_PROFILE } from '@lockstep/lock-protocol';
import { describe, expect, it } from 'vitest';
import { CodeSlots, digitsOfButtons } from './code-slots.js';

describe('CodeSlots', () => {
  it('has as many slots as the profile declares', () => {
    expect(new CodeSlots(SEED_MODEL_PROFILE).snapshot()).toHaveLength(2);
    expect(new CodeSlots(DEADBOLT_30_PROFILE).snapshot()).toHaveLength(30);
  });

  it('stores button sequences: 1357 and 2468 are the same code', () => {
    const slots = new CodeSlots(SEED_MODEL_PROFILE);
    expect(slots.install(1, '2580', 3).ok).toBe(true);
    expect(slots.match('1345')).toBe(1);
    expect(slots.codeDigits(1)).toBe('1579');
    expect(slots.check(2, '1579')).toMatchObject({ ok: false, reason: RejectReason.ConflictEqual });
  });

  it('changing one slot never touches the other', () => {
    const slots = new CodeSlots(SEED_MODEL_PROFILE);
    slots.install(1, '135790', 4);
    slots.install(2, '246824', 5);
    slots.install(2, '975319', 6);
    expect(slots.snapshot()[0]).toEqual({ slot: 1, buttons: '123455', version: 4 });
    slots.clear(2, 7);
    expect(slots.snapshot()).toEqual([
      { slot: 1, buttons: '123455', version: 4 },
      { slot: 2, buttons: null, version: 7 },
    ]);
  });

  it('refuses a code whose button sequence is a prefix of another slot code, or starts with one, naming the slot', () => {
    const slots = new CodeSlots(SEED_MODEL_PROFILE);
    slots.install(1, '2580', 1);
    const longer = slots.check(2, '258013');
    expect(longer).toMatchObject({ ok: false, reason: RejectReason.ConflictPrefix });
    expect(!longer.ok && longer.detail).toContain('slot 1');
    slots.clear(1, 2);
    slots.install(1, '258013', 3);
    expect(slots.check(2, '1579')).toMatchObject({ ok: false, reason: RejectReason.ConflictPrefix });
  });

  it('replacing a slot code is not a conflict with itself', () => {
    const slots = new CodeSlots(SEED_MODEL_PROFILE);
    slots.install(1, '2580', 1);
    expect(slots.install(1, '258013', 2).ok).toBe(true);
  });

  it('refuses codes that break the code rules with invalid_code, and slots the model lacks', () => {
    const slots = new CodeSlots(SEED_MODEL_PROFILE);
    expect(slots.check(1, '135')).toMatchObject({ ok: false, reason: RejectReason.InvalidCode });
    expect(slots.check(1, '123456789')).toMatchObject({ ok: false, reason: RejectReason.InvalidCode });
    expect(slots.check(1, '1111')).toMatchObject({ ok: false, reason: RejectReason.InvalidCode });
    expect(slots.check(3, '1357')).toMatchObject({ ok: false, reason: RejectReason.SlotOutOfRange });
  });

  it('never puts a code in a refusal detail', () => {
    const slots = new CodeSlots(SEED_MODEL_PROFILE);
    slots.install(1, '135799', 1);
    const refusal = slots.check(2, '135799');
    expect(refusal.ok).toBe(false);
    if (!refusal.ok) expect(refusal.detail).not.toMatch(/1357|1234|2468/);
  });

  it('knows when clearing would leave the lock without a code', () => {
    const slots = new CodeSlots(SEED_MODEL_PROFILE);
    slots.install(1, '2580', 1);
    expect(slots.wouldLeaveNoCode(1)).toBe(true);
    slots.install(2, '9751', 2);
    expect(slots.wouldLeaveNoCode(1)).toBe(false);
  });

  it('factory reset empties every slot and zeroes versions', () => {
    const slots = new CodeSlots(SEED_MODEL_PROFILE);
    slots.install(1, '2580', 9);
    slots.reset();
    expect(slots.hasAnyCode()).toBe(false);
    expect(slots.version(1)).toBe(0);
  });

  it('maps button sequences back to one digit representative', () => {
    expect(digitsOfButtons('12345')).toBe('13579');
  });
});
