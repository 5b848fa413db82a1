import { AccessCodeKind, type TAccessCodeKind, type TLockCodeWithDigits } from '../held-windows.js';
import { ZScheduleSchema, type TSchedule, type TScheduleInput } from '../schedules.js';

/** Test data builders: each test states the codes it needs, no shared seed. */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const at = (iso: string): number => Date.parse(iso);

export const schedule = (input: TScheduleInput): TSchedule => ZScheduleSchema.parse(input);

export const once = (startsAt: string, endsAt: string): TSchedule =>
  schedule({ kind: 'once', startsAt: Date.parse(startsAt), endsAt: Date.parse(endsAt) });

export const weekly = (
  weekdays: number[],
  localStart: string,
  localEnd: string,
  fromDate: string,
  untilDate: string | null = null,
): TSchedule => schedule({ kind: 'weekly', weekdays, localStart, localEnd, fromDate, untilDate });

export const ALWAYS: TSchedule = { kind: 'always' };

export function lockCode(
  codeId: string,
  init: {
    slot?: number | null;
    code?: string;
    schedule?: TSchedule;
    kind?: TAccessCodeKind;
    revokedAt?: number | null;
  },
): TLockCodeWithDigits {
  const kind =
    init.kind ??
    (init.schedule?.kind === 'always' || init.schedule === undefined
      ? AccessCodeKind.Primary
      : AccessCodeKind.Maintenance);
  return {
    codeId,
    kind,
    slot: init.slot === undefined ? (kind === AccessCodeKind.Primary ? 1 : null) : init.slot,
    code: init.code ?? '913579',
    schedule: init.schedule ?? ALWAYS,
    revokedAt: init.revokedAt ?? null,
  };
}
