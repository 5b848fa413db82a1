import type pg from 'pg';
import { enqueueInOutbox, type TOutboxJob } from '@lockstep/queue';
import { inTransaction } from '../db/transaction.js';
import { unnestSource } from '../db/unnest.js';
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

/** One ack or give-up to record, as the service hands it over. */
export interface ResolutionRequest {
  commandId: string;
  /** The device that acknowledged (it must own the command); null when the gateway gave up. */
  deviceId: string | null;
  status: 'applied' | 'rejected' | 'failed';
  /** The lock's reject reason, or the gateway's failure reason; null for applied. */
  reason: string | null;
  at: Date;
  jobs: ResolutionJobs;
}

export type ResolutionOutcome =
  | { kind: 'resolved'; command: ResolvedCommand }
  | { kind: 'unknown_command' }
  | { kind: 'device_mismatch' }
  /** Not pending or sent any more: a redelivered ack, an ack after the gateway gave up, a second gateway. */
  | { kind: 'already_resolved' };

/** A publish to record: the command and the instant it went out. */
export interface SentMark {
  commandId: string;
  at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Outbox rows per INSERT (5 parameters each; Postgres allows 65,535 per statement). */
const OUTBOX_CHUNK = 4_000;

/** The target status an applied command moves its access-code target to, from the status it left. */
const APPLIED_TARGET_STATUS: Record<string, { from: string[]; to: string }> = {
  set_code: { from: ['scheduled', 'setting', 'failed'], to: 'set' },
  clear_slot: { from: ['removing', 'set', 'failed'], to: 'removed' },
};
const UNRESOLVED_TARGET_MOVE = { from: ['scheduled', 'setting', 'removing', 'set'], to: 'failed' };

/** Which targets a resolution moves, and the failure reason it leaves on them. */
function targetMove(
  status: ResolutionRequest['status'],
  type: string,
  reason: string | null,
): { from: string[]; to: string; failureReason: string | null } | undefined {
  if (status === 'applied') {
    const move = APPLIED_TARGET_STATUS[type];
    return move ? { ...move, failureReason: null } : undefined;
  }
  return {
    ...UNRESOLVED_TARGET_MOVE,
    failureReason: status === 'rejected' ? `rejected: ${reason}` : reason,
  };
}

interface UpdatedCommand {
  id: string;
  organization_id: string;
  lock_id: string;
  device_id: string;
  type: string;
  slot: number | null;
  access_code_id: string | null;
  attempts: number;
  sent_at: Date | null;
}

/**
 * Command rows (written by the reconciler) as the gateway moves them: pending → sent → applied /
 * rejected / failed, with the access-code targets they serve and a transition row for each change.
 * Every update is conditional on the current status, so two gateways (or an ack that overtakes a
 * retry) cannot resolve one command twice. Every method takes many commands at once (set-based
 * statements over `unnest` / `= ANY`): a burst costs a handful of statements, not a handful per command.
 */
export class CommandsRepository {
  constructor(private readonly pool: pg.Pool) {}

  async loadMany(commandIds: readonly string[]): Promise<Map<string, CommandRow>> {
    const ids = [...new Set(commandIds.filter((id) => UUID.test(id)))];
    const rows = new Map<string, CommandRow>();
    if (ids.length === 0) return rows;
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
      send_at: Date | null;
    }>(
      `SELECT id::text, organization_id::text, lock_id::text, device_id, type, desired_version, payload,
              status::text AS status, attempts, sent_at, not_after, send_at
       FROM commands WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    for (const row of result.rows) {
      rows.set(row.id, {
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
        sendAt: row.send_at?.getTime() ?? null,
      });
    }
    return rows;
  }

  /**
   * Records one more publish per mark; the attempts each command now has, by id (absent when the
   * command was resolved meanwhile). Ids must be distinct (one increment per row and statement). The
   * first publish of a staged command also starts the targets it serves (setting / removing).
   */
  async markSentMany(marks: readonly SentMark[]): Promise<Map<string, number>> {
    const attempts = new Map<string, number>();
    if (marks.length === 0) return attempts;
    const { source, values } = unnestSource(marks, [
      ['id', 'uuid', (m) => m.commandId],
      ['at', 'float8', (m) => m.at.getTime()],
    ] as const);
    // A staged command's first publish is also when the targets it serves start setting (set_code) or
    // removing (clear_slot): the reconciler left them as they were, since it wrote the command before
    // the window edge. Conditional on their status, so an ack that came first stands.
    const result = await this.pool.query<{ id: string; attempts: number }>(
      `WITH sent AS (
         UPDATE commands c SET status = 'sent', attempts = c.attempts + 1, sent_at = to_timestamp(v.at / 1000.0),
                updated_at = now()
         FROM ${source}
         WHERE c.id = v.id AND c.status IN ('pending', 'sent')
         RETURNING c.id, c.attempts, c.type, c.slot, c.lock_id, c.access_code_id, c.cause, c.send_at, c.sent_at
       ), started AS (
         UPDATE access_code_targets t
         SET status = (CASE WHEN sent.type = 'set_code' THEN 'setting' ELSE 'removing' END)::"CodeTargetStatus",
             updated_at = now()
         FROM sent
         WHERE sent.send_at IS NOT NULL AND sent.attempts = 1
           AND t.access_code_id = sent.access_code_id AND t.lock_id = sent.lock_id AND t.last_command_id = sent.id
           AND ((sent.type = 'set_code' AND t.status = 'scheduled') OR (sent.type = 'clear_slot' AND t.status = 'set'))
         RETURNING t.id, t.organization_id, sent.type, sent.slot, sent.id AS command_id, sent.cause, sent.sent_at
       ), transitions AS (
         INSERT INTO access_code_transitions (id, organization_id, target_id, from_status, to_status, cause, details, at)
         SELECT gen_random_uuid(), s.organization_id, s.id,
                (CASE WHEN s.type = 'set_code' THEN 'scheduled' ELSE 'set' END)::"CodeTargetStatus",
                (CASE WHEN s.type = 'set_code' THEN 'setting' ELSE 'removing' END)::"CodeTargetStatus",
                COALESCE(s.cause, 'staged'), jsonb_build_object('slot', s.slot, 'commandId', s.command_id, 'staged', true),
                s.sent_at
         FROM started s
       )
       SELECT id::text, attempts FROM sent`,
      values,
    );
    for (const row of result.rows) attempts.set(row.id, row.attempts);
    return attempts;
  }

  /**
   * Records many acks and give-ups in **one transaction**, one outcome per request (same order):
   * the commands' status; the targets they serve (status, installed_at / removed_at, a transition row
   * each); for applied set_code / clear_slot the slots' attribution rows; and the outbox rows announcing
   * all of it (each request's `jobs`). Nothing is announced unless all of it is committed. A request
   * for a command an earlier request of the batch already resolves is `already_resolved`, as it would
   * be one after the other.
   */
  async resolveMany(requests: readonly ResolutionRequest[]): Promise<ResolutionOutcome[]> {
    const outcomes: (ResolutionOutcome | undefined)[] = requests.map((r) =>
      UUID.test(r.commandId) ? undefined : { kind: 'unknown_command' },
    );
    const known = requests.filter((_, i) => outcomes[i] === undefined);
    if (known.length === 0) return outcomes as ResolutionOutcome[];
    return inTransaction(this.pool, async (client) => {
      const owners = await this.owners(
        client,
        known.map((r) => r.commandId),
      );
      // The first request per command takes part; later ones for the same command find it resolved.
      const candidates = new Map<string, { request: ResolutionRequest; index: number }>();
      requests.forEach((request, index) => {
        if (outcomes[index] !== undefined) return;
        const owner = owners.get(request.commandId.toLowerCase());
        if (owner === undefined) outcomes[index] = { kind: 'unknown_command' };
        else if (request.deviceId !== null && owner !== request.deviceId) {
          outcomes[index] = { kind: 'device_mismatch' };
        } else if (candidates.has(request.commandId.toLowerCase())) {
          outcomes[index] = { kind: 'already_resolved' };
        } else candidates.set(request.commandId.toLowerCase(), { request, index });
      });
      const entries = [...candidates.values()];
      const updated = await this.updateCommands(
        client,
        entries.map((e) => e.request),
      );
      const resolved: { entry: (typeof entries)[number]; command: UpdatedCommand }[] = [];
      for (const entry of entries) {
        const command = updated.get(entry.request.commandId.toLowerCase());
        if (command) resolved.push({ entry, command });
        else outcomes[entry.index] = { kind: 'already_resolved' };
      }
      if (resolved.length === 0) return outcomes as ResolutionOutcome[];

      const moved = await this.moveTargets(
        client,
        resolved.map(({ entry, command }) => ({ request: entry.request, command })),
      );
      await this.recordSlotAssignments(
        client,
        resolved
          .filter(({ entry }) => entry.request.status === 'applied')
          .map(({ entry, command }) => ({ command, at: entry.request.at, index: entry.index })),
      );
      const jobs: TOutboxJob[] = [];
      for (const { entry, command } of resolved) {
        const { request } = entry;
        const targets = moved.get(command.id) ?? [];
        const resolution: ResolvedCommand = {
          id: command.id,
          organizationId: command.organization_id,
          lockId: command.lock_id,
          deviceId: command.device_id,
          type: command.type,
          slot: command.slot,
          accessCodeId: command.access_code_id,
          status: request.status,
          reason: request.reason,
          attempts: command.attempts,
          sentAt: command.sent_at,
          targetIds: targets.map((t) => t.id),
          targets,
        };
        jobs.push(...request.jobs(resolution));
        outcomes[entry.index] = { kind: 'resolved', command: resolution };
      }
      for (let i = 0; i < jobs.length; i += OUTBOX_CHUNK) {
        await enqueueInOutbox(client, jobs.slice(i, i + OUTBOX_CHUNK));
      }
      return outcomes as ResolutionOutcome[];
    });
  }

  /** Who owns each command id (ack validation), by lower-case id. */
  private async owners(client: pg.PoolClient, commandIds: string[]): Promise<Map<string, string>> {
    const result = await client.query<{ id: string; device_id: string }>(
      `SELECT id::text, device_id FROM commands WHERE id = ANY($1::uuid[])`,
      [[...new Set(commandIds)]],
    );
    return new Map(result.rows.map((r) => [r.id, r.device_id]));
  }

  /**
   * Resolves the commands still pending or sent, by lower-case id. The rows are locked in id order
   * first (a materialised `FOR NO KEY UPDATE … ORDER BY id`), so two gateways resolving overlapping
   * batches (an ack redelivered to the other one) wait for each other instead of deadlocking.
   */
  private async updateCommands(
    client: pg.PoolClient,
    requests: ResolutionRequest[],
  ): Promise<Map<string, UpdatedCommand>> {
    if (requests.length === 0) return new Map();
    const { source, values } = unnestSource(requests, [
      ['id', 'uuid', (r) => r.commandId],
      ['status', 'text', (r) => r.status],
      ['reason', 'text', (r) => r.reason],
      ['at', 'float8', (r) => r.at.getTime()],
      ['device', 'text', (r) => r.deviceId],
    ] as const);
    const result = await client.query<UpdatedCommand>(
      `WITH v AS MATERIALIZED (SELECT * FROM ${source}),
       locked AS MATERIALIZED (
         SELECT c.id FROM commands c
         WHERE c.id = ANY($${values.length + 1}::uuid[]) AND c.status IN ('pending', 'sent')
         ORDER BY c.id
         FOR NO KEY UPDATE
       )
       UPDATE commands c SET status = v.status::"CommandStatus", reject_reason = v.reason,
              resolved_at = to_timestamp(v.at / 1000.0), updated_at = now()
       FROM v JOIN locked ON locked.id = v.id
       WHERE c.id = v.id AND c.status IN ('pending', 'sent') AND (v.device IS NULL OR c.device_id = v.device)
       RETURNING c.id::text, c.organization_id::text, c.lock_id::text, c.device_id, c.type,
                 COALESCE(c.slot, CASE WHEN jsonb_typeof(c.payload->'slot') = 'number' THEN (c.payload->>'slot')::int END) AS slot,
                 c.access_code_id::text, c.attempts, c.sent_at`,
      [...values, requests.map((r) => r.commandId)],
    );
    return new Map(result.rows.map((r) => [r.id, r]));
  }

  /**
   * Moves the targets the resolved commands serve (`last_command_id`, on the command's lock) and writes
   * a transition row each, in one statement. The moved targets by command id.
   */
  private async moveTargets(
    client: pg.PoolClient,
    resolved: { request: ResolutionRequest; command: UpdatedCommand }[],
  ): Promise<Map<string, MovedTarget[]>> {
    const moves = resolved.flatMap(({ request, command }) => {
      const move = targetMove(request.status, command.type, request.reason);
      return move ? [{ request, command, move }] : [];
    });
    const byCommand = new Map<string, MovedTarget[]>();
    if (moves.length === 0) return byCommand;
    moves.sort((a, b) => (a.command.id < b.command.id ? -1 : a.command.id > b.command.id ? 1 : 0));
    const { source, values } = unnestSource(moves, [
      ['command_id', 'uuid', (m) => m.command.id],
      ['lock_id', 'uuid', (m) => m.command.lock_id],
      ['from_list', 'text', (m) => m.move.from.join(',')],
      ['to_status', 'text', (m) => m.move.to],
      ['failure_reason', 'text', (m) => m.move.failureReason],
      ['cause', 'text', (m) => `command_${m.request.status}`],
      ['reason', 'text', (m) => m.request.reason],
      ['at', 'float8', (m) => m.request.at.getTime()],
    ] as const);
    const result = await client.query<{
      id: string;
      organization_id: string;
      access_code_id: string;
      lock_id: string;
      from_status: string;
      to_status: string;
      command_id: string;
    }>(
      // Each target is looked up (and locked) on its own, by the lock index: joined as a set, stale
      // statistics after a burst's inserts planned a hash join over every target, 7–10 ms a batch
      // instead of < 1. Locked in command id order (the commands were, just before).
      `WITH moved AS MATERIALIZED (
         SELECT t.id, t.from_status, v.command_id, v.to_status, v.failure_reason, v.cause, v.reason,
                to_timestamp(v.at / 1000.0) AS at
         FROM ${source}
         CROSS JOIN LATERAL (
           SELECT t.id, t.status AS from_status FROM access_code_targets t
           WHERE t.lock_id = v.lock_id AND t.last_command_id = v.command_id
             AND t.status::text = ANY(string_to_array(v.from_list, ','))
           FOR NO KEY UPDATE
         ) t
       ), upd AS (
         UPDATE access_code_targets t SET status = moved.to_status::"CodeTargetStatus",
           failure_reason = moved.failure_reason, updated_at = now(),
           installed_at = CASE WHEN moved.to_status = 'set' THEN moved.at ELSE t.installed_at END,
           removed_at = CASE WHEN moved.to_status = 'removed' THEN moved.at ELSE t.removed_at END
         FROM moved WHERE t.id = moved.id
         RETURNING t.id, t.organization_id, t.access_code_id, t.lock_id, moved.from_status, moved.to_status,
                   moved.command_id, moved.cause, moved.reason, moved.at
       ), transitions AS (
         INSERT INTO access_code_transitions (id, organization_id, target_id, from_status, to_status, cause, details, at)
         SELECT gen_random_uuid(), upd.organization_id, upd.id, upd.from_status, upd.to_status::"CodeTargetStatus",
                upd.cause, jsonb_build_object('commandId', upd.command_id::text, 'reason', upd.reason), upd.at
         FROM upd
       )
       SELECT id::text, organization_id::text, access_code_id::text, lock_id::text, from_status::text,
              to_status, command_id::text
       FROM upd`,
      values,
    );
    for (const r of result.rows) {
      const list = byCommand.get(r.command_id) ?? [];
      list.push({
        id: r.id,
        organizationId: r.organization_id,
        accessCodeId: r.access_code_id,
        lockId: r.lock_id,
        fromStatus: r.from_status,
        toStatus: r.to_status,
      });
      byCommand.set(r.command_id, list);
    }
    return byCommand;
  }

  /**
   * Unlock attribution (slot_assignments): an applied set_code closes whatever held the slot at the ack
   * and opens a row for the command's code and its holder; an applied clear_slot only closes it.
   *
   * Set-based, with the same result as applying the acks one after the other in order of their time
   * (then arrival): per (lock, slot), the row open before the batch is closed at the first ack; each
   * set_code's row is opened at its ack and closed at the next ack of that slot in the batch (open if it
   * is the last). An advisory lock per (lock, slot), all taken in one statement in key order (so two
   * gateways cannot deadlock), keeps two concurrent batches from leaving two open rows.
   */
  private async recordSlotAssignments(
    client: pg.PoolClient,
    applied: { command: UpdatedCommand; at: Date; index: number }[],
  ): Promise<void> {
    const ops = applied
      .filter(
        (a) => a.command.slot !== null && (a.command.type === 'set_code' || a.command.type === 'clear_slot'),
      )
      .sort(
        (a, b) =>
          compare(a.command.lock_id, b.command.lock_id) ||
          (a.command.slot as number) - (b.command.slot as number) ||
          a.at.getTime() - b.at.getTime() ||
          a.index - b.index,
      );
    if (ops.length === 0) return;
    const closes: { lockId: string; slot: number; at: number }[] = [];
    const opens: { commandId: string; slot: number; from: number; to: number | null }[] = [];
    ops.forEach((op, i) => {
      const slot = op.command.slot as number;
      const previous = ops[i - 1];
      if (!previous || previous.command.lock_id !== op.command.lock_id || previous.command.slot !== slot) {
        closes.push({ lockId: op.command.lock_id, slot, at: op.at.getTime() });
      }
      if (op.command.type !== 'set_code') return;
      const next = ops[i + 1];
      const closedByNext = next && next.command.lock_id === op.command.lock_id && next.command.slot === slot;
      opens.push({
        commandId: op.command.id,
        slot,
        from: op.at.getTime(),
        to: closedByNext ? Math.max(op.at.getTime(), next.at.getTime()) : null,
      });
    });
    const locks = unnestSource(closes, [
      ['lock_id', 'text', (c) => c.lockId],
      ['slot', 'text', (c) => String(c.slot)],
    ] as const);
    await client.query(
      `SELECT pg_advisory_xact_lock(k.key)
       FROM (SELECT DISTINCT hashtextextended('slot_assignments:' || v.lock_id || ':' || v.slot, 0) AS key
             FROM ${locks.source} ORDER BY key) k
       ORDER BY k.key`,
      locks.values,
    );
    // One statement: the UPDATE (a data-modifying CTE) and the INSERT share a snapshot, so the rows
    // opened here are not among those it closes.
    await client.query(
      `WITH closed AS (
         UPDATE slot_assignments sa SET to_at = GREATEST(sa.from_at, to_timestamp(v.at / 1000.0))
         FROM unnest($1::uuid[], $2::int[], $3::float8[]) AS v(lock_id, slot, at)
         WHERE sa.lock_id = v.lock_id AND sa.slot = v.slot AND sa.to_at IS NULL
       )
       INSERT INTO slot_assignments (id, organization_id, lock_id, slot, access_code_id, holder_user_id, from_at, to_at)
       SELECT gen_random_uuid(), c.organization_id, c.lock_id, o.slot, c.access_code_id, ac.holder_user_id,
              to_timestamp(o.from_at / 1000.0), to_timestamp(o.to_at / 1000.0)
       FROM unnest($4::uuid[], $5::int[], $6::float8[], $7::float8[]) AS o(command_id, slot, from_at, to_at)
       JOIN commands c ON c.id = o.command_id
       JOIN access_codes ac ON ac.id = c.access_code_id`,
      [
        closes.map((c) => c.lockId),
        closes.map((c) => c.slot),
        closes.map((c) => c.at),
        opens.map((o) => o.commandId),
        opens.map((o) => o.slot),
        opens.map((o) => o.from),
        opens.map((o) => o.to),
      ],
    );
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
