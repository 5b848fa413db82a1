import { Inject, Injectable } from '@nestjs/common';
import { mask, occurrences, type TCodeSealer } from '@lockstep/access-codes';
import {
  AccessCodeKind,
  AccessCodeState,
  CodeTargetStatus,
  LockStatus,
  Role,
  type Prisma,
  type TransactionClient,
} from '@lockstep/db';
import { QueueName, type TOutboxJob } from '@lockstep/queue';
import { type Actor } from '../access/actor.js';
import { AuditService, auditSubjectOf } from '../audit/audit.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { decodeCursor, type Page, toPage } from '../pagination/cursor.js';
import { type FieldError, ProblemException } from '../problems/problem.exception.js';
import { ProblemType } from '../problems/problem-type.js';
import { Problems } from '../problems/problems.js';
import { RateLimiter } from '../rate-limit/rate-limiter.js';
import { AccessCodesRepository, type UnitForCodes } from './access-codes.repository.js';
import { CODE_SEALER } from './code-sealer.provider.js';
import {
  type PlanContext,
  type PlanLock,
  planCode,
  planTargetLocks,
  replanCode,
  scheduleColumns,
  scheduleOf,
} from './code-planning.js';
import {
  AccessCodeDto,
  type AccessCodeRow,
  AccessCodeTransitionDto,
  type CreateAccessCodeDto,
  type IssuedAccessCodeDto,
  type ListAccessCodesQueryDto,
  type RevealedAccessCodeDto,
  type SetPrimaryCodeDto,
  type TimelineCodeDto,
  type TimelineQueryDto,
  type UnitTimelineDto,
  type UpdateAccessCodeDto,
} from './dto/access-code.dto.js';

const DAY_MS = 86_400_000;
/** Reveals per caller per window: enough for people, a brake on scripted harvesting. */
export const REVEAL_RATE_LIMIT = 30;
export const REVEAL_RATE_WINDOW_SECONDS = 600;
const TIMELINE_MAX_DAYS = 92;

type DomainEventType = 'access_code.created' | 'access_code.revoked' | 'access_code.updated';

@Injectable()
export class AccessCodesService {
  constructor(
    private readonly codes: AccessCodesRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly rateLimiter: RateLimiter,
    @Inject(CODE_SEALER) private readonly sealer: TCodeSealer,
  ) {}

  // ───────────── reads ─────────────

  async list(actor: Actor, query: ListAccessCodesQueryDto): Promise<Page<AccessCodeDto>> {
    const where: Prisma.AccessCodeWhereInput = {
      ...(query.unitId ? { unitId: query.unitId } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.state ? { state: query.state } : {}),
      ...(query.holderUserId ? { holderUserId: query.holderUserId } : {}),
    };
    const rows = await this.codes.list(actor, where, query.limit, decodeCursor(query.cursor)?.id);
    return toPage(rows, query.limit, (row) => AccessCodeDto.from(row));
  }

  async get(actor: Actor, id: string): Promise<AccessCodeDto> {
    return AccessCodeDto.from(await this.visibleCode(actor, id));
  }

  async transitions(
    actor: Actor,
    id: string,
    query: { limit: number; cursor?: string | undefined },
  ): Promise<Page<AccessCodeTransitionDto>> {
    await this.visibleCode(actor, id);
    const rows = await this.codes.transitions(actor, id, query.limit, decodeCursor(query.cursor)?.id);
    return toPage(rows, query.limit, (row) => AccessCodeTransitionDto.from(row));
  }

  /** The unit's codes with their windows in `[from, to)`, per-lock status included. */
  async timeline(actor: Actor, unitId: string, query: TimelineQueryDto): Promise<UnitTimelineDto> {
    const from = query.from ? Date.parse(query.from) : Date.now();
    const to = query.to ? Date.parse(query.to) : from + 7 * DAY_MS;
    if (!(to > from)) throw Problems.validation([{ field: 'to', message: 'to must be after from' }]);
    if (to - from > TIMELINE_MAX_DAYS * DAY_MS) {
      throw Problems.validation([
        { field: 'to', message: `the range spans at most ${TIMELINE_MAX_DAYS} days` },
      ]);
    }
    const unit = await this.transactions.run((tx) => this.codes.unitForCodes(actor, unitId, tx));
    if (!unit) throw Problems.notFound('unit');
    const rows = await this.codes.ofUnit(actor, unitId, new Date(from));
    const items: TimelineCodeDto[] = [];
    for (const row of rows) {
      const windows = windowsOf(row, unit.property.timeZone, from, to);
      if (windows.length > 0) items.push({ ...AccessCodeDto.from(row), windows });
    }
    const firstStart = (c: TimelineCodeDto) => c.windows[0]?.startsAt ?? '';
    items.sort((a, b) => firstStart(a).localeCompare(firstStart(b)) || a.id.localeCompare(b.id));
    return {
      unitId,
      timeZone: unit.property.timeZone,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      items,
    };
  }

  // ───────────── writes ─────────────

  /** A maintenance or guest code for some or all of the unit's locks. */
  async create(actor: Actor, unitId: string, input: CreateAccessCodeDto): Promise<IssuedAccessCodeDto> {
    const now = Date.now();
    return this.transactions.run(async (tx) => {
      const unit = await this.codes.unitForCodes(actor, unitId, tx);
      if (!unit) throw Problems.notFound('unit');
      const locks = targetLocks(unit, input.lockIds);
      if (input.holderUserId) await this.assertTechnician(tx, actor, input.holderUserId);
      const { minCodeLength } = await this.codes.organizationPolicy(actor, tx);
      await this.codes.lockForPlanning(
        tx,
        locks.map((l) => l.id),
      );
      const onLocks = await this.codes.codesOnLocks(
        actor,
        locks.map((l) => l.id),
        tx,
      );
      const ctx = contextOf(locks, onLocks);
      const planned = planCode(
        {
          kind: input.kind,
          code: input.code ?? null,
          codeLength: input.codeLength,
          schedule: input.schedule,
          timeZone: unit.property.timeZone,
          locks: planTargetLocks(locks, onLocks, this.sealer),
          now,
          minCodeLength,
        },
        ctx,
      );
      const sealed = this.sealer.seal(planned.code);
      const row = await this.codes.create(
        tx,
        actor,
        {
          unitId,
          kind: input.kind,
          label: input.label,
          codeSealed: new Uint8Array(sealed.sealed),
          keyId: sealed.keyId,
          codeLength: planned.code.length,
          codeHint: mask(planned.code),
          generated: planned.generated,
          holderUserId: input.holderUserId ?? null,
          holderName: input.holderName ?? null,
          issuedById: actor.userId,
          ...scheduleColumns(planned.schedule),
          maxUses: input.maxUses ?? null,
          supersedesId: null,
        },
        planned.allocations,
      );
      const dto = AccessCodeDto.from(row);
      await this.recordChange(tx, actor, 'access_code.created', row, null, dto, {
        reconcile: locks.map((l) => l.id),
      });
      return { accessCode: dto, code: planned.code };
    });
  }

  /**
   * A new primary for the unit (all its locks, or some). The previous primary stays active and on
   * the lock until the new one is confirmed there; the worker retires it (`supersedesId` links them).
   */
  async setPrimary(actor: Actor, unitId: string, input: SetPrimaryCodeDto): Promise<IssuedAccessCodeDto> {
    const now = Date.now();
    return this.transactions.run(async (tx) => {
      const unit = await this.codes.unitForCodes(actor, unitId, tx);
      if (!unit) throw Problems.notFound('unit');
      const locks = targetLocks(unit, input.lockIds);
      const lockIds = locks.map((l) => l.id);
      const { minCodeLength } = await this.codes.organizationPolicy(actor, tx);
      await this.codes.lockForPlanning(tx, lockIds);
      const onLocks = await this.codes.codesOnLocks(actor, lockIds, tx);
      const ctx = contextOf(locks, onLocks);
      const planned = planCode(
        {
          kind: AccessCodeKind.primary,
          code: input.code ?? null,
          codeLength: input.codeLength,
          schedule: { kind: 'always' },
          timeZone: unit.property.timeZone,
          locks: planTargetLocks(locks, onLocks, this.sealer),
          now,
          minCodeLength,
        },
        ctx,
      );
      // The primary it replaces: the newest active primary on these locks not already replaced.
      const previous = onLocks
        .filter(
          (r) =>
            r.code.kind === AccessCodeKind.primary &&
            r.code.state === AccessCodeState.active &&
            r.code.supersededBy === null,
        )
        .sort((a, b) => b.code.createdAt.getTime() - a.code.createdAt.getTime())[0];
      const sealed = this.sealer.seal(planned.code);
      const row = await this.codes.create(
        tx,
        actor,
        {
          unitId,
          kind: AccessCodeKind.primary,
          label: input.label ?? 'Primary code',
          codeSealed: new Uint8Array(sealed.sealed),
          keyId: sealed.keyId,
          codeLength: planned.code.length,
          codeHint: mask(planned.code),
          generated: planned.generated,
          holderUserId: actor.role === Role.tenant ? actor.userId : null,
          holderName: null,
          issuedById: actor.userId,
          ...scheduleColumns(planned.schedule),
          maxUses: null,
          supersedesId: previous?.code.id ?? null,
        },
        planned.allocations,
      );
      const dto = AccessCodeDto.from(row);
      await this.recordChange(tx, actor, 'access_code.created', row, null, dto, { reconcile: lockIds });
      return { accessCode: dto, code: planned.code };
    });
  }

  /** Ends a time-bound code early. A primary is never revoked (invariant 3): set a new one instead. */
  async revoke(actor: Actor, id: string): Promise<AccessCodeDto> {
    return this.transactions.run(async (tx) => {
      const before = await this.visibleCode(actor, id, tx);
      if (before.kind === AccessCodeKind.primary) {
        throw Problems.conflict(
          'A primary code cannot be revoked, so that the lock never holds no code: set a new primary instead (POST /v1/units/{unitId}/primary-code).',
        );
      }
      if (before.state !== AccessCodeState.active) {
        throw Problems.conflict(`The access code is ${before.state}, not active.`);
      }
      const changed = await this.codes.update(tx, actor, id, before.version, {
        state: AccessCodeState.revoked,
        revokedAt: new Date(),
        revokedById: actor.userId,
      });
      if (!changed) throw Problems.preconditionFailed('access code', before.version);
      const after = await this.codes.reload(tx, actor, id);
      const dto = AccessCodeDto.from(after);
      await this.recordChange(tx, actor, 'access_code.revoked', after, AccessCodeDto.from(before), dto, {
        reconcile: liveTargetLocks(after),
      });
      return dto;
    });
  }

  /** Label, holder, use limit, and a later end (re-planned against the other codes on its locks). */
  async update(
    actor: Actor,
    id: string,
    expectedVersion: number,
    input: UpdateAccessCodeDto,
  ): Promise<AccessCodeDto> {
    const now = Date.now();
    return this.transactions.run(async (tx) => {
      const before = await this.visibleCode(actor, id, tx);
      if (before.version !== expectedVersion)
        throw Problems.preconditionFailed('access code', before.version);
      if (before.state !== AccessCodeState.active) {
        throw Problems.conflict(`The access code is ${before.state}; only an active code can be changed.`);
      }
      const errors: FieldError[] = [];
      const isPrimary = before.kind === AccessCodeKind.primary;
      if (isPrimary) {
        for (const field of ['endsAt', 'untilDate', 'maxUses', 'holderUserId', 'holderName'] as const) {
          if (input[field] !== undefined) {
            errors.push({ field, message: 'a primary code has no schedule, use limit or holder to change' });
          }
        }
      }
      const schedule = scheduleOf(before);
      let newSchedule: unknown = null;
      if (input.endsAt !== undefined && !isPrimary) {
        if (schedule.kind !== 'once')
          errors.push({ field: 'endsAt', message: 'only a once schedule has endsAt' });
        else if (Date.parse(input.endsAt) < schedule.endsAt) {
          errors.push({ field: 'endsAt', message: 'can only be extended (revoke the code to end it early)' });
        } else newSchedule = { ...schedule, endsAt: Date.parse(input.endsAt) };
      }
      if (input.untilDate !== undefined && !isPrimary) {
        if (schedule.kind !== 'weekly') {
          errors.push({ field: 'untilDate', message: 'only a weekly schedule has untilDate' });
        } else if (
          input.untilDate !== null &&
          (schedule.untilDate === null || input.untilDate < schedule.untilDate)
        ) {
          errors.push({
            field: 'untilDate',
            message: 'can only be extended (revoke the code to end it early)',
          });
        } else newSchedule = { ...schedule, untilDate: input.untilDate };
      }
      if (input.maxUses !== undefined && input.maxUses !== null && input.maxUses <= before.useCount) {
        errors.push({ field: 'maxUses', message: `the code was used ${before.useCount} time(s) already` });
      }
      if (errors.length > 0) throw invalid(errors);
      if (input.holderUserId) await this.assertTechnician(tx, actor, input.holderUserId);

      const data: Prisma.AccessCodeUncheckedUpdateManyInput = {
        ...(input.label !== undefined ? { label: input.label } : {}),
        ...(input.holderUserId !== undefined ? { holderUserId: input.holderUserId } : {}),
        ...(input.holderName !== undefined ? { holderName: input.holderName } : {}),
        ...(input.maxUses !== undefined ? { maxUses: input.maxUses } : {}),
      };
      const lockIds = liveTargetLocks(before);
      if (newSchedule !== null) {
        const locks: PlanLock[] = before.targets
          .filter((t) => lockIds.includes(t.lockId))
          .map((t) => ({ id: t.lockId, name: t.lock.name, model: t.lock.model }));
        const { minCodeLength } = await this.codes.organizationPolicy(actor, tx);
        await this.codes.lockForPlanning(tx, lockIds);
        const onLocks = await this.codes.codesOnLocks(actor, lockIds, tx);
        const code = this.sealer.open(before.codeSealed, before.keyId);
        const replanned = replanCode(
          {
            codeId: id,
            kind: before.kind,
            code,
            schedule: newSchedule,
            timeZone: before.unit.property.timeZone,
            locks: planTargetLocks(locks, onLocks, this.sealer, id),
            now,
            // The length rule held when the code was issued; an extension does not re-judge it.
            minCodeLength: Math.min(minCodeLength, before.codeLength),
            currentSlots: new Map(before.targets.map((t) => [t.lockId, t.slot])),
          },
          contextOf(locks, onLocks),
        );
        const columns = scheduleColumns(replanned);
        Object.assign(data, { endsAt: columns.endsAt, untilDate: columns.untilDate });
      }
      if (!(await this.codes.update(tx, actor, id, expectedVersion, data))) {
        throw Problems.preconditionFailed('access code', before.version);
      }
      const after = await this.codes.reload(tx, actor, id);
      const dto = AccessCodeDto.from(after);
      const affectsLocks = newSchedule !== null || input.maxUses !== undefined;
      await this.recordChange(tx, actor, 'access_code.updated', after, AccessCodeDto.from(before), dto, {
        reconcile: affectsLocks ? lockIds : [],
      });
      return dto;
    });
  }

  /**
   * The code in full, audited (the entry holds the mask only). Landlords within reach; the holder
   * technician for their own code (visibility already limits them to it); a tenant only their
   * unit's primary.
   */
  async reveal(actor: Actor, id: string): Promise<RevealedAccessCodeDto> {
    const row = await this.visibleCode(actor, id);
    if (actor.role === Role.tenant && row.kind !== AccessCodeKind.primary) {
      throw Problems.forbidden("A tenant may reveal their unit's primary code only.");
    }
    const subject = actor.apiKeyId ? `key:${actor.apiKeyId}` : `user:${actor.userId ?? 'none'}`;
    const limit = await this.rateLimiter.hit(
      'code-reveal',
      subject,
      REVEAL_RATE_LIMIT,
      REVEAL_RATE_WINDOW_SECONDS,
    );
    if (!limit.allowed) throw Problems.rateLimited(limit.retryAfterSeconds);
    const sealed = await this.codes.sealedCode(actor, id);
    if (!sealed) throw Problems.notFound('access code');
    const code = this.sealer.open(sealed.codeSealed, sealed.keyId);
    await this.transactions.run((tx) =>
      this.audit.record(tx, auditSubjectOf(actor), {
        action: 'access_code.revealed',
        resourceType: 'access_code',
        resourceId: id,
        after: { id, kind: row.kind, maskedCode: row.codeHint },
      }),
    );
    return { id, code, maskedCode: row.codeHint };
  }

  // ───────────── helpers ─────────────

  private async visibleCode(actor: Actor, id: string, tx?: TransactionClient): Promise<AccessCodeRow> {
    const row = await this.codes.findVisible(actor, id, tx);
    if (!row) throw Problems.notFound('access code');
    return row;
  }

  private async assertTechnician(tx: TransactionClient, actor: Actor, userId: string): Promise<void> {
    if (!(await this.codes.isTechnicianMember(tx, actor, userId))) {
      throw Problems.referenceNotFound('holderUserId', 'member with the technician role');
    }
  }

  /** Audit entry (masked views only) and the outbox rows: reconcile per affected lock, the domain event. */
  private async recordChange(
    tx: TransactionClient,
    actor: Actor,
    type: DomainEventType,
    row: AccessCodeRow,
    before: AccessCodeDto | null,
    after: AccessCodeDto,
    effects: { reconcile: readonly string[] },
  ): Promise<void> {
    await this.audit.record(tx, auditSubjectOf(actor), {
      action: type,
      resourceType: 'access_code',
      resourceId: row.id,
      before,
      after,
    });
    const jobs: TOutboxJob[] = [...new Set(effects.reconcile)].map((lockId) => ({
      queue: QueueName.reconcile,
      name: 'reconcile',
      data: { lockId, reason: 'schedule' },
    }));
    jobs.push({
      queue: QueueName.domainEvents,
      name: type,
      data: {
        type,
        organizationId: actor.organizationId,
        refId: row.id,
        occurredAt: new Date().toISOString(),
        data: {
          accessCodeId: row.id,
          unitId: row.unitId,
          kind: row.kind,
          lockIds: row.targets.map((t) => t.lockId),
          ...(row.supersedesId ? { supersedesId: row.supersedesId } : {}),
        },
      },
    });
    await this.codes.outbox(tx, jobs);
  }
}

function invalid(errors: FieldError[]): ProblemException {
  return new ProblemException({
    status: 422,
    type: ProblemType.AccessCodeInvalid,
    title: 'Access code refused',
    detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    errors,
  });
}

/** The locks a code targets: the given subset of the unit's locks, or all of them (not decommissioned). */
function targetLocks(unit: UnitForCodes, lockIds: readonly string[] | undefined): PlanLock[] {
  const usable = unit.locks.filter((l) => l.status !== LockStatus.decommissioned);
  if (lockIds === undefined) {
    if (usable.length === 0)
      throw invalid([{ field: 'lockIds', message: 'the unit has no lock to put a code on' }]);
    return usable;
  }
  const errors: FieldError[] = [];
  const chosen: PlanLock[] = [];
  lockIds.forEach((id, index) => {
    const lock = usable.find((l) => l.id === id);
    if (!lock)
      errors.push({ field: `lockIds.${index}`, message: 'is not a (commissionable) lock of this unit' });
    else if (chosen.some((c) => c.id === id))
      errors.push({ field: `lockIds.${index}`, message: 'is listed twice' });
    else chosen.push(lock);
  });
  if (errors.length > 0) throw invalid(errors);
  return chosen;
}

function contextOf(
  locks: readonly PlanLock[],
  onLocks: readonly { code: { id: string; label: string } }[],
): PlanContext {
  return { locks, labels: new Map(onLocks.map((r) => [r.code.id, r.code.label])) };
}

/** Locks where the code is not yet removed: a change there needs the reconciler. */
function liveTargetLocks(row: AccessCodeRow): string[] {
  return row.targets.filter((t) => t.status !== CodeTargetStatus.removed).map((t) => t.lockId);
}

/** Windows of a stored code overlapping `[from, to)`, cut at its revocation; ongoing = null bounds. */
function windowsOf(
  row: AccessCodeRow,
  timeZone: string,
  from: number,
  to: number,
): { startsAt: string | null; endsAt: string | null }[] {
  const revokedAt = row.revokedAt?.getTime() ?? null;
  if (row.scheduleKind === 'always') {
    if (revokedAt !== null && revokedAt <= from) return [];
    return [{ startsAt: null, endsAt: revokedAt === null ? null : new Date(revokedAt).toISOString() }];
  }
  const result: { startsAt: string | null; endsAt: string | null }[] = [];
  for (const window of occurrences(scheduleOf(row), timeZone, { start: from, end: to })) {
    const end = revokedAt === null ? window.end : Math.min(window.end, revokedAt);
    if (end <= window.start || end <= from) continue;
    result.push({ startsAt: new Date(window.start).toISOString(), endsAt: new Date(end).toISOString() });
  }
  return result;
}
