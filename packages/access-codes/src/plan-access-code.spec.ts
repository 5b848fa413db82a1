import { findConflict, ProtocolError, SEED_MODEL_PROFILE } from '@lockstep/lock-protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  generateAccessCode,
  planAccessCode,
  planningRange,
  type TPlanAccessCodeInput,
  type TPlanTargetLock,
} from './plan-access-code.js';
import { heldWindows, type TLockCodeWithDigits } from './held-windows.js';
import { windowsOverlap } from './occurrences.js';
import { ALWAYS, at, DAY, lockCode, MINUTE, once, weekly } from './test/factories.js';

const NOW = at('2026-05-01T00:00Z');
const THREE = { slotCount: 3, codeLength: { min: 4, max: 8 } };
const primaryA = lockCode('primary-a', { code: '139071' }); // buttons 125541
const primaryB = lockCode('primary-b', { code: '777555' }); // buttons 444333
const frontDoor: TPlanTargetLock = { lockId: 'front', profile: THREE, codes: [primaryA] };
const backDoor: TPlanTargetLock = { lockId: 'back', profile: SEED_MODEL_PROFILE, codes: [primaryB] };

const maintenance = {
  kind: 'maintenance' as const,
  code: '5551230',
  schedule: { kind: 'once', startsAt: '2026-05-10T08:00:00Z', endsAt: '2026-05-10T12:00:00Z' },
};

function plan(overrides: Partial<TPlanAccessCodeInput> = {}) {
  return planAccessCode({
    candidate: maintenance,
    timeZone: 'Europe/Berlin',
    locks: [frontDoor, backDoor],
    now: NOW,
    ...overrides,
  });
}

describe('planAccessCode', () => {
  it('allocates a slot on every target lock', () => {
    const result = plan();
    expect(result).toMatchObject({
      ok: true,
      allocations: [
        { lockId: 'front', slot: 2 },
        { lockId: 'back', slot: 2 },
      ],
      schedule: { kind: 'once', startsAt: at('2026-05-10T08:00Z'), endsAt: at('2026-05-10T12:00Z') },
      range: { start: NOW, end: at('2026-05-10T12:00Z') },
    });
  });

  it('puts a primary in slot 1 and checks it against time-bound codes to come', () => {
    const guest = lockCode('guest-1', {
      slot: 2,
      code: '240982',
      schedule: once('2026-05-20T08:00Z', '2026-05-20T09:00Z'),
    });
    const ok = plan({ candidate: { kind: 'primary', code: '913579', schedule: { kind: 'always' } } });
    expect(ok).toMatchObject({
      ok: true,
      allocations: [
        { lockId: 'front', slot: 1 },
        { lockId: 'back', slot: 1 },
      ],
    });
    const refused = plan({
      candidate: { kind: 'primary', code: '139071', schedule: { kind: 'always' } },
      locks: [{ ...frontDoor, codes: [primaryA, guest] }],
    });
    expect(refused).toEqual({
      ok: false,
      problems: [
        {
          code: 'conflict_equal',
          lockId: 'front',
          field: 'code',
          detail: expect.stringContaining('guest-1') as string,
          conflictsWith: [
            {
              codeId: 'guest-1',
              kind: 'maintenance',
              slot: 2,
              conflict: 'equal',
              window: { start: at('2026-05-20T08:00Z'), end: at('2026-05-20T09:00Z') },
              candidateWindow: null,
            },
          ],
        },
      ],
    });
  });

  it('names the conflicting code, the kind of conflict and the windows, never the digits', () => {
    const result = plan({ candidate: { ...maintenance, code: '1390718' } });
    expect(result).toMatchObject({
      ok: false,
      problems: [
        {
          code: 'conflict_prefix',
          lockId: 'front',
          conflictsWith: [
            { codeId: 'primary-a', kind: 'primary', slot: 1, conflict: 'prefix', window: null },
          ],
        },
      ],
    });
    const text = JSON.stringify(result);
    expect(text).not.toContain('1390718');
    expect(text).not.toContain('139071');
    expect(text).toContain('2026-05-10T07:58:00.000Z');
  });

  it('refuses when no slot is free for the whole window, naming the holders and their windows', () => {
    const holder = lockCode('vendor-7', {
      slot: 2,
      code: '313131',
      schedule: once('2026-05-10T11:00Z', '2026-05-10T13:00Z'),
    });
    const result = plan({
      candidate: { ...maintenance, code: '5551231' },
      locks: [{ ...backDoor, codes: [primaryB, holder] }],
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          code: 'no_free_slot',
          lockId: 'back',
          field: 'schedule',
          detail: expect.stringContaining('vendor-7') as string,
          conflictsWith: [
            {
              codeId: 'vendor-7',
              kind: 'maintenance',
              slot: 2,
              window: { start: at('2026-05-10T11:00Z'), end: at('2026-05-10T13:00Z') },
              candidateWindow: { start: at('2026-05-10T07:58Z'), end: at('2026-05-10T12:02Z') },
            },
          ],
        },
      ],
    });
  });

  it('reports a lock with no secondary slot', () => {
    const single = { lockId: 'gate', profile: { slotCount: 1, codeLength: { min: 4, max: 8 } }, codes: [] };
    expect(plan({ locks: [single] })).toMatchObject({
      ok: false,
      problems: [{ code: 'no_secondary_slots', lockId: 'gate' }],
    });
  });

  it('applies the organization minimum (default 6) once for all locks, and per lock where models differ', () => {
    expect(plan({ candidate: { ...maintenance, code: '55512' } })).toEqual({
      ok: false,
      problems: [{ code: 'too_short', field: 'code', detail: 'a code has at least 6 digits' }],
    });
    expect(
      plan({ candidate: { ...maintenance, code: '55512' }, policy: { minCodeLength: 5 } }),
    ).toMatchObject({ ok: true });
    const short = { lockId: 'shed', profile: { slotCount: 2, codeLength: { min: 4, max: 6 } }, codes: [] };
    expect(plan({ locks: [frontDoor, short] })).toMatchObject({
      ok: false,
      problems: [{ code: 'too_long', lockId: 'shed', field: 'code' }],
    });
    expect(plan({ locks: [frontDoor, short], policy: { minCodeLength: 7 } })).toMatchObject({
      ok: false,
      problems: [{ code: 'min_length_unsupported', lockId: 'shed' }],
    });
  });

  it('refuses weak and non-digit codes without trying conflicts', () => {
    expect(plan({ candidate: { ...maintenance, code: '1212121' } })).toMatchObject({
      ok: false,
      problems: [{ code: 'weak_single_button', field: 'code' }],
    });
    expect(plan({ candidate: { ...maintenance, code: '12a4567' } })).toMatchObject({
      ok: false,
      problems: [{ code: 'not_digits', field: 'code' }],
    });
  });

  it('reports schedule and time zone problems with their fields, all at once', () => {
    const result = plan({
      candidate: {
        ...maintenance,
        schedule: {
          kind: 'weekly',
          weekdays: [9],
          localStart: '9am',
          localEnd: '17:00',
          fromDate: '2026-05-01',
        },
      },
      timeZone: 'Europe/Atlantis',
    });
    expect(result).toMatchObject({
      ok: false,
      problems: [
        { code: 'invalid_time_zone', field: 'timeZone' },
        { code: 'invalid_weekdays', field: 'schedule.weekdays.0' },
        { code: 'invalid_local_time', field: 'schedule.localStart' },
      ],
    });
  });

  it('requires always for a primary and a window for time-bound codes', () => {
    expect(plan({ candidate: { ...maintenance, schedule: { kind: 'always' } } })).toMatchObject({
      ok: false,
      problems: [{ code: 'schedule_kind_mismatch', field: 'schedule.kind' }],
    });
    expect(
      plan({ candidate: { kind: 'primary', code: '913579', schedule: maintenance.schedule } }),
    ).toMatchObject({
      ok: false,
      problems: [{ code: 'schedule_kind_mismatch' }],
    });
  });

  it('refuses a schedule whose last window has ended, and bad target lists', () => {
    expect(plan({ now: at('2026-05-10T12:00Z') })).toMatchObject({
      ok: false,
      problems: [{ code: 'window_ended', field: 'schedule' }],
    });
    // A window already running is fine: its remainder is installed.
    expect(plan({ now: at('2026-05-10T11:00Z') })).toMatchObject({ ok: true });
    expect(plan({ locks: [] })).toMatchObject({
      ok: false,
      problems: [{ code: 'no_target_locks', field: 'locks' }],
    });
    expect(plan({ locks: [frontDoor, frontDoor] })).toMatchObject({
      ok: false,
      problems: [{ code: 'duplicate_target_lock', lockId: 'front' }],
    });
  });

  it('re-plans an existing code in place (extension) without colliding with itself', () => {
    const stored = lockCode('m-1', {
      slot: 3,
      code: '5551230',
      schedule: once('2026-05-10T08:00Z', '2026-05-10T12:00Z'),
    });
    const other = lockCode('m-2', {
      slot: 2,
      code: '313131',
      schedule: once('2026-05-10T20:00Z', '2026-05-10T22:00Z'),
    });
    const extended = {
      ...maintenance,
      codeId: 'm-1',
      schedule: { kind: 'once', startsAt: '2026-05-10T08:00:00Z', endsAt: '2026-05-10T16:00:00Z' },
    };
    expect(
      plan({ candidate: extended, locks: [{ ...frontDoor, codes: [primaryA, stored, other] }] }),
    ).toMatchObject({
      ok: true,
      allocations: [{ lockId: 'front', slot: 2 }],
    });
  });
});

describe('planningRange', () => {
  it('runs to the end of a finite schedule, and a horizon past every finite code for an open-ended one', () => {
    const finite = once('2026-05-10T08:00Z', '2026-05-10T12:00Z');
    expect(planningRange(finite, 'UTC', NOW, [], 100 * DAY)).toEqual({
      start: NOW,
      end: at('2026-05-10T12:00Z'),
    });
    const open = weekly([1], '09:00', '10:00', '2026-06-01');
    expect(planningRange(open, 'UTC', NOW, [], 100 * DAY)).toEqual({
      start: NOW,
      end: at('2026-06-01T09:00Z') + 100 * DAY,
    });
    const farOnce = lockCode('far', { slot: 2, schedule: once('2028-01-01T00:00Z', '2028-01-02T00:00Z') });
    expect(planningRange(open, 'UTC', NOW, [farOnce], 100 * DAY).end).toBe(at('2028-01-02T00:00Z'));
    const laterWeekly = lockCode('later', { slot: 2, schedule: weekly([2], '09:00', '10:00', '2027-03-02') });
    expect(planningRange(ALWAYS, 'UTC', NOW, [laterWeekly], 100 * DAY).end).toBe(
      at('2027-03-02T09:00Z') + 100 * DAY,
    );
  });

  it('finds a clash of two open-ended weekly rules even when one starts far ahead', () => {
    const later = lockCode('later', {
      slot: 2,
      code: '313131',
      schedule: weekly([2], '09:00', '10:00', '2027-09-07'),
    });
    const result = planAccessCode({
      candidate: {
        kind: 'guest',
        code: '5551230',
        schedule: {
          kind: 'weekly',
          weekdays: [2],
          localStart: '09:30',
          localEnd: '11:00',
          fromDate: '2026-05-01',
        },
      },
      timeZone: 'Europe/Berlin',
      locks: [{ lockId: 'back', profile: SEED_MODEL_PROFILE, codes: [primaryB, later] }],
      now: NOW,
      policy: { horizonMs: 30 * DAY },
    });
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'no_free_slot' }] });
  });
});

describe('generateAccessCode', () => {
  it('generates a code of the policy length that plans cleanly', () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = generateAccessCode({
        candidate: { kind: 'maintenance', schedule: once('2026-05-10T08:00Z', '2026-05-10T12:00Z') },
        timeZone: 'Europe/Berlin',
        locks: [frontDoor, backDoor],
        now: NOW,
      });
      expect(code).toMatch(/^[0-9]{6}$/);
      expect(findConflict(code, primaryA.code)).toBeNull();
      expect(findConflict(code, primaryB.code)).toBeNull();
      expect(plan({ candidate: { ...maintenance, code } })).toMatchObject({ ok: true });
    }
  });

  it('avoids every code that can share the lock with it (crowded 4-digit space)', () => {
    // 4-digit button sequences 1111…: fill slots with prefixes so only a few sequences remain free.
    const window = once('2026-05-10T08:00Z', '2026-05-10T12:00Z');
    const codes = ['1', '3', '5', '7'].map((digit, index) =>
      lockCode(`c${index}`, { slot: index + 2, code: `${digit}9`, schedule: window }),
    );
    const lock = { lockId: 'l', profile: { slotCount: 30, codeLength: { min: 2, max: 8 } }, codes };
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = generateAccessCode({
        candidate: { kind: 'guest', schedule: window },
        timeZone: 'UTC',
        locks: [lock],
        now: NOW,
        policy: { minCodeLength: 4 },
      });
      for (const existing of codes) expect(findConflict(code, existing.code)).toBeNull();
      expect(code[0]).toMatch(/[0-9]/);
    }
  });

  it('throws when no length fits every lock and the policy', () => {
    const short = { lockId: 'shed', profile: { slotCount: 2, codeLength: { min: 4, max: 5 } }, codes: [] };
    expect(() =>
      generateAccessCode({
        candidate: { kind: 'guest', schedule: once('2026-05-10T08:00Z', '2026-05-10T12:00Z') },
        timeZone: 'UTC',
        locks: [short],
        now: NOW,
      }),
    ).toThrow(ProtocolError);
  });
});

describe('planAccessCode invariants (property)', () => {
  const start = at('2026-10-19T00:00Z');
  // Digits from two buttons only, so equal and prefix collisions are frequent.
  const digits = fc
    .array(fc.constantFrom('1', '2', '3', '4'), { minLength: 6, maxLength: 7 })
    .map((chars) => chars.join(''));
  const scheduleArb = fc.oneof(
    fc
      .record({
        startMinute: fc.integer({ min: 0, max: 10 * 24 * 60 }),
        minutes: fc.integer({ min: 30, max: 24 * 60 }),
      })
      .map(({ startMinute, minutes }) => ({
        kind: 'once',
        startsAt: start + startMinute * MINUTE,
        endsAt: start + (startMinute + minutes) * MINUTE,
      })),
    fc
      .record({
        weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 3 }),
        hour: fc.integer({ min: 0, max: 23 }),
      })
      .map(({ weekdays, hour }) => ({
        kind: 'weekly',
        weekdays,
        localStart: `${String(hour).padStart(2, '0')}:00`,
        localEnd: `${String((hour + 3) % 24).padStart(2, '0')}:00`,
        fromDate: '2026-10-19',
        untilDate: '2026-11-02',
      })),
  );

  it('never lets two codes that can share the lock conflict at button level, or share a slot at once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ code: digits, schedule: scheduleArb }), { minLength: 2, maxLength: 12 }),
        fc.constantFrom('Europe/Berlin', 'America/New_York'),
        (candidates, timeZone) => {
          const codes: TLockCodeWithDigits[] = [lockCode('primary', { code: '414243' })];
          for (const [index, candidate] of candidates.entries()) {
            const result = planAccessCode({
              candidate: { kind: 'guest', code: candidate.code, schedule: candidate.schedule },
              timeZone,
              locks: [{ lockId: 'l', profile: { slotCount: 4, codeLength: { min: 4, max: 8 } }, codes }],
              now: start,
            });
            if (!result.ok) continue;
            const slot = result.allocations[0]?.slot ?? null;
            codes.push({
              codeId: `c${index}`,
              kind: 'guest',
              code: candidate.code,
              schedule: result.schedule,
              slot,
            });
          }
          const range = { start, end: start + 30 * DAY };
          for (const [i, a] of codes.entries()) {
            for (const b of codes.slice(i + 1)) {
              const overlap = heldWindows(a, timeZone, range).some((x) =>
                heldWindows(b, timeZone, range).some((y) => windowsOverlap(x.held, y.held)),
              );
              if (!overlap) continue;
              expect(findConflict(a.code, b.code)).toBeNull();
              expect(a.slot).not.toBe(b.slot);
            }
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
