import { DEADBOLT_30_PROFILE, SEED_MODEL_PROFILE } from '@lockstep/lock-protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heldWindows, type TLockCode } from './held-windows.js';
import { windowsOverlap } from './occurrences.js';
import { allocateSlot, type TSlotAllocationInput } from './slot-allocation.js';
import { at, DAY, HOUR, lockCode, MINUTE, once, weekly } from './test/factories.js';

const THREE_SLOTS = { slotCount: 3 };
const range = { start: at('2026-03-01T00:00Z'), end: at('2026-12-31T00:00Z') };
const primary = lockCode('primary', { code: '139071' });

function allocate(overrides: Partial<TSlotAllocationInput> & Pick<TSlotAllocationInput, 'candidate'>) {
  return allocateSlot({
    profile: THREE_SLOTS,
    timeZone: 'Europe/Berlin',
    codes: [primary],
    range,
    ...overrides,
  });
}

describe('allocateSlot', () => {
  it('gives the lowest secondary slot on an empty lock, never slot 1', () => {
    expect(allocate({ candidate: { schedule: once('2026-05-01T10:00Z', '2026-05-01T11:00Z') } })).toEqual({
      ok: true,
      slot: 2,
    });
    expect(
      allocateSlot({
        profile: SEED_MODEL_PROFILE,
        timeZone: 'UTC',
        codes: [],
        candidate: { schedule: once('2026-05-01T10:00Z', '2026-05-01T11:00Z') },
        range,
      }),
    ).toEqual({ ok: true, slot: 2 });
  });

  it('skips a slot held during the window and refuses when all are held, naming holders and windows', () => {
    const a = lockCode('a', { slot: 2, schedule: once('2026-05-01T09:00Z', '2026-05-01T10:30Z') });
    const b = lockCode('b', { slot: 3, schedule: once('2026-05-01T10:45Z', '2026-05-01T12:00Z') });
    const candidate = { schedule: once('2026-05-01T10:00Z', '2026-05-01T11:00Z') };
    expect(allocate({ codes: [primary, a], candidate })).toEqual({ ok: true, slot: 3 });
    expect(allocate({ codes: [primary, a, b], candidate })).toEqual({
      ok: false,
      reason: 'no_free_slot',
      holders: [
        {
          slot: 2,
          codeId: 'a',
          kind: 'maintenance',
          window: { start: at('2026-05-01T09:00Z'), end: at('2026-05-01T10:30Z') },
          candidateWindow: { start: at('2026-05-01T09:58Z'), end: at('2026-05-01T11:02Z') },
        },
        {
          slot: 3,
          codeId: 'b',
          kind: 'maintenance',
          window: { start: at('2026-05-01T10:45Z'), end: at('2026-05-01T12:00Z') },
          candidateWindow: { start: at('2026-05-01T09:58Z'), end: at('2026-05-01T11:02Z') },
        },
      ],
    });
  });

  it('keeps the guard interval between holders of one slot', () => {
    const a = lockCode('a', { slot: 2, schedule: once('2026-05-01T10:00Z', '2026-05-01T11:00Z') });
    // Back to back: a is removed until 11:02, the candidate arrives from 10:58.
    expect(
      allocate({ codes: [a], candidate: { schedule: once('2026-05-01T11:00Z', '2026-05-01T12:00Z') } }),
    ).toEqual({ ok: true, slot: 3 });
    // Four minutes apart is enough for 2 + 2 minutes of guard.
    expect(
      allocate({ codes: [a], candidate: { schedule: once('2026-05-01T11:04Z', '2026-05-01T12:00Z') } }),
    ).toEqual({ ok: true, slot: 2 });
    // No guard: back to back shares the slot.
    expect(
      allocate({
        codes: [a],
        candidate: { schedule: once('2026-05-01T11:00Z', '2026-05-01T12:00Z') },
        guard: { beforeStartMs: 0, afterEndMs: 0 },
      }),
    ).toEqual({ ok: true, slot: 2 });
    // A longer removal allowance pushes the next holder further out.
    expect(
      allocate({
        codes: [a],
        candidate: { schedule: once('2026-05-01T11:04Z', '2026-05-01T12:00Z') },
        guard: { beforeStartMs: 0, afterEndMs: 10 * MINUTE },
      }),
    ).toEqual({ ok: true, slot: 3 });
  });

  it('frees a revoked code’s slot once its removal allowance has passed', () => {
    const revoked = lockCode('a', {
      slot: 2,
      schedule: once('2026-05-01T08:00Z', '2026-05-01T18:00Z'),
      revokedAt: at('2026-05-01T09:00Z'),
    });
    expect(
      allocate({ codes: [revoked], candidate: { schedule: once('2026-05-01T09:04Z', '2026-05-01T10:00Z') } }),
    ).toEqual({ ok: true, slot: 2 });
    expect(
      allocate({ codes: [revoked], candidate: { schedule: once('2026-05-01T09:01Z', '2026-05-01T10:00Z') } }),
    ).toEqual({ ok: true, slot: 3 });
  });

  it('checks every window of a weekly rule', () => {
    // Mondays 09:00–17:00 in Berlin; 2026-05-11 is a Monday.
    const a = lockCode('a', { slot: 2, schedule: weekly([1], '09:00', '17:00', '2026-05-01', '2026-06-30') });
    const tuesday = once('2026-05-12T08:00Z', '2026-05-12T10:00Z');
    expect(allocate({ codes: [a], candidate: { schedule: tuesday } })).toEqual({ ok: true, slot: 2 });
    const monday = once('2026-05-11T14:00Z', '2026-05-11T16:00Z'); // 16:00–18:00 CEST
    expect(allocate({ codes: [a], candidate: { schedule: monday } })).toEqual({ ok: true, slot: 3 });
    // A weekly candidate on Mondays and Fridays from June clashes only on Mondays, but one clash is enough.
    const candidate = { schedule: weekly([1, 5], '07:00', '08:00', '2026-06-01', '2026-06-30') };
    expect(allocate({ codes: [a], candidate })).toEqual({ ok: true, slot: 2 });
    const overlapping = { schedule: weekly([1, 5], '16:59', '18:00', '2026-06-01', '2026-06-30') };
    expect(allocate({ codes: [a], candidate: overlapping })).toEqual({ ok: true, slot: 3 });
  });

  it('evaluates weekly holders in local time across the spring-forward day', () => {
    // Sundays 09:00–17:00 Berlin: on 29 Mar 2026 (CEST) that ends 15:00Z, not 16:00Z.
    const a = lockCode('a', { slot: 2, schedule: weekly([7], '09:00', '17:00', '2026-03-01') });
    const after = once('2026-03-29T15:04Z', '2026-03-29T16:00Z');
    expect(allocate({ codes: [a], candidate: { schedule: after } })).toEqual({ ok: true, slot: 2 });
    const within = once('2026-03-29T14:30Z', '2026-03-29T16:00Z');
    expect(allocate({ codes: [a], candidate: { schedule: within } })).toEqual({ ok: true, slot: 3 });
  });

  it('ignores the primary, unallocated codes and the candidate’s own current placement', () => {
    const window = once('2026-05-01T10:00Z', '2026-05-01T11:00Z');
    const unallocated = lockCode('u', { slot: null, schedule: window });
    const itself = lockCode('self', { slot: 3, schedule: once('2026-05-01T09:00Z', '2026-05-01T10:30Z') });
    const other = lockCode('other', { slot: 2, schedule: window });
    expect(
      allocate({
        codes: [primary, unallocated, other, itself],
        candidate: { codeId: 'self', schedule: window },
      }),
    ).toEqual({
      ok: true,
      slot: 3,
    });
  });

  it('refuses on a model with only the primary slot', () => {
    expect(
      allocateSlot({
        profile: { slotCount: 1 },
        timeZone: 'UTC',
        codes: [],
        candidate: { schedule: once('2026-05-01T10:00Z', '2026-05-01T11:00Z') },
        range,
      }),
    ).toEqual({ ok: false, reason: 'no_secondary_slots', holders: [] });
  });

  it('sees a holder whose window reaches past the range end, when the candidate’s does too', () => {
    const a = lockCode('a', { slot: 2, schedule: once('2026-12-31T06:00Z', '2026-12-31T08:00Z') });
    const candidate = { schedule: once('2026-12-30T20:00Z', '2026-12-31T07:00Z') };
    expect(allocate({ codes: [a], candidate })).toEqual({ ok: true, slot: 3 });
  });
});

describe('allocateSlot properties', () => {
  const base = at('2026-10-20T00:00Z');
  const candidateArb = fc.oneof(
    fc
      .record({
        startMinute: fc.integer({ min: 0, max: 14 * 24 * 60 }),
        minutes: fc.integer({ min: 1, max: 36 * 60 }),
      })
      .map(({ startMinute, minutes }) => {
        const start = base + startMinute * MINUTE;
        return once(new Date(start).toISOString(), new Date(start + minutes * MINUTE).toISOString());
      }),
    fc
      .record({
        weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 3 }),
        startHour: fc.integer({ min: 0, max: 23 }),
        hours: fc.integer({ min: 1, max: 8 }),
      })
      .map(({ weekdays, startHour, hours }) =>
        weekly(
          weekdays,
          `${String(startHour).padStart(2, '0')}:00`,
          `${String((startHour + hours) % 24).padStart(2, '0')}:30`,
          '2026-10-20',
          '2026-11-03',
        ),
      ),
  );

  it('never double-books a slot, and every refusal is justified on every slot', () => {
    fc.assert(
      fc.property(
        fc.array(candidateArb, { minLength: 1, maxLength: 14 }),
        fc.constantFrom('Europe/Berlin', 'America/New_York'),
        fc.integer({ min: 2, max: 4 }),
        (candidates, timeZone, slotCount) => {
          const window = { start: base - DAY, end: base + 20 * DAY };
          const placed: TLockCode[] = [];
          for (const [index, schedule] of candidates.entries()) {
            const result = allocateSlot({
              profile: { slotCount },
              timeZone,
              codes: placed,
              candidate: { schedule },
              range: window,
            });
            if (result.ok) {
              expect(result.slot).toBeGreaterThanOrEqual(2);
              expect(result.slot).toBeLessThanOrEqual(slotCount);
              placed.push({ codeId: `c${index}`, kind: 'guest', schedule, slot: result.slot });
            } else {
              const blocked = new Set(result.holders.map((holder) => holder.slot));
              expect(blocked.size).toBe(slotCount - 1);
            }
          }
          for (const [i, a] of placed.entries()) {
            for (const b of placed.slice(i + 1)) {
              if (a.slot !== b.slot) continue;
              const aHeld = heldWindows(a, timeZone, window);
              const bHeld = heldWindows(b, timeZone, window);
              for (const x of aHeld)
                for (const y of bHeld) expect(windowsOverlap(x.held, y.held)).toBe(false);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is deterministic: the same inputs in another order give the same slot', () => {
    const a = lockCode('a', { slot: 2, schedule: once('2026-05-01T10:00Z', '2026-05-01T11:00Z') });
    const b = lockCode('b', { slot: 4, schedule: once('2026-05-01T10:00Z', '2026-05-01T11:00Z') });
    const input = {
      profile: DEADBOLT_30_PROFILE,
      timeZone: 'UTC',
      range,
      candidate: { schedule: once('2026-05-01T10:30Z', '2026-05-01T12:00Z') },
    };
    expect(allocateSlot({ ...input, codes: [a, b] })).toEqual(allocateSlot({ ...input, codes: [b, a] }));
    expect(allocateSlot({ ...input, codes: [b, a] })).toEqual({ ok: true, slot: 3 });
    expect(HOUR).toBe(3_600_000);
  });
});
