import { slotFingerprint } from '@lockstep/lock-protocol/node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  confirmPrimary,
  desiredSlots,
  diffSlots,
  fingerprintWith,
  nextDesiredChange,
  type TDesiredSlots,
  type TDesiredStateLock,
  type TReportedSlot,
} from './desired-state.js';
import { at, lockCode, once, weekly } from './test/factories.js';

const DEVICE = { deviceId: 'lock-0001', deviceKey: Buffer.alloc(32, 7).toString('base64url') };
const DIGITS: Record<string, string> = {
  'primary-old': '139071',
  'primary-new': '913579',
  cleaner: '5551230',
  plumber: '7771230',
  guest: '3131313',
};
const codeOf = (codeId: string) => {
  const digits = DIGITS[codeId];
  if (digits === undefined) throw new Error(`no such code ${codeId}`);
  return digits;
};
const fingerprintOf = fingerprintWith(DEVICE, codeOf, slotFingerprint);
const fp = (slot: number, codeId: string) => fingerprintOf(slot, codeId);

const lock: TDesiredStateLock = {
  lockId: 'front',
  profile: { slotCount: 3 },
  timeZone: 'Europe/Berlin',
  primary: { codeId: 'primary-old' },
  pendingPrimary: null,
};

// Mondays 09:00–17:00 Berlin (2026-03-30 is a Monday, CEST: 07:00Z–15:00Z).
const cleaner = lockCode('cleaner', { slot: 2, schedule: weekly([1], '09:00', '17:00', '2026-03-01') });
const plumber = lockCode('plumber', { slot: 3, schedule: once('2026-03-30T10:00Z', '2026-03-30T11:00Z') });

const report = (...fingerprints: (string | null)[]): TReportedSlot[] =>
  fingerprints.map((fingerprint, index) => ({ slot: index + 1, fingerprint }));

describe('desiredSlots', () => {
  it('puts the primary in slot 1 and each time-bound code in its slot during its window', () => {
    const during = desiredSlots(lock, [cleaner, plumber], at('2026-03-30T10:30Z'));
    expect(during).toEqual({
      lockId: 'front',
      at: at('2026-03-30T10:30Z'),
      slots: [
        { slot: 1, codeId: 'primary-old', kind: 'primary', notAfter: null, retainedCodeId: null },
        {
          slot: 2,
          codeId: 'cleaner',
          kind: 'maintenance',
          notAfter: at('2026-03-30T15:00Z'),
          retainedCodeId: null,
        },
        {
          slot: 3,
          codeId: 'plumber',
          kind: 'maintenance',
          notAfter: at('2026-03-30T11:00Z'),
          retainedCodeId: null,
        },
      ],
      problems: [],
    });
    const evening = desiredSlots(lock, [cleaner, plumber], at('2026-03-30T15:00Z'));
    expect(evening.slots.map((slot) => slot.codeId)).toEqual(['primary-old', null, null]);
    const justBefore = desiredSlots(lock, [cleaner], at('2026-03-30T06:59:59.999Z'));
    expect(justBefore.slots[1]?.codeId).toBeNull();
  });

  it('during a rotation wants the new primary and keeps the old one as retained', () => {
    const rotating = { ...lock, pendingPrimary: { codeId: 'primary-new' } };
    expect(desiredSlots(rotating, [], 0).slots[0]).toEqual({
      slot: 1,
      codeId: 'primary-new',
      kind: 'primary',
      notAfter: null,
      retainedCodeId: 'primary-old',
    });
    const firstEver = { ...lock, primary: null, pendingPrimary: { codeId: 'primary-new' } };
    expect(desiredSlots(firstEver, [], 0).slots[0]).toMatchObject({
      codeId: 'primary-new',
      retainedCodeId: null,
    });
    const none = { ...lock, primary: null };
    expect(desiredSlots(none, [], 0).slots[0]).toMatchObject({ codeId: null, kind: null });
  });

  it('cuts a revoked code at its revocation and ends it with notAfter there', () => {
    const revoked = { ...plumber, revokedAt: at('2026-03-30T10:20Z') };
    expect(desiredSlots(lock, [revoked], at('2026-03-30T10:10Z')).slots[2]).toMatchObject({
      codeId: 'plumber',
      notAfter: at('2026-03-30T10:20Z'),
    });
    expect(desiredSlots(lock, [revoked], at('2026-03-30T10:20Z')).slots[2]?.codeId).toBeNull();
  });

  it('surfaces codes it cannot place instead of dropping them silently', () => {
    const outOfRange = lockCode('x', { slot: 9, schedule: once('2026-03-30T10:00Z', '2026-03-30T11:00Z') });
    const sameSlot = lockCode('guest', { slot: 3, schedule: once('2026-03-30T10:15Z', '2026-03-30T12:00Z') });
    const result = desiredSlots(lock, [outOfRange, plumber, sameSlot], at('2026-03-30T10:30Z'));
    expect(result.slots[2]?.codeId).toBe('plumber'); // on the lock first, keeps the slot
    expect(result.problems).toEqual([
      { codeId: 'x', slot: 9, reason: 'slot_out_of_range' },
      { codeId: 'guest', slot: 3, reason: 'slot_taken', heldBy: 'plumber' },
    ]);
  });
});

describe('nextDesiredChange', () => {
  it('is the earliest window edge or revocation after the instant', () => {
    expect(nextDesiredChange(lock, [cleaner, plumber], at('2026-03-30T08:00Z'))).toBe(
      at('2026-03-30T10:00Z'),
    );
    expect(nextDesiredChange(lock, [cleaner, plumber], at('2026-03-30T11:00Z'))).toBe(
      at('2026-03-30T15:00Z'),
    );
    // The cleaner's next Monday is 6 April.
    expect(nextDesiredChange(lock, [cleaner, plumber], at('2026-03-30T15:00Z'))).toBe(
      at('2026-04-06T07:00Z'),
    );
    const revoked = { ...cleaner, revokedAt: at('2026-03-30T12:00Z') };
    expect(nextDesiredChange(lock, [revoked], at('2026-03-30T11:00Z'))).toBe(at('2026-03-30T12:00Z'));
    expect(nextDesiredChange(lock, [revoked], at('2026-03-30T12:00Z'))).toBeNull();
    const revokedBetweenWindows = { ...cleaner, revokedAt: at('2026-04-01T12:00Z') };
    expect(nextDesiredChange(lock, [revokedBetweenWindows], at('2026-03-30T15:00Z'))).toBeNull();
    expect(nextDesiredChange(lock, [], 0)).toBeNull();
  });
});

describe('diffSlots', () => {
  const during = desiredSlots(lock, [cleaner, plumber], at('2026-03-30T10:30Z'));

  it('sends nothing to a lock that already matches', () => {
    expect(
      diffSlots(during, report(fp(1, 'primary-old'), fp(2, 'cleaner'), fp(3, 'plumber')), fingerprintOf),
    ).toEqual({
      actions: [],
      withheld: [],
      inSync: true,
    });
  });

  it('orders clears first, then replacements, then installs', () => {
    const evening = desiredSlots(
      lock,
      [cleaner, lockCode('guest', { slot: 3, schedule: once('2026-03-30T15:00Z', '2026-03-30T18:00Z') })],
      at('2026-03-30T15:30Z'),
    );
    // Slot 2: cleaner's window ended → clear. Slot 3: plumber still there → replace with the guest.
    const diff = diffSlots(
      evening,
      report(fp(1, 'primary-old'), fp(2, 'cleaner'), fp(3, 'plumber')),
      fingerprintOf,
    );
    expect(diff.actions).toEqual([
      { type: 'clear_slot', slot: 2, reportedFingerprint: fp(2, 'cleaner') },
      {
        type: 'set_code',
        slot: 3,
        codeId: 'guest',
        notAfter: at('2026-03-30T18:00Z'),
        replaces: 'other',
        reportedFingerprint: fp(3, 'plumber'),
      },
    ]);
    const installs = diffSlots(during, report(fp(1, 'primary-old'), null, fp(3, 'cleaner')), fingerprintOf);
    expect(installs.actions.map((action) => [action.type, action.slot])).toEqual([
      ['set_code', 3],
      ['set_code', 2],
    ]);
  });

  it('compares fingerprints per slot: the right code in the wrong slot is not a match', () => {
    const swapped = diffSlots(
      during,
      report(fp(1, 'primary-old'), fp(3, 'cleaner'), fp(3, 'plumber')),
      fingerprintOf,
    );
    expect(swapped.actions).toMatchObject([
      { type: 'set_code', slot: 2, codeId: 'cleaner', replaces: 'other' },
    ]);
  });

  it('rotates the primary by replacing slot 1 in place, never by clearing it', () => {
    const rotating = desiredSlots(
      { ...lock, pendingPrimary: { codeId: 'primary-new' } },
      [],
      at('2026-03-30T20:00Z'),
    );
    const diff = diffSlots(rotating, report(fp(1, 'primary-old'), null, null), fingerprintOf);
    expect(diff.actions).toEqual([
      {
        type: 'set_code',
        slot: 1,
        codeId: 'primary-new',
        notAfter: null,
        replaces: 'retained',
        reportedFingerprint: fp(1, 'primary-old'),
      },
    ]);
    // A code nobody knows in slot 1 (local programming): overwritten, marked 'other' for drift handling.
    const drifted = diffSlots(rotating, report('0'.repeat(32), null, null), fingerprintOf);
    expect(drifted.actions).toMatchObject([{ slot: 1, replaces: 'other' }]);
    // No primary known: slot 1 is left alone whatever it holds.
    const unknown = desiredSlots({ ...lock, primary: null }, [], 0);
    expect(diffSlots(unknown, report('0'.repeat(32), null, null), fingerprintOf).actions).toEqual([]);
  });

  it('never leaves the lock without a code: a last clear waits for a set, or is withheld', () => {
    const noPrimary = { ...lock, primary: null, pendingPrimary: { codeId: 'primary-new' } };
    // Slot 1 empty (factory reset and a guest code left): set the primary first, then clear the guest.
    const afterReset = desiredSlots(noPrimary, [], at('2026-03-30T20:00Z'));
    const diff = diffSlots(afterReset, report(null, fp(2, 'cleaner'), null), fingerprintOf);
    expect(diff.actions.map((action) => [action.type, action.slot])).toEqual([
      ['set_code', 1],
      ['clear_slot', 2],
    ]);
    // Nothing to put anywhere: the clear is withheld, for the caller to raise removal_overdue / no code.
    const nothing = desiredSlots({ ...lock, primary: null }, [], at('2026-03-30T20:00Z'));
    expect(diffSlots(nothing, report(null, fp(2, 'cleaner'), null), fingerprintOf)).toEqual({
      actions: [],
      withheld: [{ slot: 2, reason: 'would_leave_no_code' }],
      inSync: false,
    });
  });

  it('treats slots missing from the report as empty and ignores reported slots the model lacks', () => {
    const diff = diffSlots(
      during,
      [
        { slot: 1, fingerprint: fp(1, 'primary-old') },
        { slot: 7, fingerprint: 'f'.repeat(32) },
      ],
      fingerprintOf,
    );
    expect(diff.actions.map((action) => [action.type, action.slot])).toEqual([
      ['set_code', 2],
      ['set_code', 3],
    ]);
  });

  it('property: applying the actions reaches the desired state and never empties the lock', () => {
    const codeIds = ['primary-old', 'primary-new', 'cleaner', 'plumber', 'guest'];
    const slotContent = fc.option(fc.constantFrom(...codeIds), { nil: null });
    fc.assert(
      fc.property(
        fc.array(slotContent, { minLength: 4, maxLength: 4 }),
        fc.array(fc.oneof(slotContent, fc.constant('unknown')), { minLength: 4, maxLength: 4 }),
        (wanted, held) => {
          const desired: Pick<TDesiredSlots, 'slots'> = {
            slots: wanted.map((codeId, index) => ({
              slot: index + 1,
              codeId,
              kind: codeId === null ? null : index === 0 ? 'primary' : 'guest',
              notAfter: null,
              retainedCodeId: null,
            })),
          };
          const reported = held.map((codeId, index) => ({
            slot: index + 1,
            fingerprint:
              codeId === null ? null : codeId === 'unknown' ? 'e'.repeat(32) : fp(index + 1, codeId),
          }));
          const { actions, withheld } = diffSlots(desired, reported, fingerprintOf);
          const state = new Map(reported.map((entry) => [entry.slot, entry.fingerprint]));
          const occupiedAtStart = [...state.values()].some((value) => value !== null);
          for (const action of actions) {
            if (action.type === 'clear_slot') {
              expect(action.slot).not.toBe(1);
              state.set(action.slot, null);
            } else state.set(action.slot, fp(action.slot, action.codeId));
            if (occupiedAtStart) expect([...state.values()].some((value) => value !== null)).toBe(true);
          }
          for (const want of desired.slots) {
            const now = state.get(want.slot) ?? null;
            if (want.codeId !== null) expect(now).toBe(fp(want.slot, want.codeId));
            else if (want.slot !== 1 && !withheld.some((entry) => entry.slot === want.slot))
              expect(now).toBeNull();
          }
          // Revocations first: the only clear after a set is one that would otherwise have left the lock
          // with no code, i.e. its slot was the only occupied one before the first set.
          const firstSet = actions.findIndex((action) => action.type === 'set_code');
          const lateClears =
            firstSet < 0 ? [] : actions.slice(firstSet).filter((action) => action.type === 'clear_slot');
          expect(lateClears.length).toBeLessThanOrEqual(1);
          for (const late of lateClears) {
            const before = new Map(reported.map((entry) => [entry.slot, entry.fingerprint]));
            for (const action of actions.slice(0, firstSet))
              if (action.type === 'clear_slot') before.set(action.slot, null);
            const occupied = [...before].filter(([, value]) => value !== null).map(([slot]) => slot);
            expect(occupied).toEqual([late.slot]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('confirmPrimary', () => {
  const rotating = { primary: { codeId: 'primary-old' }, pendingPrimary: { codeId: 'primary-new' } };

  it('promotes the pending primary once the lock reports it in slot 1', () => {
    expect(confirmPrimary(rotating, report(fp(1, 'primary-new')), fingerprintOf)).toEqual({
      primary: { codeId: 'primary-new' },
      pendingPrimary: null,
    });
    expect(confirmPrimary(rotating, report(fp(1, 'primary-old')), fingerprintOf)).toEqual(rotating);
    // The right code reported in another slot does not count.
    expect(confirmPrimary(rotating, report(null, fp(1, 'primary-new')), fingerprintOf)).toEqual(rotating);
    expect(
      confirmPrimary(
        { primary: { codeId: 'primary-old' }, pendingPrimary: null },
        report(null),
        fingerprintOf,
      ),
    ).toEqual({
      primary: { codeId: 'primary-old' },
      pendingPrimary: null,
    });
  });
});
