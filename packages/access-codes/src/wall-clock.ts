import { IANAZone } from 'luxon';
import { AccessCodeError, AccessCodeErrorCode } from './access-code-error.js';

/**
 * Local wall-clock time → instant, with an explicit DST policy. luxon (over the runtime's Intl tz data)
 * supplies the zone's UTC offset at any instant; the policy for times that do not exist or exist twice
 * is ours, because luxon's defaults do not match RFC 5545 (it picks the *later* of two ambiguous
 * instants).
 *
 * - **Fall-back overlap** (the wall clock shows 02:00–02:59 twice in Europe/Berlin): the *first*
 *   occurrence, the instant with the offset before the change — RFC 5545 §3.3.5.
 * - **Spring-forward gap** (02:00–02:59 never shows in Europe/Berlin): the instant the gap ends, i.e.
 *   the first instant at which the wall clock reads the requested time or later (02:30 → 03:00 CEST).
 *   RFC 5545 instead shifts by the gap length (02:30 → 03:30). We deviate on purpose: our mapping is
 *   monotonic in wall-clock time, so a window can never come out inverted (02:30–03:10 would be
 *   03:30–03:10 under the RFC rule) and two windows of one rule can never overlap; a window wholly
 *   inside the gap comes out empty and is skipped.
 *
 * Both rules are monotonic, so any window `[a, b)` with a ≤ b in wall time maps to instants
 * `[A, B)` with A ≤ B.
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** How a local time was resolved. */
export type TWallClockResolution = 'exact' | 'gap' | 'overlap_first';

/** A loaded IANA zone; throws AccessCodeError `invalid_time_zone` for an unknown name. */
export function zoneOf(timeZone: string): IANAZone {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) {
    throw new AccessCodeError(AccessCodeErrorCode.InvalidTimeZone, 'not an IANA time zone', 'timeZone');
  }
  return zone;
}

/** UTC offset in minutes of `zone` at `instant`. */
function offsetAt(zone: IANAZone, instant: number): number {
  return zone.offset(instant);
}

/**
 * Offsets at UTC midnights, memoised per zone: luxon reads offsets through Intl formatting, which costs
 * microseconds a call, and a year of daily windows across a lock's codes asks for the same days again
 * and again. Offsets of a zone are a pure function of the instant, so the memo never goes stale.
 */
const midnightOffsets = new Map<string, Map<number, number>>();
const MAX_MEMO_DAYS = 100_000;

function offsetAtMidnight(zone: IANAZone, dayNumber: number): number {
  let memo = midnightOffsets.get(zone.name);
  if (memo === undefined) {
    memo = new Map();
    midnightOffsets.set(zone.name, memo);
  }
  let offset = memo.get(dayNumber);
  if (offset === undefined) {
    if (memo.size >= MAX_MEMO_DAYS) memo.clear();
    offset = offsetAt(zone, dayNumber * MS_PER_DAY);
    memo.set(dayNumber, offset);
  }
  return offset;
}

/**
 * The instant of local `minutes` after midnight (0–1440) on local day `dayNumber` (days since
 * 1970-01-01) in `zone`, under the policy above. Assumes no two offset changes within three days,
 * which holds for every zone in the tz database since 1970.
 */
export function resolveWallClock(
  zone: IANAZone,
  dayNumber: number,
  minutes: number,
): { instant: number; resolution: TWallClockResolution } {
  // The wall-clock reading written as if it were UTC; an instant is it minus the offset in force.
  const wall = dayNumber * MS_PER_DAY + minutes * MS_PER_MINUTE;
  // Every candidate instant (wall − offset, |offset| < 24 h) lies strictly between these two midnights.
  const before = offsetAtMidnight(zone, dayNumber - 1);
  const after = offsetAtMidnight(zone, dayNumber + 2);
  if (before === after) return { instant: wall - before * MS_PER_MINUTE, resolution: 'exact' };
  const candidates = [before, after]
    .map((offset) => wall - offset * MS_PER_MINUTE)
    .filter((instant) => wall - offsetAt(zone, instant) * MS_PER_MINUTE === instant)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) {
    return { instant: first, resolution: candidates.length > 1 ? 'overlap_first' : 'exact' };
  }
  // In the gap: find the change instant T, the first instant with the new offset. The wall time lies in
  // [T + before, T + after), so T is in (wall − after, wall − before].
  let low = wall - after * MS_PER_MINUTE; // offset here is still `before`
  let high = wall - before * MS_PER_MINUTE; // offset here is already `after`
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(zone, middle) === before) low = middle;
    else high = middle;
  }
  return { instant: high, resolution: 'gap' };
}

/** Local day number (days since 1970-01-01 on the wall calendar) at `instant` in `zone`. */
export function localDayNumberAt(zone: IANAZone, instant: number): number {
  return Math.floor((instant + offsetAt(zone, instant) * MS_PER_MINUTE) / MS_PER_DAY);
}
