import { findConflict, type TConflict } from '@lockstep/lock-protocol';
import {
  AccessCodeKind,
  DEFAULT_GUARD_INTERVAL,
  firstOverlap,
  heldWindows,
  spanOf,
  type TAccessCodeKind,
  type TGuardInterval,
  type TLockCodeWithDigits,
} from './held-windows.js';
import { type TRange, type TWindow } from './occurrences.js';
import { type TSchedule } from './schedules.js';

/**
 * Button-level conflicts over time (DESIGN §3, invariant 4). The lock matches as buttons are pressed and
 * opens on the first stored code matched, so two codes that are equal or prefixes of each other at
 * button level (lock-protocol's `findConflict`) must never be on one lock at the same time. "At the same
 * time" means their *held* windows overlap: a code may still be on the lock for the guard interval after
 * its window, and the next one may already be arriving before its own.
 */

/** An existing code the candidate collides with, and when. */
export interface TCodeConflictFinding {
  codeId: string;
  kind: TAccessCodeKind;
  slot: number | null;
  conflict: TConflict;
  /** The existing code's window (cut at its revocation); null for an ongoing primary. */
  window: TWindow | null;
  /** The candidate's window that overlaps it (guard intervals included); null when the candidate is ongoing. */
  candidateWindow: TWindow | null;
}

export interface TConflictCheckInput {
  timeZone: string;
  /** Codes on or allocated to the lock, with their digits. */
  codes: readonly TLockCodeWithDigits[];
  /** The code to check; its digits must already pass the code rules (only digits). */
  candidate: {
    codeId?: string;
    kind: TAccessCodeKind;
    code: string;
    schedule: TSchedule;
    revokedAt?: number | null;
  };
  range: TRange;
  guard?: TGuardInterval;
}

/**
 * Every code that can be on the lock while the candidate is, and collides with it at button level:
 * equal ones first, then prefixes, each in code-id order. A new primary is not checked against the
 * primary it replaces: `set_code` on slot 1 swaps one for the other, so they are never on the lock
 * together (the firmware checks a new code against the *other* slots for the same reason).
 */
export function findCodeConflicts(input: TConflictCheckInput): TCodeConflictFinding[] {
  const guard = input.guard ?? DEFAULT_GUARD_INTERVAL;
  const wanted = heldWindows(input.candidate, input.timeZone, input.range, guard);
  const span = spanOf(wanted, input.range);
  const findings: TCodeConflictFinding[] = [];
  for (const existing of input.codes) {
    if (existing.codeId === input.candidate.codeId) continue;
    if (input.candidate.kind === AccessCodeKind.Primary && existing.kind === AccessCodeKind.Primary) continue;
    const conflict = findConflict(input.candidate.code, existing.code);
    if (conflict === null) continue;
    const clash = firstOverlap(wanted, heldWindows(existing, input.timeZone, span, guard));
    if (clash === null) continue;
    const [mine, theirs] = clash;
    findings.push({
      codeId: existing.codeId,
      kind: existing.kind,
      slot: existing.slot,
      conflict,
      window: theirs.window,
      candidateWindow: mine.window === null ? null : mine.held,
    });
  }
  const rank = (finding: TCodeConflictFinding) => (finding.conflict === 'equal' ? 0 : 1);
  return findings.sort(
    (a, b) => rank(a) - rank(b) || (a.codeId < b.codeId ? -1 : a.codeId > b.codeId ? 1 : 0),
  );
}
