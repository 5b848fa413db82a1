import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * When an access code may be on a lock (DESIGN §3). Three kinds:
 * - `always`: the primary code, ongoing;
 * - `once`: one window `[startsAt, endsAt)` between two instants;
 * - `weekly`: on some ISO weekdays, from a local start to a local end time, between two local dates,
 *   evaluated in the property's time zone (see occurrences.ts and wall-clock.ts for the DST policy).
 *
 * Instants are milliseconds since the Unix epoch (UTC) throughout the package, as in lock-protocol.
 */

/** Why a schedule was refused. Wire values: the API returns them as problem codes. */
export const ScheduleErrorCode = {
  /** `kind` is missing or not `always`, `once` or `weekly`. */
  InvalidKind: 'invalid_schedule_kind',
  /** `startsAt`/`endsAt` is not an ISO 8601 date-time with offset, a Date, or a millisecond timestamp. */
  InvalidInstant: 'invalid_instant',
  /** The window has no duration: `endsAt` ≤ `startsAt`, or `localEnd` equals `localStart`. */
  EmptyWindow: 'empty_window',
  /** `weekdays` is not a non-empty list of distinct ISO weekdays 1 (Monday) – 7 (Sunday). */
  InvalidWeekdays: 'invalid_weekdays',
  /** `localStart`/`localEnd` is not `HH:MM` (24-hour; `24:00` is allowed as an end only). */
  InvalidLocalTime: 'invalid_local_time',
  /** `fromDate`/`untilDate` is not a real calendar date `YYYY-MM-DD`. */
  InvalidLocalDate: 'invalid_local_date',
  /** `untilDate` is before `fromDate`. */
  DateRangeReversed: 'date_range_reversed',
  /** The date range contains none of the weekdays, so the rule never fires. */
  NoOccurrences: 'no_occurrences',
  /** A field the schedule kind does not define. */
  UnknownField: 'unknown_field',
  /** Not an IANA time zone (e.g. `Europe/Berlin`). */
  InvalidTimeZone: 'invalid_time_zone',
} as const;
export type TScheduleErrorCode = (typeof ScheduleErrorCode)[keyof typeof ScheduleErrorCode];

const SCHEDULE_ERROR_DETAIL: Record<TScheduleErrorCode, string> = {
  invalid_schedule_kind: 'kind must be always, once or weekly',
  invalid_instant: 'an instant is an ISO 8601 date-time with offset or milliseconds since the epoch',
  empty_window: 'the window ends before or when it starts',
  invalid_weekdays: 'weekdays are 1 (Monday) to 7 (Sunday), at least one, each once',
  invalid_local_time: 'a local time is HH:MM, 00:00 to 23:59 (24:00 allowed as an end)',
  invalid_local_date: 'a local date is YYYY-MM-DD and must exist',
  date_range_reversed: 'untilDate is before fromDate',
  no_occurrences: 'no day between fromDate and untilDate falls on one of the weekdays',
  unknown_field: 'field not defined for this schedule kind',
  invalid_time_zone: 'not an IANA time zone',
};

const SCHEDULE_ERROR_CODES = new Set<string>(Object.values(ScheduleErrorCode));

/** Latest instant a schedule may name: JavaScript's Date limit, as lock-protocol's timestamps. */
const MAX_INSTANT = 8_640_000_000_000_000;

/**
 * An instant: milliseconds since the epoch, an ISO 8601 date-time with an explicit offset (`Z` or
 * `+02:00`: a bare local date-time is ambiguous and refused), or a Date (as Prisma returns). Output: ms.
 */
export const ZInstantSchema = z.union(
  [
    z.int().min(0).max(MAX_INSTANT),
    z.iso.datetime({ offset: true }).transform((text) => Date.parse(text)),
    z.date().transform((date) => date.getTime()),
  ],
  { error: ScheduleErrorCode.InvalidInstant },
);

const LOCAL_TIME = /^(?:[01][0-9]|2[0-3]):[0-5][0-9]$/;
const LOCAL_END_TIME = /^(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;

/** Local wall-clock time `HH:MM`, 00:00–23:59. */
export const ZLocalTimeSchema = z.string({ error: ScheduleErrorCode.InvalidLocalTime }).regex(LOCAL_TIME, {
  error: ScheduleErrorCode.InvalidLocalTime,
});

/** Local end time: as {@link ZLocalTimeSchema}, or `24:00` for "until midnight at the end of the day". */
export const ZLocalEndTimeSchema = z
  .string({ error: ScheduleErrorCode.InvalidLocalTime })
  .regex(LOCAL_END_TIME, { error: ScheduleErrorCode.InvalidLocalTime });

/**
 * Local calendar date `YYYY-MM-DD` (leap days checked), or a Date at UTC midnight as Prisma returns a
 * `@db.Date` column. Output: the string.
 */
export const ZLocalDateSchema = z.union(
  [
    z.iso.date(),
    z
      .date()
      .refine((date) => date.getTime() % 86_400_000 === 0)
      .transform((date) => date.toISOString().slice(0, 10)),
  ],
  { error: ScheduleErrorCode.InvalidLocalDate },
);

/** IANA time zone name, checked against this runtime's Intl data (through luxon). */
export const ZTimeZoneSchema = z
  .string({ error: ScheduleErrorCode.InvalidTimeZone })
  .refine((zone) => IANAZone.isValidZone(zone), { error: ScheduleErrorCode.InvalidTimeZone });
export type TTimeZone = z.infer<typeof ZTimeZoneSchema>;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const ZIsoWeekdaySchema = z.int({ error: ScheduleErrorCode.InvalidWeekdays }).min(1).max(7);

/** Ongoing: the primary code. */
export const ZAlwaysScheduleSchema = z.strictObject({ kind: z.literal('always') });

/** One window `[startsAt, endsAt)`. */
export const ZOnceScheduleSchema = z
  .strictObject({
    kind: z.literal('once'),
    startsAt: ZInstantSchema,
    endsAt: ZInstantSchema,
  })
  .check((ctx) => {
    if (ctx.value.endsAt <= ctx.value.startsAt) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        path: ['endsAt'],
        message: ScheduleErrorCode.EmptyWindow,
      });
    }
  });

/**
 * Weekly rule: on each of `weekdays` (ISO), from `localStart` to `localEnd` in the property's time zone,
 * for start dates `fromDate` … `untilDate` (inclusive; none: open-ended). `localEnd` earlier than
 * `localStart` is an overnight window ending the next day (`22:00`–`06:00`); `24:00` ends at midnight.
 * Weekdays come out sorted and distinct.
 */
export const ZWeeklyScheduleSchema = z
  .strictObject({
    kind: z.literal('weekly'),
    weekdays: z
      .array(ZIsoWeekdaySchema, { error: ScheduleErrorCode.InvalidWeekdays })
      .min(1, { error: ScheduleErrorCode.InvalidWeekdays })
      .max(7, { error: ScheduleErrorCode.InvalidWeekdays })
      .refine((days) => new Set(days).size === days.length, { error: ScheduleErrorCode.InvalidWeekdays })
      .transform((days) => [...days].sort((a, b) => a - b)),
    localStart: ZLocalTimeSchema,
    localEnd: ZLocalEndTimeSchema,
    fromDate: ZLocalDateSchema,
    untilDate: ZLocalDateSchema.nullable().default(null),
  })
  .check((ctx) => {
    const rule = ctx.value;
    // 00:00–24:00 is a whole day; only an identical start and end has no duration.
    if (rule.localEnd === rule.localStart) {
      ctx.issues.push({
        code: 'custom',
        input: rule,
        path: ['localEnd'],
        message: ScheduleErrorCode.EmptyWindow,
      });
    }
    if (rule.untilDate !== null) {
      const from = dayNumberOfDate(rule.fromDate);
      const until = dayNumberOfDate(rule.untilDate);
      if (until < from) {
        ctx.issues.push({
          code: 'custom',
          input: rule,
          path: ['untilDate'],
          message: ScheduleErrorCode.DateRangeReversed,
        });
      } else if (until - from < 7) {
        const days = new Set(rule.weekdays);
        let fires = false;
        for (let day = from; day <= until; day++) fires ||= days.has(isoWeekdayOfDayNumber(day));
        if (!fires) {
          ctx.issues.push({
            code: 'custom',
            input: rule,
            path: ['weekdays'],
            message: ScheduleErrorCode.NoOccurrences,
          });
        }
      }
    }
  });

/** Any schedule, discriminated by `kind`. Parse with {@link parseSchedule} for coded errors. */
export const ZScheduleSchema = z.discriminatedUnion(
  'kind',
  [ZAlwaysScheduleSchema, ZOnceScheduleSchema, ZWeeklyScheduleSchema],
  { error: ScheduleErrorCode.InvalidKind },
);

export type TAlwaysSchedule = z.output<typeof ZAlwaysScheduleSchema>;
export type TOnceSchedule = z.output<typeof ZOnceScheduleSchema>;
export type TWeeklySchedule = z.output<typeof ZWeeklyScheduleSchema>;
/** A parsed schedule: instants in ms, weekdays sorted, `untilDate` null when open-ended. */
export type TSchedule = z.output<typeof ZScheduleSchema>;
/** What {@link ZScheduleSchema} accepts (ISO strings or Dates for instants, optional `untilDate`). */
export type TScheduleInput = z.input<typeof ZScheduleSchema>;
export type TScheduleKind = TSchedule['kind'];

/** One reason a schedule was refused; `field` is the dotted path (`weekdays.2`, `endsAt`). */
export interface TScheduleIssue {
  code: TScheduleErrorCode;
  field?: string;
  detail: string;
}

export type TScheduleParse = { ok: true; schedule: TSchedule } | { ok: false; issues: TScheduleIssue[] };

/** Codes for zod's own issues (type errors inside a field), by the first path segment. */
const FIELD_ERROR: Record<string, TScheduleErrorCode> = {
  kind: ScheduleErrorCode.InvalidKind,
  startsAt: ScheduleErrorCode.InvalidInstant,
  endsAt: ScheduleErrorCode.InvalidInstant,
  weekdays: ScheduleErrorCode.InvalidWeekdays,
  localStart: ScheduleErrorCode.InvalidLocalTime,
  localEnd: ScheduleErrorCode.InvalidLocalTime,
  fromDate: ScheduleErrorCode.InvalidLocalDate,
  untilDate: ScheduleErrorCode.InvalidLocalDate,
};

function scheduleIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): TScheduleIssue[] {
  const issues: TScheduleIssue[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path].map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({
          code: ScheduleErrorCode.UnknownField,
          field: [...path, key].join('.'),
          detail: SCHEDULE_ERROR_DETAIL.unknown_field,
        });
      }
      continue;
    }
    const head = issue.path[0];
    const code: TScheduleErrorCode = SCHEDULE_ERROR_CODES.has(issue.message)
      ? (issue.message as TScheduleErrorCode)
      : ((typeof head === 'string' ? FIELD_ERROR[head] : undefined) ?? ScheduleErrorCode.InvalidKind);
    const entry: TScheduleIssue = { code, detail: SCHEDULE_ERROR_DETAIL[code] };
    if (path.length > 0) entry.field = path.join('.');
    issues.push(entry);
  }
  return issues;
}

/**
 * Parses untrusted input into a schedule. Never throws; every refusal carries a code from
 * {@link ScheduleErrorCode} and the field it concerns. `fieldPrefix` prepends a path (e.g. `schedule`).
 */
export function parseSchedule(input: unknown, fieldPrefix: readonly string[] = []): TScheduleParse {
  const result = ZScheduleSchema.safeParse(input);
  if (result.success) return { ok: true, schedule: result.data };
  return { ok: false, issues: scheduleIssues(result.error, fieldPrefix) };
}

/** Parses an IANA time zone name. */
export function parseTimeZone(
  input: unknown,
  field = 'timeZone',
): { ok: true; timeZone: string } | { ok: false; issues: TScheduleIssue[] } {
  const result = ZTimeZoneSchema.safeParse(input);
  if (result.success) return { ok: true, timeZone: result.data };
  return {
    ok: false,
    issues: [
      { code: ScheduleErrorCode.InvalidTimeZone, field, detail: SCHEDULE_ERROR_DETAIL.invalid_time_zone },
    ],
  };
}

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (a calendar day count, no time zone involved). */
export function dayNumberOfDate(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  return Math.round(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1) / MS_PER_DAY);
}

/** `YYYY-MM-DD` of a day number. */
export function dateOfDayNumber(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number; 1970-01-01 was a Thursday. */
export function isoWeekdayOfDayNumber(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** Minutes since local midnight of `HH:MM` (`24:00` → 1440). */
export function minutesOfLocalTime(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}
