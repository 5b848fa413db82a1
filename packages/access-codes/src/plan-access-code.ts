import {
  generateCode,
  type TCapabilityProfile,
  type TCodeRules,
  type TConflict,
  type TRandomSource,
} from '@lockstep/lock-protocol';
import {
  checkCodePolicy,
  codeRulesForLock,
  DEFAULT_MIN_CODE_LENGTH,
  type TCodePolicyReason,
} from './code-policy.js';
import { findCodeConflicts, type TCodeConflictFinding } from './conflicts.js';
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
import { scheduleEnd, scheduleStart, type TRange, type TWindow } from './occurrences.js';
import { allocateSlot, type TSlotHolder } from './slot-allocation.js';
import { parseSchedule, parseTimeZone, type TSchedule, type TScheduleErrorCode } from './schedules.js';

/**
 * The single entry point the API calls before storing a code, and the worker calls before re-planning
 * one (DESIGN §3): schedule and time zone parse, the schedule fits the kind, the code passes the keypad
 * rules and the organization's minimum length on every target lock, and on every target lock some slot
 * is free for all of the code's windows and no code that can be on that lock at an overlapping time
 * conflicts with it at button level. Every problem is reported, not just the first.
 */

const DAY_MS = 86_400_000;

/** Tunables of a plan. */
export interface TPlanPolicy {
  /** Organization minimum code length (DESIGN: default 6). */
  minCodeLength: number;
  guard: TGuardInterval;
  /**
   * How far ahead open-ended schedules are checked, from the later of now and their first window.
   * Weekly rules repeat every week in local time, so a year (both DST changes) sees every pairing of
   * two open-ended rules; finite windows are always checked to their end.
   */
  horizonMs: number;
}

export const DEFAULT_PLAN_POLICY: Readonly<TPlanPolicy> = Object.freeze({
  minCodeLength: DEFAULT_MIN_CODE_LENGTH,
  guard: DEFAULT_GUARD_INTERVAL,
  horizonMs: 400 * DAY_MS,
});

/** Why a plan was refused. Wire values: the API returns them as problem codes. */
export const PlanProblemCode = {
  /** `kind: primary` needs an `always` schedule; `maintenance`/`guest` need `once` or `weekly`. */
  ScheduleKindMismatch: 'schedule_kind_mismatch',
  /** The schedule has no window that ends after now: a code is never installed after its window. */
  WindowEnded: 'window_ended',
  /** No lock was given. */
  NoTargetLocks: 'no_target_locks',
  /** The same lock was given twice. */
  DuplicateTargetLock: 'duplicate_target_lock',
  /** The lock model has only the primary slot. */
  NoSecondarySlots: 'no_secondary_slots',
  /** Every secondary slot is held by some code during some window of the candidate. */
  NoFreeSlot: 'no_free_slot',
  /** Same button sequence as a code that can be on the lock at the same time. */
  ConflictEqual: 'conflict_equal',
  /** Button sequence is a prefix of, or starts with, such a code's. */
  ConflictPrefix: 'conflict_prefix',
} as const;
export type TPlanProblemCode =
  (typeof PlanProblemCode)[keyof typeof PlanProblemCode] | TScheduleErrorCode | TCodePolicyReason;

/** A code that stands in the candidate's way: holding a needed slot, or conflicting at button level. */
export interface TConflictingCode {
  codeId: string;
  kind: TAccessCodeKind;
  slot: number | null;
  /** Set for button conflicts. */
  conflict?: TConflict;
  /** Its window (null: ongoing primary). */
  window: TWindow | null;
  /** The candidate's window it collides with, guard intervals included (null: ongoing primary). */
  candidateWindow: TWindow | null;
}

/** One reason a plan was refused. `detail` is for people and never contains a code. */
export interface TPlanProblem {
  code: TPlanProblemCode;
  lockId?: string;
  field?: string;
  detail: string;
  conflictsWith?: TConflictingCode[];
}

export interface TSlotAssignmentPlan {
  lockId: string;
  slot: number;
}

export type TPlanAccessCodeResult =
  | {
      ok: true;
      allocations: TSlotAssignmentPlan[];
      /** The parsed schedule, to store. */
      schedule: TSchedule;
      /** The instants that were checked. */
      range: TRange;
    }
  | { ok: false; problems: TPlanProblem[] };

/**
 * A lock the code targets, with every code on or allocated to it that is not yet removed — the primary,
 * a pending primary of a rotation in progress (either may be in slot 1 while it runs), and every
 * time-bound code with its slot and `revokedAt`.
 */
export interface TPlanTargetLock {
  lockId: string;
  profile: Pick<TCapabilityProfile, 'slotCount' | 'codeLength'>;
  codes: readonly TLockCodeWithDigits[];
}

export interface TPlanAccessCodeInput {
  candidate: {
    /** Set when re-planning or extending an existing code: its own current placement is ignored. */
    codeId?: string;
    kind: TAccessCodeKind;
    code: string;
    /** Untrusted; parsed here (field paths start with `schedule`). */
    schedule: unknown;
  };
  /** The property's IANA time zone. */
  timeZone: unknown;
  locks: readonly TPlanTargetLock[];
  now: number;
  policy?: Partial<TPlanPolicy>;
}

const iso = (instant: number) => new Date(instant).toISOString();
const describeWindow = (window: TWindow | null) =>
  window === null ? 'always' : `${iso(window.start)}–${iso(window.end)}`;

function kindFits(kind: TAccessCodeKind, schedule: TSchedule): boolean {
  return kind === AccessCodeKind.Primary ? schedule.kind === 'always' : schedule.kind !== 'always';
}

/**
 * Instants to check: from now to the candidate's last window; for an open-ended candidate, a horizon
 * past the later of now and its first window, and past every finite window of the existing codes so
 * none of those is missed.
 */
export function planningRange(
  schedule: TSchedule,
  timeZone: string,
  now: number,
  existing: readonly TLockCodeWithDigits[],
  horizonMs: number,
): TRange {
  const end = scheduleEnd(schedule, timeZone);
  if (end !== null) return { start: now, end: Math.max(now, end) };
  let anchor = Math.max(now, scheduleStart(schedule, timeZone) ?? now);
  let finiteEnd = now;
  for (const code of existing) {
    const codeEnd = scheduleEnd(code.schedule, timeZone);
    if (codeEnd !== null) finiteEnd = Math.max(finiteEnd, codeEnd);
    else if (code.schedule.kind === 'weekly')
      anchor = Math.max(anchor, scheduleStart(code.schedule, timeZone) ?? now);
  }
  return { start: now, end: Math.max(anchor + horizonMs, finiteEnd) };
}

/** Reports a problem once without `lockId` when every lock has it, else once per lock. */
function collapsePerLock(problems: TPlanProblem[], lockCount: number): TPlanProblem[] {
  const groups = new Map<string, TPlanProblem[]>();
  for (const problem of problems) {
    const key = `${problem.code}\n${problem.detail}`;
    groups.set(key, [...(groups.get(key) ?? []), problem]);
  }
  const result: TPlanProblem[] = [];
  for (const group of groups.values()) {
    const [first] = group;
    if (first === undefined) continue;
    if (group.length === lockCount && lockCount > 1) {
      const { lockId: _lockId, ...shared } = first;
      result.push(shared);
    } else result.push(...group);
  }
  return result;
}

function holderToConflicting(holder: TSlotHolder): TConflictingCode {
  return {
    codeId: holder.codeId,
    kind: holder.kind,
    slot: holder.slot,
    window: holder.window,
    candidateWindow: holder.candidateWindow,
  };
}

function conflictProblem(lockId: string, finding: TCodeConflictFinding): TPlanProblem {
  const what =
    finding.conflict === 'equal'
      ? 'has the same button sequence as'
      : 'is a button-level prefix of, or starts with,';
  return {
    code: finding.conflict === 'equal' ? PlanProblemCode.ConflictEqual : PlanProblemCode.ConflictPrefix,
    lockId,
    field: 'code',
    detail:
      `the code ${what} ${finding.kind} code ${finding.codeId}` +
      `${finding.slot === null ? '' : ` (slot ${finding.slot})`}, which can be on the lock at the same time: ` +
      `its window ${describeWindow(finding.window)}, this code's ${describeWindow(finding.candidateWindow)}`,
    conflictsWith: [{ ...finding }],
  };
}

/**
 * Decides whether a code may be stored for its target locks, and in which slot of each. Pure: the
 * caller loads the locks' codes (digits opened from their sealed form) and passes `now`.
 */
export function planAccessCode(input: TPlanAccessCodeInput): TPlanAccessCodeResult {
  const policy: TPlanPolicy = { ...DEFAULT_PLAN_POLICY, ...input.policy };
  const problems: TPlanProblem[] = [];

  const zone = parseTimeZone(input.timeZone);
  if (!zone.ok) problems.push(...zone.issues);
  const parsed = parseSchedule(input.candidate.schedule, ['schedule']);
  if (!parsed.ok) problems.push(...parsed.issues);
  if (parsed.ok && !kindFits(input.candidate.kind, parsed.schedule)) {
    problems.push({
      code: PlanProblemCode.ScheduleKindMismatch,
      field: 'schedule.kind',
      detail:
        input.candidate.kind === AccessCodeKind.Primary
          ? 'a primary code is ongoing: its schedule is always'
          : `a ${input.candidate.kind} code is time-bound: its schedule is once or weekly`,
    });
  }

  if (input.locks.length === 0) {
    problems.push({
      code: PlanProblemCode.NoTargetLocks,
      field: 'locks',
      detail: 'a code targets at least one lock',
    });
  }
  const seen = new Set<string>();
  for (const lock of input.locks) {
    if (seen.has(lock.lockId)) {
      problems.push({
        code: PlanProblemCode.DuplicateTargetLock,
        lockId: lock.lockId,
        field: 'locks',
        detail: 'the same lock is targeted twice',
      });
    }
    seen.add(lock.lockId);
  }

  const ruleProblems: TPlanProblem[] = [];
  for (const lock of input.locks) {
    const check = checkCodePolicy(input.candidate.code, lock.profile, policy.minCodeLength);
    if (!check.ok)
      ruleProblems.push({ code: check.reason, lockId: lock.lockId, field: 'code', detail: check.detail });
  }
  problems.push(...collapsePerLock(ruleProblems, input.locks.length));
  const digitsOnly = !ruleProblems.some((problem) => problem.code === 'not_digits');

  if (!zone.ok || !parsed.ok) return { ok: false, problems };
  const schedule = parsed.schedule;
  const timeZone = zone.timeZone;

  const end = scheduleEnd(schedule, timeZone);
  if (end !== null && end <= input.now) {
    problems.push({
      code: PlanProblemCode.WindowEnded,
      field: 'schedule',
      detail: `the schedule's last window ended at ${iso(end)}`,
    });
    return { ok: false, problems };
  }

  const range = planningRange(
    schedule,
    timeZone,
    input.now,
    input.locks.flatMap((lock) => lock.codes),
    policy.horizonMs,
  );
  const candidate = { ...input.candidate, schedule };
  const allocations: TSlotAssignmentPlan[] = [];
  for (const lock of input.locks) {
    if (candidate.kind === AccessCodeKind.Primary) {
      allocations.push({ lockId: lock.lockId, slot: 1 });
    } else {
      const allocation = allocateSlot({
        profile: lock.profile,
        timeZone,
        codes: lock.codes,
        candidate,
        range,
        guard: policy.guard,
      });
      if (allocation.ok) allocations.push({ lockId: lock.lockId, slot: allocation.slot });
      else if (allocation.reason === 'no_secondary_slots') {
        problems.push({
          code: PlanProblemCode.NoSecondarySlots,
          lockId: lock.lockId,
          detail: `this lock model has ${lock.profile.slotCount} slot(s), none for time-bound codes`,
        });
      } else {
        const names = [...new Set(allocation.holders.map((holder) => holder.codeId))].join(', ');
        problems.push({
          code: PlanProblemCode.NoFreeSlot,
          lockId: lock.lockId,
          field: 'schedule',
          detail: `every secondary slot is held during some window of this code, by: ${names}`,
          conflictsWith: allocation.holders.map(holderToConflicting),
        });
      }
    }
    if (digitsOnly) {
      const findings = findCodeConflicts({
        timeZone,
        codes: lock.codes,
        candidate,
        range,
        guard: policy.guard,
      });
      for (const finding of findings) problems.push(conflictProblem(lock.lockId, finding));
    }
  }
  return problems.length === 0 ? { ok: true, allocations, schedule, range } : { ok: false, problems };
}

export interface TGenerateAccessCodeInput {
  candidate: { codeId?: string; kind: TAccessCodeKind; schedule: TSchedule };
  timeZone: string;
  locks: readonly TPlanTargetLock[];
  now: number;
  /** Digits; default the shortest length every target lock and the policy allow. */
  length?: number;
  policy?: Partial<TPlanPolicy>;
  /** Cryptographically secure source; default `crypto.getRandomValues`. */
  random?: TRandomSource;
}

/**
 * A random code (lock-protocol's `generateCode`: uniform, no weak pattern) that conflicts with no code
 * that can share a target lock with it at an overlapping time. Run `planAccessCode` on it afterwards for
 * the slots. Throws lock-protocol's ProtocolError `code_space_exhausted` or `invalid_code` (no length
 * fits every lock and the policy) like `generateCode`.
 */
export function generateAccessCode(input: TGenerateAccessCodeInput): string {
  const policy: TPlanPolicy = { ...DEFAULT_PLAN_POLICY, ...input.policy };
  let rules: TCodeRules = { minLength: policy.minCodeLength, maxLength: Number.MAX_SAFE_INTEGER };
  for (const lock of input.locks) {
    const lockRules = codeRulesForLock(lock.profile, policy.minCodeLength);
    if (lockRules === null) rules = { minLength: rules.minLength, maxLength: 0 };
    else {
      rules = {
        minLength: Math.max(rules.minLength, lockRules.minLength),
        maxLength: Math.min(rules.maxLength, lockRules.maxLength),
      };
    }
  }
  const length = input.length ?? rules.minLength;
  const range = planningRange(
    input.candidate.schedule,
    input.timeZone,
    input.now,
    input.locks.flatMap((lock) => lock.codes),
    policy.horizonMs,
  );
  const wanted = heldWindows(input.candidate, input.timeZone, range, policy.guard);
  const span = spanOf(wanted, range);
  const sharingTime: string[] = [];
  for (const lock of input.locks) {
    for (const code of lock.codes) {
      if (code.codeId === input.candidate.codeId) continue;
      if (input.candidate.kind === AccessCodeKind.Primary && code.kind === AccessCodeKind.Primary) continue;
      if (firstOverlap(wanted, heldWindows(code, input.timeZone, span, policy.guard)) !== null) {
        sharingTime.push(code.code);
      }
    }
  }
  return generateCode(length, sharingTime, input.random, rules);
}
