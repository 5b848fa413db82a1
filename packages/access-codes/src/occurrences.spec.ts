import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { AccessCodeError } from './access-code-error.js';
import {
  ALWAYS_WINDOW,
  isActiveAt,
  nextEdge,
  occurrences,
  scheduleEnd,
  scheduleStart,
  windowAt,
  type TWindow,
} from './occurrences.js';
import { ZOnceScheduleSchema, ZScheduleSchema, type TSchedule, type TScheduleInput } from './schedules.js';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const utc = (iso: string) => Date.parse(iso);
const schedule = (input: TScheduleInput): TSchedule => ZScheduleSchema.parse(input);
const daily = (localStart: string, localEnd: string, fromDate: string, untilDate: string | null = null) =>
  schedule({ kind: 'weekly', weekdays: [1, 2, 3, 4, 5, 6, 7], localStart, localEnd, fromDate, untilDate });
/** Local `yyyy-MM-dd HH:mm` of an instant, to state expectations in wall-clock terms. */
const local = (instant: number, zone: string) =>
  DateTime.fromMillis(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');
const localWindows = (windows: TWindow[], zone: string) =>
  windows.map((window) => `${local(window.start, zone)} → ${local(window.end, zone)}`);

describe('weekly occurrences across DST (Europe/Berlin, 2026: +1 h on 29 Mar, −1 h on 25 Oct)', () => {
  const nineToFive = daily('09:00', '17:00', '2026-01-01');

  it('keeps 09:00–17:00 local on the spring-forward day', () => {
    const windows = occurrences(nineToFive, BERLIN, {
      start: utc('2026-03-28T00:00Z'),
      end: utc('2026-03-31T00:00Z'),
    });
    expect(windows).toEqual([
      { start: utc('2026-03-28T08:00Z'), end: utc('2026-03-28T16:00Z') }, // CET, +01:00
      { start: utc('2026-03-29T07:00Z'), end: utc('2026-03-29T15:00Z') }, // CEST, +02:00
      { start: utc('2026-03-30T07:00Z'), end: utc('2026-03-30T15:00Z') },
    ]);
    expect(localWindows(windows, BERLIN)[1]).toBe('2026-03-29 09:00 → 2026-03-29 17:00');
  });

  it('keeps 09:00–17:00 local on the fall-back day', () => {
    const windows = occurrences(nineToFive, BERLIN, {
      start: utc('2026-10-24T00:00Z'),
      end: utc('2026-10-26T00:00Z'),
    });
    expect(windows).toEqual([
      { start: utc('2026-10-24T07:00Z'), end: utc('2026-10-24T15:00Z') }, // CEST
      { start: utc('2026-10-25T08:00Z'), end: utc('2026-10-25T16:00Z') }, // CET
    ]);
  });

  it('starts a window in the spring gap when the gap ends (02:30 → 03:00 CEST)', () => {
    const windows = occurrences(daily('02:30', '04:00', '2026-03-28'), BERLIN, {
      start: utc('2026-03-28T00:00Z'),
      end: utc('2026-03-30T00:00Z'),
    });
    expect(localWindows(windows, BERLIN)).toEqual([
      '2026-03-28 02:30 → 2026-03-28 04:00',
      '2026-03-29 03:00 → 2026-03-29 04:00',
    ]);
    expect(windows[1]).toEqual({ start: utc('2026-03-29T01:00Z'), end: utc('2026-03-29T02:00Z') });
  });

  it('ends a window in the spring gap when the gap ends, and never inverts one', () => {
    const endsInGap = occurrences(daily('01:00', '02:30', '2026-03-29', '2026-03-29'), BERLIN, {
      start: utc('2026-03-28T00:00Z'),
      end: utc('2026-03-30T00:00Z'),
    });
    expect(endsInGap).toEqual([{ start: utc('2026-03-29T00:00Z'), end: utc('2026-03-29T01:00Z') }]);
    // RFC 5545's shift-by-gap rule would make this 03:30–03:10; ours gives the 10 minutes that exist.
    const straddles = occurrences(daily('02:30', '03:10', '2026-03-29', '2026-03-29'), BERLIN, {
      start: utc('2026-03-28T00:00Z'),
      end: utc('2026-03-30T00:00Z'),
    });
    expect(localWindows(straddles, BERLIN)).toEqual(['2026-03-29 03:00 → 2026-03-29 03:10']);
  });

  it('skips a window that lies wholly inside the spring gap', () => {
    const windows = occurrences(daily('02:15', '02:45', '2026-03-28', '2026-03-30'), BERLIN, {
      start: utc('2026-03-27T00:00Z'),
      end: utc('2026-04-01T00:00Z'),
    });
    expect(localWindows(windows, BERLIN)).toEqual([
      '2026-03-28 02:15 → 2026-03-28 02:45',
      '2026-03-30 02:15 → 2026-03-30 02:45',
    ]);
  });

  it('takes the first of two ambiguous fall-back times (RFC 5545)', () => {
    const windows = occurrences(daily('02:30', '03:30', '2026-10-25', '2026-10-25'), BERLIN, {
      start: utc('2026-10-24T00:00Z'),
      end: utc('2026-10-26T00:00Z'),
    });
    // 02:30 CEST (00:30Z) to 03:30 CET (02:30Z): two hours of real time, 02:30–03:30 on the wall.
    expect(windows).toEqual([{ start: utc('2026-10-25T00:30Z'), end: utc('2026-10-25T02:30Z') }]);
  });

  it('runs an overnight window across the change: 22:00–06:00 is 9 h on the fall-back night', () => {
    const windows = occurrences(
      schedule({
        kind: 'weekly',
        weekdays: [6],
        localStart: '22:00',
        localEnd: '06:00',
        fromDate: '2026-10-01',
      }),
      BERLIN,
      { start: utc('2026-10-20T00:00Z'), end: utc('2026-10-27T00:00Z') },
    );
    expect(localWindows(windows, BERLIN)).toEqual(['2026-10-24 22:00 → 2026-10-25 06:00']);
    const [window] = windows;
    expect(window!.end - window!.start).toBe(9 * HOUR);
  });
});

describe('weekly occurrences across DST (America/New_York, 2026: +1 h on 8 Mar, −1 h on 1 Nov)', () => {
  const nineToFive = daily('09:00', '17:00', '2026-01-01');

  it('keeps 09:00–17:00 local on the spring-forward day', () => {
    expect(
      occurrences(nineToFive, NEW_YORK, { start: utc('2026-03-07T00:00Z'), end: utc('2026-03-09T00:00Z') }),
    ).toEqual([
      { start: utc('2026-03-07T14:00Z'), end: utc('2026-03-07T22:00Z') }, // EST, −05:00
      { start: utc('2026-03-08T13:00Z'), end: utc('2026-03-08T21:00Z') }, // EDT, −04:00
    ]);
  });

  it('keeps 09:00–17:00 local on the fall-back day', () => {
    expect(
      occurrences(nineToFive, NEW_YORK, { start: utc('2026-10-31T00:00Z'), end: utc('2026-11-02T00:00Z') }),
    ).toEqual([
      { start: utc('2026-10-31T13:00Z'), end: utc('2026-10-31T21:00Z') }, // EDT
      { start: utc('2026-11-01T14:00Z'), end: utc('2026-11-01T22:00Z') }, // EST
    ]);
  });

  it('resolves the spring gap (02:30 → 03:00 EDT) and the fall overlap (01:30 → first, EDT)', () => {
    const gap = occurrences(daily('02:30', '05:00', '2026-03-08', '2026-03-08'), NEW_YORK, {
      start: utc('2026-03-07T00:00Z'),
      end: utc('2026-03-10T00:00Z'),
    });
    expect(gap).toEqual([{ start: utc('2026-03-08T07:00Z'), end: utc('2026-03-08T09:00Z') }]);
    const overlap = occurrences(daily('01:30', '03:00', '2026-11-01', '2026-11-01'), NEW_YORK, {
      start: utc('2026-10-31T00:00Z'),
      end: utc('2026-11-03T00:00Z'),
    });
    expect(overlap).toEqual([{ start: utc('2026-11-01T05:30Z'), end: utc('2026-11-01T08:00Z') }]);
  });

  it('runs an overnight window into the fall-back day: Sat 22:00 EDT → Sun 06:00 EST is 9 h', () => {
    const windows = occurrences(
      schedule({
        kind: 'weekly',
        weekdays: [6],
        localStart: '22:00',
        localEnd: '06:00',
        fromDate: '2026-10-01',
      }),
      NEW_YORK,
      { start: utc('2026-10-31T12:00Z'), end: utc('2026-11-01T12:00Z') },
    );
    expect(windows).toEqual([{ start: utc('2026-11-01T02:00Z'), end: utc('2026-11-01T11:00Z') }]);
  });
});

describe('occurrences', () => {
  const range = { start: utc('2026-01-01T00:00Z'), end: utc('2027-01-01T00:00Z') };

  it('gives always one unbounded window and once its window when it overlaps the range', () => {
    expect(occurrences(schedule({ kind: 'always' }), BERLIN, range)).toEqual([ALWAYS_WINDOW]);
    const once = ZOnceScheduleSchema.parse({
      kind: 'once',
      startsAt: utc('2026-05-01T10:00Z'),
      endsAt: utc('2026-05-01T12:00Z'),
    });
    expect(occurrences(once, BERLIN, range)).toEqual([{ start: once.startsAt, end: once.endsAt }]);
    // Half-open: a range ending at the start, or starting at the end, does not see the window.
    expect(occurrences(once, BERLIN, { start: 0, end: once.startsAt })).toEqual([]);
    expect(occurrences(once, BERLIN, { start: once.endsAt, end: once.endsAt + DAY })).toEqual([]);
    expect(occurrences(once, BERLIN, { start: once.startsAt + 1, end: once.startsAt + 1 })).toEqual([]);
  });

  it('returns windows straddling the range whole', () => {
    const windows = occurrences(daily('09:00', '17:00', '2026-01-01'), 'UTC', {
      start: utc('2026-06-01T12:00Z'),
      end: utc('2026-06-02T10:00Z'),
    });
    expect(windows).toEqual([
      { start: utc('2026-06-01T09:00Z'), end: utc('2026-06-01T17:00Z') },
      { start: utc('2026-06-02T09:00Z'), end: utc('2026-06-02T17:00Z') },
    ]);
  });

  it('keeps to the weekdays and the inclusive date range; an overnight window may end after untilDate', () => {
    const rule = schedule({
      kind: 'weekly',
      weekdays: [1, 3], // Monday, Wednesday
      localStart: '20:00',
      localEnd: '02:00',
      fromDate: '2026-06-03', // a Wednesday
      untilDate: '2026-06-10', // a Wednesday
    });
    expect(localWindows(occurrences(rule, 'UTC', range), 'UTC')).toEqual([
      '2026-06-03 20:00 → 2026-06-04 02:00',
      '2026-06-08 20:00 → 2026-06-09 02:00',
      '2026-06-10 20:00 → 2026-06-11 02:00',
    ]);
    expect(scheduleEnd(rule, 'UTC')).toBe(utc('2026-06-11T02:00Z'));
    expect(scheduleStart(rule, 'UTC')).toBe(utc('2026-06-03T20:00Z'));
  });

  it('merges windows that touch (whole days ending at 24:00)', () => {
    const rule = schedule({
      kind: 'weekly',
      weekdays: [1, 2, 4],
      localStart: '00:00',
      localEnd: '24:00',
      fromDate: '2026-06-01', // a Monday
      untilDate: '2026-06-07',
    });
    expect(localWindows(occurrences(rule, BERLIN, range), BERLIN)).toEqual([
      '2026-06-01 00:00 → 2026-06-03 00:00',
      '2026-06-04 00:00 → 2026-06-05 00:00',
    ]);
  });

  it('makes a whole day 23 h and 25 h long on the change days', () => {
    const rule = daily('00:00', '24:00', '2026-03-29', '2026-03-29');
    const [spring] = occurrences(rule, BERLIN, range);
    expect(spring!.end - spring!.start).toBe(23 * HOUR);
    const [fall] = occurrences(daily('00:00', '24:00', '2026-10-25', '2026-10-25'), BERLIN, range);
    expect(fall!.end - fall!.start).toBe(25 * HOUR);
  });

  it('refuses to expand an open-ended weekly rule over a runaway range', () => {
    expect(() =>
      occurrences(daily('09:00', '17:00', '2026-01-01'), 'UTC', { start: 0, end: ALWAYS_WINDOW.end }),
    ).toThrow(expect.objectContaining({ code: 'invalid_range' }) as Error);
    // Bounded by its own dates, the same range is fine.
    expect(
      occurrences(daily('09:00', '17:00', '2026-01-01', '2026-01-02'), 'UTC', {
        start: 0,
        end: ALWAYS_WINDOW.end,
      }),
    ).toHaveLength(2);
  });

  it('throws coded errors on an unknown zone or a bad range', () => {
    expect(() => occurrences(daily('09:00', '17:00', '2026-01-01'), 'Mars/Olympus', range)).toThrow(
      AccessCodeError,
    );
    expect(() => occurrences(schedule({ kind: 'always' }), 'UTC', { start: 10, end: 5 })).toThrow(
      expect.objectContaining({ code: 'invalid_range' }) as Error,
    );
    expect(() => occurrences(schedule({ kind: 'always' }), 'UTC', { start: Number.NaN, end: 5 })).toThrow(
      AccessCodeError,
    );
  });
});

describe('isActiveAt and windowAt', () => {
  const rule = daily('09:00', '17:00', '2026-01-01');

  it('is active from the start instant up to, not including, the end', () => {
    expect(isActiveAt(rule, BERLIN, utc('2026-03-29T07:00Z'))).toBe(true);
    expect(isActiveAt(rule, BERLIN, utc('2026-03-29T06:59:59.999Z'))).toBe(false);
    expect(isActiveAt(rule, BERLIN, utc('2026-03-29T14:59:59.999Z'))).toBe(true);
    expect(isActiveAt(rule, BERLIN, utc('2026-03-29T15:00Z'))).toBe(false);
    expect(windowAt(rule, BERLIN, utc('2026-03-29T12:00Z'))).toEqual({
      start: utc('2026-03-29T07:00Z'),
      end: utc('2026-03-29T15:00Z'),
    });
    expect(windowAt(rule, BERLIN, utc('2026-03-29T20:00Z'))).toBeNull();
    expect(isActiveAt(schedule({ kind: 'always' }), BERLIN, 0)).toBe(true);
  });
});

describe('nextEdge', () => {
  it('walks the edges of a once window', () => {
    const once = schedule({ kind: 'once', startsAt: 1000, endsAt: 2000 });
    expect(nextEdge(once, 'UTC', 0)).toEqual({ at: 1000, kind: 'start' });
    expect(nextEdge(once, 'UTC', 1000)).toEqual({ at: 2000, kind: 'end' });
    expect(nextEdge(once, 'UTC', 1500)).toEqual({ at: 2000, kind: 'end' });
    expect(nextEdge(once, 'UTC', 2000)).toBeNull();
    expect(nextEdge(schedule({ kind: 'always' }), 'UTC', 0)).toBeNull();
  });

  it('walks a weekly rule across the spring-forward day', () => {
    const rule = daily('09:00', '17:00', '2026-03-28', '2026-03-29');
    const edges: string[] = [];
    for (let edge = nextEdge(rule, BERLIN, 0); edge !== null; edge = nextEdge(rule, BERLIN, edge.at)) {
      edges.push(`${edge.kind} ${new Date(edge.at).toISOString()}`);
    }
    expect(edges).toEqual([
      'start 2026-03-28T08:00:00.000Z',
      'end 2026-03-28T16:00:00.000Z',
      'start 2026-03-29T07:00:00.000Z',
      'end 2026-03-29T15:00:00.000Z',
    ]);
  });

  it('finds a start far in the future and skips merged boundaries', () => {
    const future = daily('09:00', '17:00', '2029-07-01');
    expect(nextEdge(future, 'UTC', utc('2026-01-01T00:00Z'))).toEqual({
      at: utc('2029-07-01T09:00Z'),
      kind: 'start',
    });
    const allWeek = daily('00:00', '24:00', '2026-06-01', '2026-08-31');
    expect(nextEdge(allWeek, 'UTC', utc('2026-06-01T00:00Z'))).toEqual({
      at: utc('2026-09-01T00:00Z'),
      kind: 'end',
    });
    const openWeek = daily('00:00', '24:00', '2026-06-01');
    expect(nextEdge(openWeek, 'UTC', utc('2026-06-01T00:00Z'))).toBeNull();
  });
});

describe('properties', () => {
  const zones = [
    'Europe/Berlin',
    'America/New_York',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
    'UTC',
    'America/Santiago',
  ];
  const localTime = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45, 59))
    .map(([hours, minutes]) => `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`);
  const weeklyRule = fc
    .record({
      weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
      localStart: localTime,
      localEnd: fc.oneof(localTime, fc.constant('24:00')),
      fromDay: fc.integer({ min: 0, max: 700 }),
      length: fc.option(fc.integer({ min: 6, max: 400 }), { nil: null }),
    })
    .filter((rule) => rule.localStart !== rule.localEnd)
    .map((rule) => {
      const from = Date.UTC(2025, 0, 1) + rule.fromDay * DAY;
      return schedule({
        kind: 'weekly',
        weekdays: rule.weekdays,
        localStart: rule.localStart,
        localEnd: rule.localEnd,
        fromDate: new Date(from).toISOString().slice(0, 10),
        untilDate:
          rule.length === null ? null : new Date(from + rule.length * DAY).toISOString().slice(0, 10),
      });
    });

  it("one code's windows are sorted, non-empty, at most 25 h, and never overlap or touch", () => {
    fc.assert(
      fc.property(weeklyRule, fc.constantFrom(...zones), (rule, zone) => {
        const windows = occurrences(rule, zone, {
          start: utc('2025-01-01T00:00Z'),
          end: utc('2027-06-01T00:00Z'),
        });
        for (const [index, window] of windows.entries()) {
          expect(window.end).toBeGreaterThan(window.start);
          const next = windows[index + 1];
          if (next !== undefined) expect(next.start).toBeGreaterThan(window.end);
          else continue;
        }
        if (rule.kind === 'weekly' && rule.localEnd !== '24:00' && !(rule.weekdays.length === 7)) {
          for (const window of windows) expect(window.end - window.start).toBeLessThanOrEqual(25 * HOUR);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('windows start at the local start time unless it fell into a gap', () => {
    fc.assert(
      fc.property(weeklyRule, fc.constantFrom(...zones), (rule, zone) => {
        if (rule.kind !== 'weekly') return;
        for (const window of occurrences(rule, zone, {
          start: utc('2025-01-01T00:00Z'),
          end: utc('2026-06-01T00:00Z'),
        })) {
          const start = DateTime.fromMillis(window.start, { zone });
          const exists = start.toFormat('HH:mm') === rule.localStart;
          // In a gap the window starts right after the change, a time later than the requested one.
          const offsetChanged = start.minus({ minutes: 1 }).offset !== start.offset;
          expect(exists || offsetChanged).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('nextEdge agrees with the expanded windows, and isActiveAt with windowAt', () => {
    fc.assert(
      fc.property(
        weeklyRule,
        fc.constantFrom(...zones),
        fc.integer({ min: utc('2025-01-01T00:00Z'), max: utc('2026-12-01T00:00Z') }),
        (rule, zone, after) => {
          const windows = occurrences(rule, zone, { start: after, end: after + 60 * DAY });
          const edges = windows.flatMap((window) => [
            { at: window.start, kind: 'start' as const },
            { at: window.end, kind: 'end' as const },
          ]);
          const expected = edges.find((edge) => edge.at > after);
          const actual = nextEdge(rule, zone, after);
          if (expected !== undefined && expected.at < after + 59 * DAY) expect(actual).toEqual(expected);
          expect(isActiveAt(rule, zone, after)).toBe(windowAt(rule, zone, after) !== null);
        },
      ),
      { numRuns: 100 },
    );
  });
});
