import type pg from 'pg';
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

export interface ResolvedCommand {
  id: string;
  organizationId: string;
  lockId: string;
  deviceId: string;
  type: string;
  attempts: number;
  sentAt: Date | null;
  targetIds: string[];
}

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

  async applied(commandId: string, deviceId: string, at: Date): Promise<ResolvedCommand | undefined> {
    return this.resolve(
      commandId,
      deviceId,
      at,
      'applied',
      null,
      (type) => APPLIED_TARGET_STATUS[type],
      null,
    );
  }

  async rejected(
    commandId: string,
    deviceId: string,
    reason: string,
    at: Date,
  ): Promise<ResolvedCommand | undefined> {
    return this.resolve(
      commandId,
      deviceId,
      at,
      'rejected',
      reason,
      () => ({ from: ['scheduled', 'setting', 'removing', 'set'], to: 'failed' }),
      `rejected: ${reason}`,
    );
  }

  /** The gateway gave up (ack timeout after every retry, or expired before it could be sent). */
  async failed(commandId: string, reason: string, at: Date): Promise<ResolvedCommand | undefined> {
    return this.resolve(
      commandId,
      null,
      at,
      'failed',
      reason,
      () => ({ from: ['scheduled', 'setting', 'removing', 'set'], to: 'failed' }),
      reason,
    );
  }

  private async resolve(
    commandId: string,
    deviceId: string | null,
    at: Date,
    status: 'applied' | 'rejected' | 'failed',
    reason: string | null,
    targetMove: (type: string) => { from: string[]; to: string } | undefined,
    failureReason: string | null,
  ): Promise<ResolvedCommand | undefined> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const updated = await client.query<{
        id: string;
        organization_id: string;
        lock_id: string;
        device_id: string;
        type: string;
        attempts: number;
        sent_at: Date | null;
      }>(
        `UPDATE commands SET status = $2::"CommandStatus", reject_reason = $3, resolved_at = $4, updated_at = now()
         WHERE id = $1::uuid AND status IN ('pending', 'sent') AND ($5::text IS NULL OR device_id = $5)
         RETURNING id::text, organization_id::text, lock_id::text, device_id, type, attempts, sent_at`,
        [commandId, status, reason, at, deviceId],
      );
      const command = updated.rows[0];
      if (!command) {
        await client.query('ROLLBACK');
        return undefined;
      }
      const move = targetMove(command.type);
      let targetIds: string[] = [];
      if (move) {
        const targets = await client.query<{ id: string }>(
          `WITH moved AS (
             SELECT t.id, t.status AS from_status FROM access_code_targets t
             WHERE t.last_command_id = $1::uuid AND t.status::text = ANY($2::text[])
             FOR UPDATE
           ), upd AS (
             UPDATE access_code_targets t SET status = $3::"CodeTargetStatus", failure_reason = $4, updated_at = now()
             FROM moved WHERE t.id = moved.id
             RETURNING t.id, t.organization_id, moved.from_status
           )
           INSERT INTO access_code_transitions (id, organization_id, target_id, from_status, to_status, cause, details, at)
           SELECT gen_random_uuid(), upd.organization_id, upd.id, upd.from_status, $3::"CodeTargetStatus", $5,
                  jsonb_build_object('commandId', $1::text, 'reason', $6::text), $7
           FROM upd RETURNING target_id::text AS id`,
          [commandId, move.from, move.to, failureReason, `command_${status}`, reason, at],
        );
        targetIds = targets.rows.map((r) => r.id);
      }
      await client.query('COMMIT');
      return {
        id: command.id,
        organizationId: command.organization_id,
        lockId: command.lock_id,
        deviceId: command.device_id,
        type: command.type,
        attempts: command.attempts,
        sentAt: command.sent_at,
        targetIds,
      };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
