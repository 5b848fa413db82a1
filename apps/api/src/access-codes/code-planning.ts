import { HttpStatus } from '@nestjs/common';
import {
  allocateSlot,
  DEFAULT_PLAN_POLICY,
  generateAccessCode,
  parseSchedule,
  PlanProblemCode,
  planAccessCode,
  planningRange,
  type TCodeSealer,
  type TLockCodeWithDigits,
  type TPlanProblem,
  type TPlanTargetLock,
  type TSchedule,
  type TWindow,
} from '@lockstep/access-codes';
import { AccessCodeKind } from '@lockstep/db';
import { profileFor, ProtocolError, SEED_MODEL_PROFILE } from '@lockstep/lock-protocol';
import { ProblemException } from '../problems/problem.exception.js';
import { ProblemType } from '../problems/problem-type.js';
import { toDateOnly } from '../validation/is-calendar-date.js';
import { type CodeOnLock } from './access-codes.repository.js';

/**
 * The API's side of planAccessCode: turns stored rows into the planner's input (opening the sealed
 * digits in memory only), and its refusals into problem documents that name the field, the lock, the
 * conflicting code (id and label, never its digits) and the overlapping windows.
 */

type ScheduleColumns = Pick<
  CodeOnLock['code'],
  'scheduleKind' | 'startsAt' | 'endsAt' | 'weekdays' | 'localStart' | 'localEnd' | 'fromDate' | 'untilDate'
>;

/** A stored schedule in the planner's form (instants in ms, local dates as `YYYY-MM-DD`). */
export function scheduleOf(row: ScheduleColumns): TSchedule {
  switch (row.scheduleKind) {
    case 'always':
      return { kind: 'always' };
    case 'once':
      return { kind: 'once', startsAt: row.startsAt?.getTime() ?? 0, endsAt: row.endsAt?.getTime() ?? 0 };
    case 'weekly':
      return {
        kind: 'weekly',
        weekdays: row.weekdays,
        localStart: row.localStart ?? '00:00',
        localEnd: row.localEnd ?? '24:00',
        fromDate: row.fromDate ? toDateOnly(row.fromDate) : '1970-01-01',
        untilDate: row.untilDate ? toDateOnly(row.untilDate) : null,
      };
  }
}

/** The schedule's columns for storing. */
export function scheduleColumns(schedule: TSchedule): ScheduleColumns {
  const none = {
    startsAt: null,
    endsAt: null,
    weekdays: [] as number[],
    localStart: null,
    localEnd: null,
    fromDate: null,
    untilDate: null,
  };
  switch (schedule.kind) {
    case 'always':
      return { ...none, scheduleKind: 'always' };
    case 'once':
      return {
        ...none,
        scheduleKind: 'once',
        startsAt: new Date(schedule.startsAt),
        endsAt: new Date(schedule.endsAt),
      };
    case 'weekly':
      return {
        ...none,
        scheduleKind: 'weekly',
        weekdays: schedule.weekdays,
        localStart: schedule.localStart,
        localEnd: schedule.localEnd,
        fromDate: new Date(`${schedule.fromDate}T00:00:00Z`),
        untilDate: schedule.untilDate ? new Date(`${schedule.untilDate}T00:00:00Z`) : null,
      };
  }
}

export interface PlanLock {
  id: string;
  name: string;
  model: string;
}

/** Planner locks from the unit's locks and the codes on them; `excludeCodeId` leaves a code out (re-planning). */
export function planTargetLocks(
  locks: readonly PlanLock[],
  onLocks: readonly CodeOnLock[],
  sealer: TCodeSealer,
  excludeCodeId?: string,
): TPlanTargetLock[] {
  const opened = new Map<string, string>();
  const digitsOf = (code: CodeOnLock['code']) => {
    let digits = opened.get(code.id);
    if (digits === undefined) {
      digits = sealer.open(code.codeSealed, code.keyId);
      opened.set(code.id, digits);
    }
    return digits;
  };
  return locks.map((lock) => {
    const profile = profileFor(lock.model) ?? SEED_MODEL_PROFILE;
    const codes: TLockCodeWithDigits[] = onLocks
      .filter((row) => row.lockId === lock.id && row.code.id !== excludeCodeId)
      .map((row) => ({
        codeId: row.code.id,
        kind: row.code.kind,
        schedule: scheduleOf(row.code),
        slot: row.slot,
        revokedAt: row.code.revokedAt?.getTime() ?? null,
        code: digitsOf(row.code),
      }));
    return { lockId: lock.id, profile, codes };
  });
}

export interface PlanContext {
  locks: readonly PlanLock[];
  /** Code id → label, for naming conflicting codes. */
  labels: ReadonlyMap<string, string>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const windowView = (w: TWindow | null) =>
  w === null ? null : { startsAt: iso(w.start), endsAt: iso(w.end) };

const CONFLICT_CODES = new Set<string>([
  PlanProblemCode.ConflictEqual,
  PlanProblemCode.ConflictPrefix,
  PlanProblemCode.NoFreeSlot,
]);

/**
 * A refused plan as a problem: 409 when every reason is a clash with other codes (button-level
 * conflict, no free slot), 422 when the input itself is invalid (too short, weak, bad schedule).
 */
export function refusal(problems: readonly TPlanProblem[], ctx: PlanContext): ProblemException {
  const lockName = (id: string | undefined) => ctx.locks.find((l) => l.id === id)?.name;
  const views = problems.map((p) => ({
    code: p.code,
    ...(p.field !== undefined ? { field: p.field } : {}),
    ...(p.lockId !== undefined ? { lockId: p.lockId, lockName: lockName(p.lockId) ?? null } : {}),
    detail: p.detail,
    ...(p.conflictsWith
      ? {
          conflictsWith: p.conflictsWith.map((c) => ({
            codeId: c.codeId,
            label: ctx.labels.get(c.codeId) ?? null,
            kind: c.kind,
            slot: c.slot,
            ...(c.conflict !== undefined ? { conflict: c.conflict } : {}),
            window: windowView(c.window),
            overlappingWindow: windowView(c.candidateWindow),
          })),
        }
      : {}),
  }));
  const conflictOnly = problems.every((p) => CONFLICT_CODES.has(p.code));
  const first = problems[0];
  const detail = first ? describe(first, ctx) : 'The code was refused.';
  return new ProblemException({
    status: conflictOnly ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_ENTITY,
    type: conflictOnly ? ProblemType.AccessCodeConflict : ProblemType.AccessCodeInvalid,
    title: conflictOnly ? 'Access code conflict' : 'Access code refused',
    detail,
    errors: problems.map((p) => ({
      field: p.field ?? (p.code === PlanProblemCode.NoSecondarySlots ? 'lockIds' : 'schedule'),
      message: `${p.code}: ${p.detail}`,
    })),
    extensions: { problems: views },
  });
}

function describe(problem: TPlanProblem, ctx: PlanContext): string {
  const lock = ctx.locks.find((l) => l.id === problem.lockId);
  const onLock = lock ? ` on lock "${lock.name}" (${lock.id})` : '';
  const name = (id: string) => {
    const label = ctx.labels.get(id);
    return label ? `"${label}" (${id})` : id;
  };
  const span = (w: TWindow | null) => (w === null ? 'always' : `${iso(w.start)}–${iso(w.end)}`);
  const [c] = problem.conflictsWith ?? [];
  if (
    (problem.code === PlanProblemCode.ConflictEqual || problem.code === PlanProblemCode.ConflictPrefix) &&
    c
  ) {
    const how =
      problem.code === PlanProblemCode.ConflictEqual
        ? 'is the same button sequence as'
        : 'is a button-level prefix of, or starts with,';
    return (
      `The code ${how} ${c.kind} code ${name(c.codeId)}${onLock}, which can be on the lock at the same time: ` +
      `its window ${span(c.window)} overlaps this code's ${span(c.candidateWindow)}.`
    );
  }
  if (problem.code === PlanProblemCode.NoFreeSlot) {
    const holders = [...new Set((problem.conflictsWith ?? []).map((h) => h.codeId))].map(name).join(', ');
    return `No slot is free${onLock} for every window of this code; the slots are held by ${holders}.`;
  }
  return `${problem.field ? `${problem.field}: ` : ''}${problem.detail}${onLock}.`;
}

export interface CandidateInput {
  codeId?: string;
  kind: AccessCodeKind;
  /** Null: generate one. */
  code: string | null;
  codeLength?: number | undefined;
  schedule: unknown;
  timeZone: string;
  locks: TPlanTargetLock[];
  now: number;
  minCodeLength: number;
}

export type PlannedCode = {
  code: string;
  generated: boolean;
  schedule: TSchedule;
  allocations: { lockId: string; slot: number }[];
};

/** Validates (and, with no code given, generates) a code for its locks; throws the refusal otherwise. */
export function planCode(input: CandidateInput, ctx: PlanContext): PlannedCode {
  const policy = { minCodeLength: input.minCodeLength };
  let code = input.code;
  let generated = false;
  if (code === null) {
    const parsed = parseSchedule(input.schedule, ['schedule']);
    if (!parsed.ok) throw refusal(parsed.issues, ctx);
    try {
      code = generateAccessCode({
        candidate: {
          kind: input.kind,
          schedule: parsed.schedule,
          ...(input.codeId ? { codeId: input.codeId } : {}),
        },
        timeZone: input.timeZone,
        locks: input.locks,
        now: input.now,
        ...(input.codeLength !== undefined ? { length: Math.max(input.codeLength, 0) } : {}),
        policy,
      });
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      throw refusal(
        [
          {
            code: 'too_short',
            field: 'codeLength',
            detail:
              error.code === 'code_space_exhausted'
                ? 'no code of this length is free of conflicts on these locks; choose a longer one'
                : `no code of this length fits the organization's minimum of ${input.minCodeLength} digits and every target lock`,
          },
        ],
        ctx,
      );
    }
    generated = true;
  }
  const plan = planAccessCode({
    candidate: {
      kind: input.kind,
      code,
      schedule: input.schedule,
      ...(input.codeId ? { codeId: input.codeId } : {}),
    },
    timeZone: input.timeZone,
    locks: input.locks,
    now: input.now,
    policy,
  });
  if (!plan.ok) throw refusal(plan.problems, ctx);
  return { code, generated, schedule: plan.schedule, allocations: plan.allocations };
}

/**
 * Re-plans an existing time-bound code (extended schedule): the keypad and conflict checks of
 * planAccessCode against the other codes, and its own slot on each lock must stay free for the new
 * windows — a code already on a lock never moves to another slot.
 */
export function replanCode(
  input: CandidateInput & { codeId: string; code: string; currentSlots: ReadonlyMap<string, number | null> },
  ctx: PlanContext,
): TSchedule {
  const plan = planAccessCode({
    candidate: { codeId: input.codeId, kind: input.kind, code: input.code, schedule: input.schedule },
    timeZone: input.timeZone,
    locks: input.locks,
    now: input.now,
    policy: { minCodeLength: input.minCodeLength },
  });
  if (!plan.ok) {
    // A full slot is judged below, on the code's own slot only.
    const problems = plan.problems.filter((p) => p.code !== PlanProblemCode.NoFreeSlot);
    if (problems.length > 0) throw refusal(problems, ctx);
  }
  const parsed = parseSchedule(input.schedule, ['schedule']);
  if (!parsed.ok) throw refusal(parsed.issues, ctx);
  const schedule = parsed.schedule;
  if (input.kind === AccessCodeKind.primary) return schedule;
  const slotProblems: TPlanProblem[] = [];
  for (const lock of input.locks) {
    const slot = input.currentSlots.get(lock.lockId);
    if (slot === null || slot === undefined) continue;
    // Only the code's own slot counts: present it to the allocator as the one secondary slot.
    const sameSlot = lock.codes
      .filter((c) => c.slot === slot && c.codeId !== input.codeId)
      .map((c) => ({ ...c, slot: 2 }));
    const range = planningRange(
      schedule,
      input.timeZone,
      input.now,
      lock.codes,
      DEFAULT_PLAN_POLICY.horizonMs,
    );
    const result = allocateSlot({
      profile: { slotCount: 2 },
      timeZone: input.timeZone,
      codes: sameSlot,
      candidate: { codeId: input.codeId, schedule },
      range,
      guard: DEFAULT_PLAN_POLICY.guard,
    });
    if (!result.ok) {
      slotProblems.push({
        code: PlanProblemCode.NoFreeSlot,
        lockId: lock.lockId,
        field: 'schedule',
        detail: `slot ${slot} is held during the extended windows`,
        conflictsWith: result.holders.map((h) => ({
          codeId: h.codeId,
          kind: h.kind,
          slot,
          window: h.window,
          candidateWindow: h.candidateWindow,
        })),
      });
    }
  }
  if (slotProblems.length > 0) throw refusal(slotProblems, ctx);
  return schedule;
}
