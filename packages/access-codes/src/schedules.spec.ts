import { describe, expect, it } from 'vitest';
import {
  dateOfDayNumber,
  dayNumberOfDate,
  isoWeekdayOfDayNumber,
  parseSchedule,
  parseTimeZone,
  ScheduleErrorCode,
  ZScheduleSchema,
} from './schedules.js';

const weekly = {
  kind: 'weekly',
  weekdays: [5, 1, 3],
  localStart: '09:00',
  localEnd: '17:00',
  fromDate: '2026-03-01',
  untilDate: '2026-12-31',
};

function issuesOf(input: unknown) {
  const result = parseSchedule(input);
  if (result.ok) throw new Error('expected a refusal');
  return result.issues;
}

describe('ZScheduleSchema', () => {
  it('parses always, once and weekly schedules', () => {
    expect(ZScheduleSchema.parse({ kind: 'always' })).toEqual({ kind: 'always' });
    expect(
      ZScheduleSchema.parse({
        kind: 'once',
        startsAt: '2026-03-29T09:00:00+02:00',
        endsAt: Date.UTC(2026, 2, 29, 15),
      }),
    ).toEqual({ kind: 'once', startsAt: Date.UTC(2026, 2, 29, 7), endsAt: Date.UTC(2026, 2, 29, 15) });
    expect(ZScheduleSchema.parse({ kind: 'once', startsAt: new Date(1000), endsAt: new Date(2000) })).toEqual(
      { kind: 'once', startsAt: 1000, endsAt: 2000 },
    );
  });

  it('sorts weekdays and defaults untilDate to null (open-ended)', () => {
    const { untilDate: _until, ...open } = weekly;
    expect(ZScheduleSchema.parse(open)).toEqual({ ...open, weekdays: [1, 3, 5], untilDate: null });
  });

  it('accepts Dates at UTC midnight for local dates, as Prisma returns @db.Date columns', () => {
    const parsed = ZScheduleSchema.parse({
      ...weekly,
      fromDate: new Date('2026-03-01T00:00:00Z'),
      untilDate: null,
    });
    expect(parsed).toMatchObject({ fromDate: '2026-03-01', untilDate: null });
    expect(issuesOf({ ...weekly, fromDate: new Date('2026-03-01T12:00:00Z') })).toMatchObject([
      { code: ScheduleErrorCode.InvalidLocalDate, field: 'fromDate' },
    ]);
  });

  it('accepts overnight windows, 24:00 as an end and 00:00–24:00 as a whole day', () => {
    expect(parseSchedule({ ...weekly, localStart: '22:00', localEnd: '06:00' }).ok).toBe(true);
    expect(parseSchedule({ ...weekly, localStart: '00:00', localEnd: '24:00' }).ok).toBe(true);
  });
});

describe('parseSchedule refusals', () => {
  it('names an empty once window at endsAt', () => {
    expect(issuesOf({ kind: 'once', startsAt: 5000, endsAt: 5000 })).toEqual([
      { code: ScheduleErrorCode.EmptyWindow, field: 'endsAt', detail: expect.any(String) as string },
    ]);
  });

  it('refuses a bare local date-time (no offset) and non-instants', () => {
    expect(issuesOf({ kind: 'once', startsAt: '2026-03-29T09:00:00', endsAt: 10 })).toMatchObject([
      { code: ScheduleErrorCode.InvalidInstant, field: 'startsAt' },
    ]);
    expect(issuesOf({ kind: 'once', startsAt: 1, endsAt: 1.5 })).toMatchObject([
      { code: ScheduleErrorCode.InvalidInstant, field: 'endsAt' },
    ]);
    expect(issuesOf({ kind: 'once', startsAt: 1 })).toMatchObject([
      { code: ScheduleErrorCode.InvalidInstant, field: 'endsAt' },
    ]);
  });

  it('refuses unknown and missing kinds', () => {
    expect(issuesOf({ kind: 'monthly' })).toMatchObject([
      { code: ScheduleErrorCode.InvalidKind, field: 'kind' },
    ]);
    expect(issuesOf({})).toMatchObject([{ code: ScheduleErrorCode.InvalidKind }]);
    expect(issuesOf(null)).toMatchObject([{ code: ScheduleErrorCode.InvalidKind }]);
  });

  it('names unknown fields', () => {
    expect(issuesOf({ kind: 'always', startsAt: 1 })).toMatchObject([
      { code: ScheduleErrorCode.UnknownField, field: 'startsAt' },
    ]);
  });

  it('refuses bad weekdays', () => {
    expect(issuesOf({ ...weekly, weekdays: [8] })).toMatchObject([
      { code: ScheduleErrorCode.InvalidWeekdays, field: 'weekdays.0' },
    ]);
    expect(issuesOf({ ...weekly, weekdays: [0] })).toMatchObject([
      { code: ScheduleErrorCode.InvalidWeekdays, field: 'weekdays.0' },
    ]);
    expect(issuesOf({ ...weekly, weekdays: [] })).toMatchObject([
      { code: ScheduleErrorCode.InvalidWeekdays, field: 'weekdays' },
    ]);
    expect(issuesOf({ ...weekly, weekdays: [1, 1] })).toMatchObject([
      { code: ScheduleErrorCode.InvalidWeekdays, field: 'weekdays' },
    ]);
    expect(issuesOf({ ...weekly, weekdays: 'mon' })).toMatchObject([
      { code: ScheduleErrorCode.InvalidWeekdays, field: 'weekdays' },
    ]);
  });

  it('refuses bad local times, 24:00 as a start, and equal start and end', () => {
    expect(issuesOf({ ...weekly, localStart: '25:00' })).toMatchObject([
      { code: ScheduleErrorCode.InvalidLocalTime, field: 'localStart' },
    ]);
    expect(issuesOf({ ...weekly, localStart: '24:00' })).toMatchObject([
      { code: ScheduleErrorCode.InvalidLocalTime, field: 'localStart' },
    ]);
    expect(issuesOf({ ...weekly, localEnd: '9:00' })).toMatchObject([
      { code: ScheduleErrorCode.InvalidLocalTime, field: 'localEnd' },
    ]);
    expect(issuesOf({ ...weekly, localEnd: 900 })).toMatchObject([
      { code: ScheduleErrorCode.InvalidLocalTime, field: 'localEnd' },
    ]);
    expect(issuesOf({ ...weekly, localEnd: '09:00' })).toMatchObject([
      { code: ScheduleErrorCode.EmptyWindow, field: 'localEnd' },
    ]);
  });

  it('refuses dates that do not exist and reversed or empty date ranges', () => {
    expect(issuesOf({ ...weekly, fromDate: '2026-02-29' })).toMatchObject([
      { code: ScheduleErrorCode.InvalidLocalDate, field: 'fromDate' },
    ]);
    expect(issuesOf({ ...weekly, untilDate: '2026-02-30' })).toMatchObject([
      { code: ScheduleErrorCode.InvalidLocalDate, field: 'untilDate' },
    ]);
    expect(issuesOf({ ...weekly, untilDate: '2026-02-28' })).toMatchObject([
      { code: ScheduleErrorCode.DateRangeReversed, field: 'untilDate' },
    ]);
    // 2026-03-03 is a Tuesday, 2026-03-04 a Wednesday: a Monday-only rule never fires.
    expect(
      issuesOf({ ...weekly, weekdays: [1], fromDate: '2026-03-03', untilDate: '2026-03-04' }),
    ).toMatchObject([{ code: ScheduleErrorCode.NoOccurrences, field: 'weekdays' }]);
    expect(
      parseSchedule({ ...weekly, weekdays: [3], fromDate: '2026-03-04', untilDate: '2026-03-04' }).ok,
    ).toBe(true);
  });

  it('prefixes fields when asked', () => {
    const result = parseSchedule({ kind: 'once', startsAt: 2, endsAt: 1 }, ['schedule']);
    expect(result).toMatchObject({ ok: false, issues: [{ field: 'schedule.endsAt' }] });
  });
});

describe('parseTimeZone', () => {
  it('accepts IANA names and refuses others', () => {
    expect(parseTimeZone('Europe/Berlin')).toEqual({ ok: true, timeZone: 'Europe/Berlin' });
    expect(parseTimeZone('Mars/Olympus')).toMatchObject({
      ok: false,
      issues: [{ code: ScheduleErrorCode.InvalidTimeZone, field: 'timeZone' }],
    });
    expect(parseTimeZone(42, 'property.timeZone')).toMatchObject({
      ok: false,
      issues: [{ field: 'property.timeZone' }],
    });
  });
});

describe('calendar day numbers', () => {
  it('round-trips dates and knows weekdays', () => {
    expect(dayNumberOfDate('1970-01-01')).toBe(0);
    expect(isoWeekdayOfDayNumber(0)).toBe(4); // Thursday
    expect(isoWeekdayOfDayNumber(dayNumberOfDate('2026-03-29'))).toBe(7); // Sunday
    expect(isoWeekdayOfDayNumber(dayNumberOfDate('1969-12-29'))).toBe(1); // Monday, before the epoch
    expect(dateOfDayNumber(dayNumberOfDate('2028-02-29'))).toBe('2028-02-29');
  });
});
