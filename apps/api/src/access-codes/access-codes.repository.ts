import { Injectable } from '@nestjs/common';
import {
  AccessCodeKind,
  AccessCodeState,
  CodeTargetStatus,
  LockStatus,
  Role,
  ScheduleKind,
  type AccessCodeTransitionModel,
  type OrgScope,
  type Prisma,
  type TransactionClient,
} from '@lockstep/db';
import { outboxInsert, type TOutboxJob } from '@lockstep/queue';
import { type Actor } from '../access/actor.js';
import { visible } from '../access/visibility.js';
import { OrgScopedRepository } from '../database/org-scoped.repository.js';
import { type AccessCodeRow } from './dto/access-code.dto.js';

export const withTargets = {
  targets: { include: { lock: { select: { name: true, model: true } } } },
  unit: { select: { property: { select: { timeZone: true } } } },
} as const;

/** A unit as a code is issued for it: its property's time zone and its locks. */
export interface UnitForCodes {
  id: string;
  propertyId: string;
  property: { timeZone: string };
  locks: { id: string; name: string; model: string; status: LockStatus }[];
}

/** A code that is on, or allocated to, a lock (target not yet removed), with its sealed digits. */
export interface CodeOnLock {
  lockId: string;
  slot: number | null;
  code: {
    id: string;
    kind: AccessCodeKind;
    label: string;
    codeSealed: Uint8Array;
    keyId: string;
    state: AccessCodeState;
    scheduleKind: 'always' | 'once' | 'weekly';
    startsAt: Date | null;
    endsAt: Date | null;
    weekdays: number[];
    localStart: string | null;
    localEnd: string | null;
    fromDate: Date | null;
    untilDate: Date | null;
    revokedAt: Date | null;
    createdAt: Date;
    supersededBy: { id: string } | null;
  };
}

export interface NewAccessCode {
  unitId: string;
  kind: AccessCodeKind;
  label: string;
  codeSealed: Uint8Array<ArrayBuffer>;
  keyId: string;
  codeLength: number;
  codeHint: string;
  generated: boolean;
  holderUserId: string | null;
  holderName: string | null;
  issuedById: string | null;
  scheduleKind: 'always' | 'once' | 'weekly';
  startsAt: Date | null;
  endsAt: Date | null;
  weekdays: number[];
  localStart: string | null;
  localEnd: string | null;
  fromDate: Date | null;
  untilDate: Date | null;
  maxUses: number | null;
  supersedesId: string | null;
}

@Injectable()
export class AccessCodesRepository extends OrgScopedRepository {
  list(
    actor: Actor,
    where: Prisma.AccessCodeWhereInput,
    limit: number,
    afterId?: string,
  ): Promise<AccessCodeRow[]> {
    return this.db.accessCode.findMany({
      where: this.scoped(actor, {
        AND: [visible.accessCode(actor), where, afterId ? { id: { gt: afterId } } : {}],
      }),
      include: withTargets,
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  /** The unit's codes the actor may see, for the timeline (bounded: a unit holds few codes). */
  ofUnit(actor: Actor, unitId: string, notEndedBefore: Date): Promise<AccessCodeRow[]> {
    return this.db.accessCode.findMany({
      where: this.scoped(actor, {
        AND: [
          visible.accessCode(actor),
          { unitId, state: { not: AccessCodeState.superseded } },
          // Windows that ended before the range cannot be on it; weekly rules are checked by date.
          {
            OR: [
              { scheduleKind: ScheduleKind.always },
              { scheduleKind: ScheduleKind.once, endsAt: { gt: notEndedBefore } },
              {
                scheduleKind: ScheduleKind.weekly,
                OR: [{ untilDate: null }, { untilDate: { gte: dayBefore(notEndedBefore) } }],
              },
            ],
          },
          { OR: [{ revokedAt: null }, { revokedAt: { gt: notEndedBefore } }] },
        ],
      }),
      include: withTargets,
      orderBy: { id: 'asc' },
      take: 500,
    });
  }

  findVisible(actor: Actor, id: string, tx: TransactionClient = this.db): Promise<AccessCodeRow | null> {
    return tx.accessCode.findFirst({
      where: this.scoped(actor, { AND: [visible.accessCode(actor), { id }] }),
      include: withTargets,
    });
  }

  /** The sealed code of a row the caller already may see. */
  sealedCode(scope: OrgScope, id: string): Promise<{ codeSealed: Uint8Array; keyId: string } | null> {
    return this.db.accessCode.findFirst({
      where: this.scoped(scope, { id }),
      select: { codeSealed: true, keyId: true },
    });
  }

  /** The unit (if the actor reaches it) with its property's time zone and its locks. */
  unitForCodes(actor: Actor, unitId: string, tx: TransactionClient): Promise<UnitForCodes | null> {
    return tx.unit.findFirst({
      where: this.scoped(actor, { AND: [visible.unit(actor), { id: unitId }] }),
      select: {
        id: true,
        propertyId: true,
        property: { select: { timeZone: true } },
        locks: {
          select: { id: true, name: true, model: true, status: true },
          orderBy: { id: 'asc' },
        },
      },
    });
  }

  organizationPolicy(scope: OrgScope, tx: TransactionClient): Promise<{ minCodeLength: number }> {
    return tx.organization.findUniqueOrThrow({
      where: { id: scope.organizationId },
      select: { minCodeLength: true },
    });
  }

  /**
   * Serialises code planning per lock: two concurrent issues for one lock would otherwise both see a
   * free slot. Transaction-scoped advisory locks, taken in id order (no deadlock).
   */
  async lockForPlanning(tx: TransactionClient, lockIds: readonly string[]): Promise<void> {
    for (const lockId of [...lockIds].sort()) {
      await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', lockId);
    }
  }

  /** Every code on or allocated to these locks whose target is not removed (active or revoked). */
  codesOnLocks(scope: OrgScope, lockIds: readonly string[], tx: TransactionClient): Promise<CodeOnLock[]> {
    return tx.accessCodeTarget
      .findMany({
        where: this.scoped(scope, {
          lockId: { in: [...lockIds] },
          status: { not: CodeTargetStatus.removed },
          accessCode: { state: { in: [AccessCodeState.active, AccessCodeState.revoked] } },
        }),
        select: {
          lockId: true,
          slot: true,
          accessCode: {
            select: {
              id: true,
              kind: true,
              label: true,
              codeSealed: true,
              keyId: true,
              state: true,
              scheduleKind: true,
              startsAt: true,
              endsAt: true,
              weekdays: true,
              localStart: true,
              localEnd: true,
              fromDate: true,
              untilDate: true,
              revokedAt: true,
              createdAt: true,
              supersededBy: { select: { id: true } },
            },
          },
        },
      })
      .then((rows) => rows.map((r) => ({ lockId: r.lockId, slot: r.slot, code: r.accessCode })));
  }

  /** Labels of codes (for refusals: a conflict names the code by id and label, never by its digits). */
  async labels(scope: OrgScope, ids: readonly string[], tx: TransactionClient): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await tx.accessCode.findMany({
      where: this.scoped(scope, { id: { in: [...ids] } }),
      select: { id: true, label: true },
    });
    return new Map(rows.map((r) => [r.id, r.label]));
  }

  isTechnicianMember(tx: TransactionClient, scope: OrgScope, userId: string): Promise<boolean> {
    return tx.membership
      .count({ where: this.scoped(scope, { userId, role: Role.technician }) })
      .then((n) => n > 0);
  }

  /** The code, its targets (status scheduled) and a transition per target (null → scheduled, `created`). */
  async create(
    tx: TransactionClient,
    scope: OrgScope,
    data: NewAccessCode,
    targets: readonly { lockId: string; slot: number }[],
  ): Promise<AccessCodeRow> {
    const code = await tx.accessCode.create({
      data: { ...data, organizationId: scope.organizationId },
      select: { id: true },
    });
    for (const target of targets) {
      const row = await tx.accessCodeTarget.create({
        data: {
          organizationId: scope.organizationId,
          accessCodeId: code.id,
          lockId: target.lockId,
          slot: target.slot,
          status: CodeTargetStatus.scheduled,
        },
        select: { id: true },
      });
      await tx.accessCodeTransition.create({
        data: {
          organizationId: scope.organizationId,
          targetId: row.id,
          fromStatus: null,
          toStatus: CodeTargetStatus.scheduled,
          cause: 'created',
          details: { slot: target.slot },
        },
      });
    }
    return tx.accessCode.findFirstOrThrow({
      where: this.scoped(scope, { id: code.id }),
      include: withTargets,
    });
  }

  /** Conditional update on the version; false when someone else changed the row first. */
  async update(
    tx: TransactionClient,
    scope: OrgScope,
    id: string,
    expectedVersion: number,
    data: Prisma.AccessCodeUpdateManyMutationInput,
  ): Promise<boolean> {
    const { count } = await tx.accessCode.updateMany({
      where: this.scoped(scope, { id, version: expectedVersion }),
      data: { ...data, version: { increment: 1 } },
    });
    return count === 1;
  }

  reload(tx: TransactionClient, scope: OrgScope, id: string): Promise<AccessCodeRow> {
    return tx.accessCode.findFirstOrThrow({ where: this.scoped(scope, { id }), include: withTargets });
  }

  transitions(
    scope: OrgScope,
    accessCodeId: string,
    limit: number,
    afterId?: string,
  ): Promise<(AccessCodeTransitionModel & { target: { lockId: string } })[]> {
    return this.db.accessCodeTransition.findMany({
      where: this.scoped(scope, {
        target: { accessCodeId },
        ...(afterId ? { id: { gt: afterId } } : {}),
      }),
      include: { target: { select: { lockId: true } } },
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  /** Writes jobs and domain events to the transactional outbox, in the caller's transaction. */
  async outbox(tx: TransactionClient, jobs: readonly TOutboxJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const { text, values } = outboxInsert(jobs);
    await tx.$executeRawUnsafe(text, ...values);
  }
}

function dayBefore(instant: Date): Date {
  const day = new Date(instant.getTime() - 86_400_000);
  return new Date(`${day.toISOString().slice(0, 10)}T00:00:00Z`);
}
