import { z } from 'zod';
import { ALWAYS_WINDOW, occurrences, type TRange, type TWindow } from './occurrences.js';
import { type TSchedule } from './schedules.js';

/**
 * When a code *holds* a slot, as opposed to when it may be used: a window plus a guard interval around
 * it. The lock needs time to remove a code after its window ends (the command travels, a battery lock
 * wakes on its next radio slot), and the next holder's `set_code` must not reach the lock while the
 * previous holder is still there. Slot allocation and conflict checks both compare held windows, so two
 * codes sharing a slot, or conflicting at button level, always have `before + after` between them.
 */

/** Access code kinds (DESIGN §3); the wire values match the database enum. */
export const AccessCodeKind = {
  /** Slot 1, tenant- or landlord-set, ongoing; rotated, never cleared. */
  Primary: 'primary',
  /** Time-bound, secondary slot. */
  Maintenance: 'maintenance',
  /** Time-bound, secondary slot. */
  Guest: 'guest',
} as const;
export type TAccessCodeKind = (typeof AccessCodeKind)[keyof typeof AccessCodeKind];
export const ZAccessCodeKindSchema = z.enum([
  AccessCodeKind.Primary,
  AccessCodeKind.Maintenance,
  AccessCodeKind.Guest,
]);

/** Margins around every window while a code holds its slot, in milliseconds. */
export const ZGuardIntervalSchema = z.strictObject({
  /** Before a window starts: the slot must be free of its previous holder by then. */
  beforeStartMs: z.int().min(0).max(86_400_000),
  /** After a window ends (or the code is revoked): time allowed for the removal to reach the lock. */
  afterEndMs: z.int().min(0).max(86_400_000),
});
export type TGuardInterval = z.infer<typeof ZGuardIntervalSchema>;

/** Two minutes either side. */
export const DEFAULT_GUARD_INTERVAL: Readonly<TGuardInterval> = Object.freeze({
  beforeStartMs: 120_000,
  afterEndMs: 120_000,
});

/** A code on (or allocated to) one lock, as slot allocation and desired state see it. */
export interface TLockCode {
  codeId: string;
  kind: TAccessCodeKind;
  schedule: TSchedule;
  /** Slot on this lock: 1 for the primary, 2..k for time-bound codes; null while unallocated. */
  slot: number | null;
  /** Revoked early (or its use limit reached): no window reaches past this instant. */
  revokedAt?: number | null;
}

/** A code with its digits, for button-level conflict checks. The digits never leave this package's functions. */
export interface TLockCodeWithDigits extends TLockCode {
  code: string;
}

/** One window of a code and the span it holds the slot. `window` is null for an ongoing (primary) code. */
export interface THeldWindow {
  window: TWindow | null;
  held: TWindow;
}

/**
 * The windows of a code overlapping `range`, cut at `revokedAt`, each with its held span
 * `[start − before, end + after)`. A primary (`always`) yields one window held for all time.
 */
export function heldWindows(
  code: Pick<TLockCode, 'schedule' | 'revokedAt'>,
  timeZone: string,
  range: TRange,
  guard: TGuardInterval = DEFAULT_GUARD_INTERVAL,
): THeldWindow[] {
  const revokedAt = code.revokedAt ?? null;
  if (code.schedule.kind === 'always') {
    if (revokedAt !== null && revokedAt + guard.afterEndMs <= range.start) return [];
    return [
      {
        window: null,
        held: {
          start: ALWAYS_WINDOW.start,
          end: revokedAt === null ? ALWAYS_WINDOW.end : revokedAt + guard.afterEndMs,
        },
      },
    ];
  }
  // Look wider than the range: a window just outside it still holds the slot into it.
  const query = { start: range.start - guard.afterEndMs, end: range.end + guard.beforeStartMs };
  const result: THeldWindow[] = [];
  for (const window of occurrences(code.schedule, timeZone, query)) {
    const end = revokedAt === null ? window.end : Math.min(window.end, revokedAt);
    if (end <= window.start) continue;
    const cut = { start: window.start, end };
    const held = { start: cut.start - guard.beforeStartMs, end: cut.end + guard.afterEndMs };
    if (held.start < range.end && range.start < held.end) result.push({ window: cut, held });
  }
  return result;
}

/** The first pair of held spans that overlap, scanning two start-sorted lists together, or null. */
export function firstOverlap(
  a: readonly THeldWindow[],
  b: readonly THeldWindow[],
): [THeldWindow, THeldWindow] | null {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const left = a[i]!;
    const right = b[j]!;
    if (left.held.start < right.held.end && right.held.start < left.held.end) return [left, right];
    // Advance whichever ends first: it cannot overlap anything later in the other list.
    if (left.held.end <= right.held.end) i++;
    else j++;
  }
  return null;
}

/**
 * `range` widened to cover every finite held window in `windows` (windows straddling a range come back
 * whole, and what they collide with must be looked up over all of them). Ongoing windows do not widen it:
 * the range is as far as anyone looks.
 */
export function spanOf(windows: readonly THeldWindow[], range: TRange): TRange {
  let { start, end } = range;
  for (const { window, held } of windows) {
    if (window === null) continue;
    start = Math.min(start, held.start);
    end = Math.max(end, held.end);
  }
  return { start, end };
}
