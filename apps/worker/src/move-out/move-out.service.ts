import { randomUUID } from 'node:crypto';
import {
  AccessCodeKind,
  generateAccessCode,
  mask,
  type TCodeSealer,
  type TLockCodeWithDigits,
  type TPlanTargetLock,
} from '@lockstep/access-codes';
import { profileFor } from '@lockstep/lock-protocol';
import { enqueueInOutbox, type TOutboxJob } from '@lockstep/queue';
import type pg from 'pg';
import { type Clock } from '../observability/clock.js';
import { type Logger } from '../observability/logger.js';
import { outboxJobs } from '../queues/outbox-jobs.js';
import { scheduleOfRow, type TScheduleRow } from '../reconcile/reconcile.repository.js';
import { moveOutInstant } from './move-out-instant.js';

export type TMoveOutResult =
  | { kind: 'rotated'; accessCodeId: string; lockIds: string[] }
  | { kind: 'not_due'; at: number }
  | { kind: 'skipped'; reason: 'already_rotated' | 'no_end' | 'missing' | 'newer_primary' | 'no_locks' };

/**
 * Move-out (issue #7): when a tenancy ends, the unit's primary is rotated to a new landlord-held code
 * on every lock of the unit, once (`tenancies.primary_rotated_at`). The code is generated here, sealed,
 * and the locks reconciled: the tenant's code stays on each lock until the new one is confirmed.
 */
export class MoveOutService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly sealer: TCodeSealer,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly onCommitted: () => void = () => undefined,
  ) {}

  async rotate(tenancyId: string): Promise<TMoveOutResult> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await this.rotateIn(client, tenancyId);
      await client.query('COMMIT');
      if (result.kind === 'rotated') {
        this.onCommitted();
        this.logger.info(
          { tenancyId, accessCodeId: result.accessCodeId, locks: result.lockIds.length },
          'primary rotated at move-out',
        );
      }
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async rotateIn(client: pg.PoolClient, tenancyId: string): Promise<TMoveOutResult> {
    const tenancy = (
      await client.query<{
        organization_id: string;
        unit_id: string;
        ends_on: string | null;
        primary_rotated_at: Date | null;
        time_zone: string;
        min_code_length: number;
      }>(
        `SELECT t.organization_id::text, t.unit_id::text, t.ends_on::text, t.primary_rotated_at, p.time_zone,
                o.min_code_length
         FROM tenancies t JOIN units u ON u.id = t.unit_id JOIN properties p ON p.id = u.property_id
         JOIN organizations o ON o.id = t.organization_id
         WHERE t.id = $1::uuid FOR NO KEY UPDATE OF t`,
        [tenancyId],
      )
    ).rows[0];
    if (!tenancy) return { kind: 'skipped', reason: 'missing' };
    if (tenancy.primary_rotated_at !== null) return { kind: 'skipped', reason: 'already_rotated' };
    if (tenancy.ends_on === null) return { kind: 'skipped', reason: 'no_end' };
    const at = moveOutInstant(tenancy.ends_on, tenancy.time_zone);
    const now = this.clock.now();
    if (now < at) return { kind: 'not_due', at };
    const markRotated = () =>
      client.query(`UPDATE tenancies SET primary_rotated_at = $2, updated_at = now() WHERE id = $1::uuid`, [
        tenancyId,
        new Date(now),
      ]);

    // A primary set for the unit since the move-out instant (the next tenant's, or the landlord's by
    // hand) already replaced the old one: nothing to rotate.
    const newer = await client.query(
      `SELECT 1 FROM access_codes WHERE unit_id = $1::uuid AND kind = 'primary' AND state = 'active' AND created_at >= $2`,
      [tenancy.unit_id, new Date(at)],
    );
    if (newer.rowCount) {
      await markRotated();
      return { kind: 'skipped', reason: 'newer_primary' };
    }
    const locks = (
      await client.query<{ id: string; model: string }>(
        `SELECT id::text, model FROM locks WHERE unit_id = $1::uuid AND status <> 'decommissioned' ORDER BY id`,
        [tenancy.unit_id],
      )
    ).rows.filter((l) => profileFor(l.model) !== undefined);
    if (locks.length === 0) {
      await markRotated();
      return { kind: 'skipped', reason: 'no_locks' };
    }
    const lockIds = locks.map((l) => l.id);
    const codeRows = await client.query<
      TScheduleRow & {
        lock_id: string;
        access_code_id: string;
        slot: number | null;
        kind: 'primary' | 'maintenance' | 'guest';
        revoked_at: Date | null;
        code_sealed: Buffer;
        key_id: string;
      }
    >(
      `SELECT t.lock_id::text, t.access_code_id::text, t.slot, c.kind::text AS kind, c.schedule_kind::text AS schedule_kind,
              c.starts_at, c.ends_at, c.weekdays, c.local_start, c.local_end, c.from_date::text, c.until_date::text,
              c.revoked_at, c.code_sealed, c.key_id
       FROM access_code_targets t JOIN access_codes c ON c.id = t.access_code_id
       WHERE t.lock_id = ANY($1::uuid[]) AND c.state = 'active' AND c.kind <> 'primary'
         AND t.status NOT IN ('removed', 'failed')`,
      [lockIds],
    );
    const planLocks: TPlanTargetLock[] = locks.map((lock) => {
      const profile = profileFor(lock.model);
      const codes: TLockCodeWithDigits[] = [];
      for (const row of codeRows.rows) {
        if (row.lock_id !== lock.id) continue;
        const schedule = scheduleOfRow(row);
        if (schedule === null) continue;
        codes.push({
          codeId: row.access_code_id,
          kind: row.kind,
          schedule,
          slot: row.slot,
          revokedAt: row.revoked_at?.getTime() ?? null,
          code: this.sealer.open(row.code_sealed, row.key_id),
        });
      }
      return { lockId: lock.id, profile: profile!, codes };
    });
    const code = generateAccessCode({
      candidate: { kind: AccessCodeKind.Primary, schedule: { kind: 'always' } },
      timeZone: tenancy.time_zone,
      locks: planLocks,
      now,
      policy: { minCodeLength: tenancy.min_code_length },
    });
    const sealed = this.sealer.seal(code);
    const accessCodeId = randomUUID();
    const nowDate = new Date(now);
    await client.query(
      `INSERT INTO access_codes (id, organization_id, unit_id, kind, label, code_sealed, key_id, code_length, code_hint,
                                 holder_user_id, generated, state, schedule_kind, created_at, updated_at)
       VALUES ($1::uuid, $2::uuid, $3::uuid, 'primary', $4, $5, $6, $7, $8, NULL, true, 'active', 'always', $9, $9)`,
      [
        accessCodeId,
        tenancy.organization_id,
        tenancy.unit_id,
        `Landlord code (move-out ${tenancy.ends_on})`,
        sealed.sealed,
        sealed.keyId,
        code.length,
        mask(code),
        nowDate,
      ],
    );
    await client.query(
      `WITH inserted AS (
         INSERT INTO access_code_targets (id, organization_id, access_code_id, lock_id, slot, status, created_at, updated_at)
         SELECT gen_random_uuid(), $1::uuid, $2::uuid, lock_id, 1, 'scheduled', $3, $3 FROM unnest($4::uuid[]) AS lock_id
         RETURNING id
       )
       INSERT INTO access_code_transitions (id, organization_id, target_id, from_status, to_status, cause, details, at)
       SELECT gen_random_uuid(), $1::uuid, id, NULL, 'scheduled', 'move_out', $5::jsonb, $3 FROM inserted`,
      [tenancy.organization_id, accessCodeId, nowDate, lockIds, JSON.stringify({ tenancyId })],
    );
    await markRotated();
    const jobs: TOutboxJob[] = lockIds.map((lockId) => outboxJobs.reconcile(lockId, 'move_out'));
    jobs.push(
      outboxJobs.event({
        type: 'access_code.created',
        organizationId: tenancy.organization_id,
        refId: accessCodeId,
        at: now,
        data: { accessCodeId, cause: 'move_out', tenancyId, unitId: tenancy.unit_id, lockIds },
      }),
    );
    await enqueueInOutbox(client, jobs);
    return { kind: 'rotated', accessCodeId, lockIds };
  }
}
