import type pg from 'pg';
import { enqueueInOutbox, type TOutboxJob } from '@lockstep/queue';
import { inTransaction } from '../db/transaction.js';
import { type CommandProgress } from './command-step.js';

export interface CommandRow extends CommandProgress {
  id: string;
  organizationId: string;
  lockId: string;
  deviceId: string;
  type: string;
  desiredVersion: number;
  payload: unknown;
}

/** An access-code target the resolution moved (one domain event each). */
export interface MovedTarget {
  id: string;
  organizationId: string;
  accessCodeId: string;
  lockId: string;
  fromStatus: string;
  toStatus: string;
}

export interface ResolvedCommand {
  id: string;
  organizationId: string;
  lockId: string;
  deviceId: string;
  type: string;
  slot: number | null;
  accessCodeId: string | null;
  status: 'applied' | 'rejected' | 'failed';
  reason: string | null;
  attempts: number;
  sentAt: Date | null;
  targetIds: string[];
  targets: MovedTarget[];
}

/** The outbox rows a resolution announces, written in its transaction. */
export type ResolutionJobs = (resolved: ResolvedCommand) => TOutboxJob[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The target status an applied command moves its access-code target to, from the status it left. */
const APPLIED_TARGET_STATUS: Record<string, { from: string[]; to: string }> = {
  set_code: { from: ['scheduled', 'setting', 'failed'], to: 'set' },
  clear_slot: { from: ['removing', 'set', 'failed'], to: 'removed' },
};

/**
 * Command rows (written by the reconciler) as the gateway moves them: pending → sent → applied /
 * rejected / failed, with the access-code targets they serve and a transition row for each change.
 * Every update is conditional on the current status, so two gateways (or an ack that overtakes a
 * retry) cannot resolve one command twice.
 */
export class CommandsRepository {
  constructor(private readonly pool: pg.Pool) {}

  async load(commandId: string): Promise<CommandRow | undefined> {
    if (!UUID.test(commandId)) return undefined;
    const result = await this.pool.query<{
      id: string;
      organization_id: string;
      lock_id: string;
      device_id: string;
      type: string;
      desired_version: number;
      payload: unknown;
      status: CommandProgress['status'];
      attempts: number;
      sent_at: Date | null;
      not_after: Date | null;
    }>(
      `SELECT id::text, organization_id::text, lock_id::text, device_id, type, desired_version, payload,
              status::text AS status, attempts, sent_at, not_after
       FROM commands WHERE id = $1::uuid`,
      [commandId],
    );
    const row = result.rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      organizationId: row.organization_id,
      lockId: row.lock_id,
      deviceId: row.device_id,
      type: row.type,
      desiredVersion: row.desired_version,
      payload: row.payload,
      status: row.status,
      attempts: row.attempts,
      sentAt: row.sent_at?.getTime() ?? null,
      notAfter: row.not_after?.getTime() ?? null,
    };
  }

  /** Records one more publish. Undefined when the command was resolved meanwhile. */
  async markSent(commandId: string, at: Date): Promise<number | undefined> {
    const result = await this.pool.query<{ attempts: number }>(
      `UPDATE commands SET status = 'sent', attempts = attempts + 1, sent_at = $2, updated_at = now()
       WHERE id = $1::uuid AND status IN ('pending', 'sent') RETURNING attempts`,
      [commandId, at],
    );
    return result.rows[0]?.attempts;
  }

  /** Who owns a command id and where it stands (ack validation). */
  async owner(commandId: string): Promise<{ deviceId: string; status: string } | undefined> {
    if (!UUID.test(commandId)) return undefined;
    const result = await this.pool.query<{ device_id: string; status: string }>(
      `SELECT device_id, status::text AS status FROM commands WHERE id = $1::uuid`,
      [commandId],
    );
    const row = result.rows[0];
    return row ? { deviceId: row.device_id, status: row.status } : undefined;
  }

  async applied(
    commandId: string,
    deviceId: string,
    at: Date,
    jobs: ResolutionJobs,
  ): Promise<ResolvedCommand | undefined> {
    return this.resolve(
      commandId,
      deviceId,
      at,
      'applied',
      null,
      (type) => APPLIED_TARGET_STATUS[type],
      null,
      jobs,
    );
  }

  async rejected(
    commandId: string,
    deviceId: string,
    reason: string,
    at: Date,
    jobs: ResolutionJobs,
  ): Promise<ResolvedCommand | undefined> {
    return this.resolve(
      commandId,
      deviceId,
      at,
      'rejected',
      reason,
      () => ({ from: ['scheduled', 'setting', 'removing', 'set'], to: 'failed' }),
      `rejected: ${reason}`,
      jobs,
    );
  }

  /** The gateway gave up (ack timeout after every retry, or expired before it could be sent). */
  async failed(
    commandId: string,
    reason: string,
    at: Date,
    jobs: ResolutionJobs,
  ): Promise<ResolvedCommand | undefined> {
    return this.resolve(
      commandId,
      null,
      at,
      'failed',
      reason,
      () => ({ from: ['scheduled', 'setting', 'removing', 'set'], to: 'failed' }),
      reason,
      jobs,
    );
  }

  /**
   * One transaction: the command's status; the targets it serves (status, installed_at / removed_at,
   * a transition row each); for an applied set_code / clear_slot the slot's attribution rows; and the
   * outbox rows announcing all of it (`jobs`). Nothing is announced unless all of it is committed.
   */
  private async resolve(
    commandId: string,
    deviceId: string | null,
    at: Date,
    status: 'applied' | 'rejected' | 'failed',
    reason: string | null,
    targetMove: (type: string) => { from: string[]; to: string } | undefined,
    failureReason: string | null,
    jobs: ResolutionJobs,
  ): Promise<ResolvedCommand | undefined> {
    return inTransaction(this.pool, async (client) => {
      const updated = await client.query<{
        id: string;
        organization_id: string;
        lock_id: string;
        device_id: string;
        type: string;
        slot: number | null;
        access_code_id: string | null;
        attempts: number;
        sent_at: Date | null;
      }>(
        `UPDATE commands SET status = $2::"CommandStatus", reject_reason = $3, resolved_at = $4, updated_at = now()
         WHERE id = $1::uuid AND status IN ('pending', 'sent') AND ($5::text IS NULL OR device_id = $5)
         RETURNING id::text, organization_id::text, lock_id::text, device_id, type,
                   COALESCE(slot, CASE WHEN jsonb_typeof(payload->'slot') = 'number' THEN (payload->>'slot')::int END) AS slot,
                   access_code_id::text, attempts, sent_at`,
        [commandId, status, reason, at, deviceId],
      );
      const command = updated.rows[0];
      if (!command) return undefined;
      const move = targetMove(command.type);
      let targets: MovedTarget[] = [];
      if (move) {
        const moved = await client.query<{
          id: string;
          organization_id: string;
          access_code_id: string;
          lock_id: string;
          from_status: string;
        }>(
          `WITH moved AS (
             SELECT t.id, t.status AS from_status FROM access_code_targets t
             WHERE t.last_command_id = $1::uuid AND t.status::text = ANY($2::text[])
             FOR NO KEY UPDATE
           ), upd AS (
             UPDATE access_code_targets t SET status = $3::"CodeTargetStatus", failure_reason = $4, updated_at = now(),
               installed_at = CASE WHEN $3::text = 'set' THEN $7 ELSE t.installed_at END,
               removed_at = CASE WHEN $3::text = 'removed' THEN $7 ELSE t.removed_at END
             FROM moved WHERE t.id = moved.id
             RETURNING t.id, t.organization_id, t.access_code_id, t.lock_id, moved.from_status
           ), transitions AS (
             INSERT INTO access_code_transitions (id, organization_id, target_id, from_status, to_status, cause, details, at)
             SELECT gen_random_uuid(), upd.organization_id, upd.id, upd.from_status, $3::"CodeTargetStatus", $5,
                    jsonb_build_object('commandId', $1::text, 'reason', $6::text), $7
             FROM upd
           )
           SELECT id::text, organization_id::text, access_code_id::text, lock_id::text, from_status::text FROM upd`,
          [commandId, move.from, move.to, failureReason, `command_${status}`, reason, at],
        );
        targets = moved.rows.map((r) => ({
          id: r.id,
          organizationId: r.organization_id,
          accessCodeId: r.access_code_id,
          lockId: r.lock_id,
          fromStatus: r.from_status,
          toStatus: move.to,
        }));
      }
      if (status === 'applied' && command.slot !== null) {
        await this.recordSlotAssignment(client, command, at);
      }
      const resolved: ResolvedCommand = {
        id: command.id,
        organizationId: command.organization_id,
        lockId: command.lock_id,
        deviceId: command.device_id,
        type: command.type,
        slot: command.slot,
        accessCodeId: command.access_code_id,
        status,
        reason,
        attempts: command.attempts,
        sentAt: command.sent_at,
        targetIds: targets.map((t) => t.id),
        targets,
      };
      await enqueueInOutbox(client, jobs(resolved));
      return resolved;
    });
  }

  /**
   * Unlock attribution (slot_assignments): an applied set_code closes whatever held the slot at the ack
   * and opens a row for the command's code and its holder; an applied clear_slot only closes it. An
   * advisory lock per (lock, slot) keeps two concurrent acks from leaving two open rows.
   */
  private async recordSlotAssignment(
    client: pg.PoolClient,
    command: { id: string; lock_id: string; type: string; slot: number | null },
    at: Date,
  ): Promise<void> {
    if (command.type !== 'set_code' && command.type !== 'clear_slot') return;
    await client.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('slot_assignments:' || $1 || ':' || $2, 0))`,
      [command.lock_id, String(command.slot)],
    );
    await client.query(
      `UPDATE slot_assignments SET to_at = GREATEST(from_at, $3)
       WHERE lock_id = $1::uuid AND slot = $2 AND to_at IS NULL`,
      [command.lock_id, command.slot, at],
    );
    if (command.type === 'set_code') {
      await client.query(
        `INSERT INTO slot_assignments (id, organization_id, lock_id, slot, access_code_id, holder_user_id, from_at)
         SELECT gen_random_uuid(), c.organization_id, c.lock_id, $2, c.access_code_id, ac.holder_user_id, $3
         FROM commands c JOIN access_codes ac ON ac.id = c.access_code_id
         WHERE c.id = $1::uuid`,
        [command.id, command.slot, at],
      );
    }
  }
}
