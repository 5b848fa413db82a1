import { type IANAZone } from 'luxon';
import { AccessCodeError, AccessCodeErrorCode } from './access-code-error.js';
import {
  dayNumberOfDate,
  isoWeekdayOfDayNumber,
  minutesOfLocalTime,
  type TSchedule,
  type TWeeklySchedule,
} from './schedules.js';
import { localDayNumberAt, resolveWallClock, zoneOf } from './wall-clock.js';

/**
 * Expansion of schedules into concrete windows. Weekly rules are expanded by hand over luxon's zone
 * offsets rather than with the `rrule` package: rrule returns "floating" Dates whose meaning depends on
 * the process time zone and has open DST bugs (jkbrzt/rrule#295, #355, #611). The semantics are RFC 5545
 * `FREQ=WEEKLY;BYDAY=…` with `DTSTART;TZID=…`: each occurrence is the same local wall-clock window, so a
 * 09:00–17:00 Europe/Berlin window is 09:00–17:00 local on both DST change days (see wall-clock.ts for
 * times that do not exist or exist twice).
 */

/** A half-open window `[start, end)` of instants (ms since the epoch). */
export interface TWindow {
  start: number;
  end: number;
}

/** A half-open range of instants to look at. */
export type TRange = TWindow;

const MS_PER_DAY = 86_400_000;

/** Longest span a weekly rule is expanded over in one call (about 30 years): a runaway range fails fast. */
const MAX_EXPANSION_DAYS = 11_000;

/** The primary's single "window": from the beginning to the end of representable time. */
export const ALWAYS_WINDOW: Readonly<TWindow> = Object.freeze({
  start: -8_640_000_000_000_000,
  end: 8_640_000_000_000_000,
});

function checkRange(range: TRange): void {
  if (!Number.isFinite(range.start) || !Number.isFinite(range.end) || range.end < range.start) {
    throw new AccessCodeError(
      AccessCodeErrorCode.InvalidRange,
      'range must be finite with start ≤ end',
      'range',
    );
  }
}

/** True when two half-open windows share at least one instant. */
export function windowsOverlap(a: TWindow, b: TWindow): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Glues windows that overlap or touch; input sorted by start. */
function mergeTouching(windows: TWindow[]): TWindow[] {
  const merged: TWindow[] = [];
  for (const window of windows) {
    const last = merged[merged.length - 1];
    if (last !== undefined && window.start <= last.end) last.end = Math.max(last.end, window.end);
    else merged.push({ ...window });
  }
  return merged;
}

function weeklyWindows(rule: TWeeklySchedule, zone: IANAZone, range: TRange): TWindow[] {
  const startMinutes = minutesOfLocalTime(rule.localStart);
  let endMinutes = minutesOfLocalTime(rule.localEnd);
  // An end earlier than the start is overnight and ends on the next local day; so does `24:00`.
  let endDayOffset = endMinutes <= startMinutes ? 1 : 0;
  if (endMinutes === 1440) {
    endMinutes = 0;
    endDayOffset = 1;
  }
  const weekdays = new Set(rule.weekdays);
  // An occurrence lasts at most 25 h (24:00 over a fall-back), so one starting two local days before
  // the range can still reach into it.
  let firstDay = localDayNumberAt(zone, range.start) - 2;
  let lastDay = localDayNumberAt(zone, range.end);
  firstDay = Math.max(firstDay, dayNumberOfDate(rule.fromDate));
  if (rule.untilDate !== null) lastDay = Math.min(lastDay, dayNumberOfDate(rule.untilDate));
  if (lastDay - firstDay > MAX_EXPANSION_DAYS) {
    throw new AccessCodeError(
      AccessCodeErrorCode.InvalidRange,
      `a weekly rule is expanded over at most ${MAX_EXPANSION_DAYS} days at a time`,
      'range',
    );
  }
  const windows: TWindow[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    if (!weekdays.has(isoWeekdayOfDayNumber(day))) continue;
    const window = {
      start: resolveWallClock(zone, day, startMinutes).instant,
      end: resolveWallClock(zone, day + endDayOffset, endMinutes).instant,
    };
    // Empty only when the whole window falls inside a spring-forward gap.
    if (window.end <= window.start) continue;
    if (windowsOverlap(window, range)) windows.push(window);
  }
  return windows;
}

/**
 * The windows of `schedule` in `timeZone` that overlap `range` (unclipped: a window straddling the
 * range's edge is returned whole, so callers see its true start and end), sorted, with windows that
 * touch merged into one (a code on Monday 00:00–24:00 and Tuesday 00:00–24:00 stays on across
 * midnight). `always` yields {@link ALWAYS_WINDOW}. Throws AccessCodeError on an unknown time zone or a
 * bad range.
 */
export function occurrences(schedule: TSchedule, timeZone: string, range: TRange): TWindow[] {
  checkRange(range);
  if (range.end === range.start) return [];
  switch (schedule.kind) {
    case 'always':
      return [{ ...ALWAYS_WINDOW }];
    case 'once': {
      const window = { start: schedule.startsAt, end: schedule.endsAt };
      return windowsOverlap(window, range) ? [window] : [];
    }
    case 'weekly':
      return mergeTouching(weeklyWindows(schedule, zoneOf(timeZone), range));
  }
}

/** True when `at` lies in one of the schedule's windows (`[start, end)`: active at start, not at end). */
export function isActiveAt(schedule: TSchedule, timeZone: string, at: number): boolean {
  return occurrences(schedule, timeZone, { start: at, end: at + 1 }).some(
    (window) => window.start <= at && at < window.end,
  );
}

/** The window containing `at`, or null. */
export function windowAt(schedule: TSchedule, timeZone: string, at: number): TWindow | null {
  return (
    occurrences(schedule, timeZone, { start: at, end: at + 1 }).find(
      (window) => window.start <= at && at < window.end,
    ) ?? null
  );
}

/** How far nextEdge looks per step; a weekly rule with any weekday fires within 8 days. */
const EDGE_SEARCH_STEP_MS = 35 * MS_PER_DAY;

/** Give up on an open-ended rule that has fired nowhere in this long (only possible inside gaps). */
const MAX_EDGE_SEARCH_MS = 400 * MS_PER_DAY;

/**
 * End of the schedule's last window, or null when it never ends (`always`, open-ended weekly).
 * For a weekly rule whose every window falls into spring-forward gaps, the start of `fromDate`.
 */
export function scheduleEnd(schedule: TSchedule, timeZone: string): number | null {
  switch (schedule.kind) {
    case 'always':
      return null;
    case 'once':
      return schedule.endsAt;
    case 'weekly': {
      if (schedule.untilDate === null) return null;
      const zone = zoneOf(timeZone);
      const until = dayNumberOfDate(schedule.untilDate);
      const from = Math.max(dayNumberOfDate(schedule.fromDate), until - 7);
      const windows = weeklyWindows(schedule, zone, {
        start: resolveWallClock(zone, from, 0).instant,
        end: resolveWallClock(zone, until + 2, 0).instant,
      });
      const last = windows[windows.length - 1];
      return last?.end ?? resolveWallClock(zone, dayNumberOfDate(schedule.fromDate), 0).instant;
    }
  }
}

/** Start of the schedule's first window, or null for `always` (and for a weekly rule that never fires). */
export function scheduleStart(schedule: TSchedule, timeZone: string): number | null {
  switch (schedule.kind) {
    case 'always':
      return null;
    case 'once':
      return schedule.startsAt;
    case 'weekly': {
      const zone = zoneOf(timeZone);
      const from = resolveWallClock(zone, dayNumberOfDate(schedule.fromDate), 0).instant;
      const end = scheduleEnd(schedule, timeZone);
      for (let start = from; end === null || start < end; start += EDGE_SEARCH_STEP_MS) {
        const first = weeklyWindows(schedule, zone, { start, end: start + EDGE_SEARCH_STEP_MS })[0];
        if (first !== undefined) return first.start;
        if (end === null && start - from > MAX_EDGE_SEARCH_MS) return null;
      }
      return null;
    }
  }
}

/** An edge of a window: where a code must be set (`start`) or removed (`end`). */
export interface TEdge {
  at: number;
  kind: 'start' | 'end';
}

/**
 * The first window start or end strictly after `after`, or null when there is none (`always`, or the
 * schedule is over). Drives the delayed jobs of DESIGN §4: handle the edge at `at`, then ask again with
 * `after = at`. Touching windows are merged, so a merged boundary is no edge.
 */
export function nextEdge(schedule: TSchedule, timeZone: string, after: number): TEdge | null {
  if (!Number.isFinite(after)) {
    throw new AccessCodeError(AccessCodeErrorCode.InvalidRange, 'after must be finite', 'after');
  }
  if (schedule.kind === 'always') return null;
  const end = scheduleEnd(schedule, timeZone);
  if (end !== null && end <= after) return null;
  let searchFrom = after;
  if (schedule.kind === 'weekly') {
    // Jump straight to the rule's first day rather than stepping through a far-future gap.
    const zone = zoneOf(timeZone);
    searchFrom = Math.max(after, resolveWallClock(zone, dayNumberOfDate(schedule.fromDate) - 1, 0).instant);
  }
  let limit = searchFrom + EDGE_SEARCH_STEP_MS;
  for (;;) {
    let extendTo = limit + EDGE_SEARCH_STEP_MS;
    for (const window of occurrences(schedule, timeZone, { start: after, end: limit })) {
      if (window.start > after) return { at: window.start, kind: 'start' };
      if (window.end > after) {
        // A window touching this one would lie inside the range and be merged into it; only an end at
        // or past the limit might still be glued to a window beyond, so look further first.
        if (window.end < limit) return { at: window.end, kind: 'end' };
        extendTo = Math.max(extendTo, window.end + 1);
      }
    }
    if (end !== null && limit > end) return null;
    // An open-ended rule fires at least weekly unless every window lands in a gap; stop eventually.
    if (end === null && limit - searchFrom > MAX_EDGE_SEARCH_MS) return null;
    limit = extendTo;
  }
}
