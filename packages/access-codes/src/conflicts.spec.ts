import { describe, expect, it } from 'vitest';
import { checkCodePolicy, codeRulesForLock, DEFAULT_MIN_CODE_LENGTH } from './code-policy.js';
import { findCodeConflicts, type TConflictCheckInput } from './conflicts.js';
import { ALWAYS, at, lockCode, once, weekly } from './test/factories.js';

// Buttons: 1·2 → 1, 3·4 → 2, 5·6 → 3, 7·8 → 4, 9·0 → 5.
const PRIMARY_DIGITS = '139071'; // buttons 125541
const SAME_BUTTONS = '240982'; // buttons 125541
const LONGER = '1390718'; // buttons 1255414: the primary is its prefix
const UNRELATED = '555123'; // buttons 333112

const range = { start: at('2026-05-01T00:00Z'), end: at('2026-06-01T00:00Z') };
const primary = lockCode('primary', { code: PRIMARY_DIGITS });

function conflicts(input: Partial<TConflictCheckInput> & Pick<TConflictCheckInput, 'candidate'>) {
  return findCodeConflicts({ timeZone: 'Europe/Berlin', codes: [primary], range, ...input });
}

describe('findCodeConflicts', () => {
  const window = once('2026-05-10T08:00Z', '2026-05-10T12:00Z');

  it('a time-bound code conflicts with the primary whenever it has a window', () => {
    expect(conflicts({ candidate: { kind: 'guest', code: SAME_BUTTONS, schedule: window } })).toEqual([
      {
        codeId: 'primary',
        kind: 'primary',
        slot: 1,
        conflict: 'equal',
        window: null,
        candidateWindow: { start: at('2026-05-10T07:58Z'), end: at('2026-05-10T12:02Z') },
      },
    ]);
    expect(conflicts({ candidate: { kind: 'guest', code: LONGER, schedule: window } })).toMatchObject([
      { codeId: 'primary', conflict: 'prefix' },
    ]);
    expect(conflicts({ candidate: { kind: 'guest', code: UNRELATED, schedule: window } })).toEqual([]);
  });

  it('a time-bound code conflicts with another only when their held windows overlap', () => {
    const other = lockCode('other', {
      slot: 2,
      code: SAME_BUTTONS,
      schedule: once('2026-05-10T12:03Z', '2026-05-10T14:00Z'),
    });
    // 12:02 (candidate removed) vs 12:01 (other arriving): overlap within the guard.
    expect(
      conflicts({ codes: [other], candidate: { kind: 'guest', code: '139071', schedule: window } }),
    ).toEqual([
      {
        codeId: 'other',
        kind: 'maintenance',
        slot: 2,
        conflict: 'equal',
        window: { start: at('2026-05-10T12:03Z'), end: at('2026-05-10T14:00Z') },
        candidateWindow: { start: at('2026-05-10T07:58Z'), end: at('2026-05-10T12:02Z') },
      },
    ]);
    const later = lockCode('later', {
      slot: 2,
      code: SAME_BUTTONS,
      schedule: once('2026-05-10T12:05Z', '2026-05-10T14:00Z'),
    });
    expect(
      conflicts({ codes: [later], candidate: { kind: 'guest', code: '139071', schedule: window } }),
    ).toEqual([]);
    expect(
      conflicts({
        codes: [other],
        candidate: { kind: 'guest', code: '139071', schedule: window },
        guard: { beforeStartMs: 0, afterEndMs: 0 },
      }),
    ).toEqual([]);
  });

  it('checks weekly rules in local time, and a revoked code only up to its removal', () => {
    // Saturdays 10:00–12:00 Berlin; 2026-05-09 is a Saturday (CEST: 08:00Z–10:00Z).
    const saturdays = lockCode('sat', {
      slot: 2,
      code: SAME_BUTTONS,
      schedule: weekly([6], '10:00', '12:00', '2026-05-01'),
    });
    const candidate = {
      kind: 'guest' as const,
      code: '139071',
      schedule: once('2026-05-09T09:00Z', '2026-05-09T09:30Z'),
    };
    expect(conflicts({ codes: [saturdays], candidate })).toMatchObject([
      { codeId: 'sat', window: { start: at('2026-05-09T08:00Z'), end: at('2026-05-09T10:00Z') } },
    ]);
    const revoked = { ...saturdays, revokedAt: at('2026-05-08T00:00Z') };
    expect(conflicts({ codes: [revoked], candidate })).toEqual([]);
  });

  it('a new primary is checked against every time-bound code still to come, not the primary it replaces', () => {
    const future = lockCode('future', {
      slot: 2,
      code: SAME_BUTTONS,
      schedule: once('2026-05-20T08:00Z', '2026-05-20T09:00Z'),
    });
    const past = lockCode('past', {
      slot: 3,
      code: LONGER,
      schedule: once('2026-04-01T08:00Z', '2026-04-01T09:00Z'),
    });
    const found = conflicts({
      codes: [primary, future, past],
      candidate: { kind: 'primary', code: '139071', schedule: ALWAYS },
    });
    expect(found).toEqual([
      {
        codeId: 'future',
        kind: 'maintenance',
        slot: 2,
        conflict: 'equal',
        window: { start: at('2026-05-20T08:00Z'), end: at('2026-05-20T09:00Z') },
        candidateWindow: null,
      },
    ]);
  });

  it('ignores the candidate’s own stored version and lists equal conflicts before prefixes', () => {
    const itself = lockCode('self', { slot: 2, code: SAME_BUTTONS, schedule: window });
    const prefix = lockCode('a-prefix', { slot: 3, code: '13907', schedule: window }); // buttons 12554
    const equal = lockCode('z-equal', { slot: 4, code: SAME_BUTTONS, schedule: window });
    const found = conflicts({
      codes: [itself, prefix, equal],
      candidate: { codeId: 'self', kind: 'guest', code: '139071', schedule: window },
    });
    expect(found.map((finding) => [finding.codeId, finding.conflict])).toEqual([
      ['z-equal', 'equal'],
      ['a-prefix', 'prefix'],
    ]);
  });
});

describe('code policy', () => {
  const seed = { codeLength: { min: 4, max: 8 } };

  it('raises the minimum to the organization’s (default 6), within the model’s maximum', () => {
    expect(DEFAULT_MIN_CODE_LENGTH).toBe(6);
    expect(codeRulesForLock(seed)).toEqual({ minLength: 6, maxLength: 8 });
    expect(codeRulesForLock(seed, 4)).toEqual({ minLength: 4, maxLength: 8 });
    expect(codeRulesForLock(seed, 2)).toEqual({ minLength: 4, maxLength: 8 });
    expect(codeRulesForLock(seed, 9)).toBeNull();
  });

  it('refuses short, long, non-digit and weak codes without repeating them', () => {
    expect(checkCodePolicy('139071', seed)).toEqual({ ok: true });
    expect(checkCodePolicy('1390', seed)).toMatchObject({ ok: false, reason: 'too_short' });
    expect(checkCodePolicy('1390', seed, 4)).toEqual({ ok: true });
    expect(checkCodePolicy('139071234', seed)).toMatchObject({ ok: false, reason: 'too_long' });
    expect(checkCodePolicy('13a071', seed)).toMatchObject({ ok: false, reason: 'not_digits' });
    expect(checkCodePolicy('121212', seed)).toMatchObject({ ok: false, reason: 'weak_single_button' });
    const run = checkCodePolicy('13579', seed, 5); // buttons 12345
    expect(run).toMatchObject({ ok: false, reason: 'weak_straight_run' });
    expect(JSON.stringify(run)).not.toContain('12345');
    expect(checkCodePolicy('139071', seed, 9)).toMatchObject({ ok: false, reason: 'min_length_unsupported' });
  });
});
