import { ZScheduleSchema, type TAccessCodeKind, type TSchedule } from '@lockstep/access-codes';
import { profileFor } from '@lockstep/lock-protocol';
import { packOutboxJobs, QueueName, queuePayloadSchemas, type TOutboxJob } from '@lockstep/queue';
import type pg from 'pg';
import {
  type TCodeState,
  type TDriftPolicy,
  type TInFlightCommand,
  type TLockState,
  type TTargetState,
  type TTargetStatus,
  type TTargetUpdate,
} from './reconcile-plan.js';

/** What one reconciliation writes in its single statement. */
export interface TPlanWrite {
  lockId: string;
  organizationId: string;
  deviceId: string;
  at: Date;
  /** The lock's counter after this plan's commands. */
  desiredVersion: number;
  bookkeeping: {
    adoptedPrimaryFingerprint: string | null;
    reconcileFailures: number;
    reconcileRetryAt: number | null;
  };
  supersede: readonly string[];
  /**
   * Staged commands this plan replaces: superseded only while still pending. One the gateway has just
   * published (its send_at came, by its clock) stays in flight, and the lock's report settles it.
   */
  supersedeStaged: readonly string[];
  commands: readonly {
    id: string;
    type: string;
    slot: number;
    accessCodeId: string | null;
    desiredVersion: number;
    payload: Record<string, unknown>;
    notAfter: Date | null;
    /** Staged: not published before this instant. */
    sendAt: Date | null;
    cause: string;
  }[];
  targets: readonly (TTargetUpdate & { commandId: string | null })[];
  /** Targets whose planned next edge differs from the stored one (null: no edge left). */
  edges: readonly { targetId: string; at: Date | null }[];
  jobs: readonly TOutboxJob[];
}

/** A pg client inside a transaction (or a pool for single statements). */
export type TQueryable = Pick<pg.ClientBase, 'query'>;

/** The lock, its device's keys and the codes targeting it, as read under the lock's row lock. */
export interface TLockSnapshot {
  state: TLockState;
  model: string;
  desiredVersion: number;
  device: {
    deviceId: string;
    publicKey: string | null;
    fingerprintKeySealed: Buffer | null;
    keyId: string | null;
  } | null;
  targets: (TTargetState & { codeSealed: Buffer; codeKeyId: string; nextEdgeAt: number | null })[];
  /** Pending, sent, and applied-but-not-yet-reported commands; staged ones (sendAt ahead) among them. */
  inFlight: (TInFlightCommand & { sendAt: number | null; notAfter: number | null })[];
  /** Schedules that did not parse (skipped, logged by the caller). */
  unreadable: string[];
}

interface LockRow {
  id: string;
  organization_id: string;
  model: string;
  desired_version: number;
  adopted_primary_fingerprint: string | null;
  reconcile_failures: number;
  reconcile_retry_at: Date | null;
  time_zone: string;
  drift_policy: TDriftPolicy;
  device_id: string | null;
  public_key: string | null;
  online: boolean | null;
  fingerprint_key_sealed: Buffer | null;
  device_key_id: string | null;
  held_version: number | null;
  slots: unknown;
}

interface InFlightRow {
  id: string;
  type: string;
  slot: number | null;
  access_code_id: string | null;
  desired_version: number;
  status: 'pending' | 'sent' | 'applied';
  send_at: Date | null;
  not_after: Date | null;
}

interface TargetRow extends TScheduleRow {
  id: string;
  access_code_id: string;
  slot: number | null;
  status: TTargetStatus;
  warnings: string[];
  last_command_id: string | null;
  kind: TAccessCodeKind;
  state: TCodeState;
  schedule_kind: 'always' | 'once' | 'weekly';
  revoked_at: Date | null;
  created_at: Date;
  code_sealed: Buffer;
  key_id: string;
  last_status: string | null;
  reject_reason: string | null;
  next_edge_at: Date | null;
}

/** The schedule columns of an `access_codes` row, as node-postgres returns them. */
export interface TScheduleRow {
  schedule_kind: string;
  starts_at: Date | null;
  ends_at: Date | null;
  weekdays: number[];
  local_start: string | null;
  local_end: string | null;
  from_date: string | null;
  until_date: string | null;
}

/** A code row's schedule columns as the pure core's schedule (null when it does not parse). */
export function scheduleOfRow(row: TScheduleRow): TSchedule | null {
  const input =
    row.schedule_kind === 'always'
      ? { kind: 'always' }
      : row.schedule_kind === 'once'
        ? { kind: 'once', startsAt: row.starts_at, endsAt: row.ends_at }
        : {
            kind: 'weekly',
            weekdays: row.weekdays,
            localStart: row.local_start,
            localEnd: row.local_end,
            fromDate: row.from_date,
            untilDate: row.until_date,
          };
  const parsed = ZScheduleSchema.safeParse(input);
  return parsed.success ? parsed.data : null;
}

/** Reads one lock's reconciliation input and writes a plan's rows, always inside the caller's transaction. */
export class ReconcileRepository {
  /** Locks the lock row (serialises reconciliations of one lock) and reads everything the plan needs. */
  async load(client: TQueryable, lockId: string): Promise<TLockSnapshot | undefined> {
    return (await this.loadMany(client, [lockId])).get(lockId);
  }

  /**
   * As {@link load} for many locks at once, locked in id order (two batches never deadlock). Four
   * set-based reads (locks, their targets, their in-flight commands, their open alerts), each an index
   * lookup on `= ANY(ids)`: a plan per lock (correlated subqueries) misjudged fresh tables into a scan
   * of every access code per lock, and the cost estimate into JIT compilation. The lock rows are taken
   * FOR NO KEY UPDATE: that serialises reconciliations of one lock, and unlike FOR UPDATE it does not
   * block the gateway's writes that reference the lock (their foreign-key checks take KEY SHARE).
   */
  async loadMany(client: TQueryable, lockIds: readonly string[]): Promise<Map<string, TLockSnapshot>> {
    const ids = [...lockIds];
    const locks = await client.query<LockRow>(
      `SELECT l.id::text, l.organization_id::text, l.model, l.desired_version, l.adopted_primary_fingerprint,
              l.reconcile_failures, l.reconcile_retry_at, p.time_zone, o.drift_policy::text AS drift_policy,
              d.id AS device_id, d.public_key, d.online, d.fingerprint_key_sealed, d.key_id AS device_key_id,
              r.held_version, r.slots
       FROM locks l
       JOIN properties p ON p.id = l.property_id
       JOIN organizations o ON o.id = l.organization_id
       LEFT JOIN devices d ON d.lock_id = l.id
       LEFT JOIN lock_reported_states r ON r.lock_id = l.id
       WHERE l.id = ANY($1::uuid[])
       ORDER BY l.id
       FOR NO KEY UPDATE OF l`,
      [ids],
    );
    const snapshots = new Map<string, TLockSnapshot>();
    if (locks.rows.length === 0) return snapshots;
    const lockedIds = locks.rows.map((l) => l.id);
    const targets = await client.query<TargetRow & { lock_id: string }>(
      `SELECT t.lock_id::text, t.id::text, t.access_code_id::text, t.slot, t.status::text AS status, t.warnings,
              t.last_command_id::text, c.kind::text AS kind, c.state::text AS state,
              c.schedule_kind::text AS schedule_kind, c.starts_at, c.ends_at, c.weekdays, c.local_start,
              c.local_end, c.from_date::text, c.until_date::text, c.revoked_at, c.created_at, c.code_sealed,
              c.key_id, lc.status::text AS last_status, lc.reject_reason, t.next_edge_at
       FROM access_code_targets t
       -- Key lookups per target, whatever the statistics say: LIMIT 1 keeps the planner from turning
       -- them into hash joins over every code and command (fresh tables measured 14 ms, not 1).
       CROSS JOIN LATERAL (SELECT * FROM access_codes c WHERE c.id = t.access_code_id LIMIT 1) c
       LEFT JOIN LATERAL (
         SELECT lc.status, lc.reject_reason FROM commands lc WHERE lc.id = t.last_command_id LIMIT 1
       ) lc ON true
       WHERE t.lock_id = ANY($1::uuid[])
         AND (t.status <> 'removed' OR c.state = 'active')
         AND NOT (t.status IN ('removed', 'failed') AND c.schedule_kind = 'once'
                  AND c.ends_at < now() - interval '1 day')
       ORDER BY t.lock_id, t.id`,
      [lockedIds],
    );
    const inFlight = await client.query<InFlightRow & { lock_id: string }>(
      // Per lock, as the other reads (LATERAL): as one join, stale statistics planned a hash join over
      // every command (3.4 ms a batch in a burst instead of < 1).
      `SELECT c.lock_id::text, c.id::text, c.type, c.slot, c.access_code_id::text, c.desired_version,
              c.status::text AS status, c.send_at, c.not_after
       FROM unnest($1::uuid[]) AS k(lock_id)
       LEFT JOIN LATERAL (
         SELECT r.received_at FROM lock_reported_states r WHERE r.lock_id = k.lock_id LIMIT 1
       ) r ON true
       CROSS JOIN LATERAL (
         -- OFFSET 0: kept a per-lock index lookup (a plain subquery is flattened into the join).
         SELECT c.* FROM commands c
         WHERE c.lock_id = k.lock_id AND c.status IN ('pending', 'sent', 'applied')
         OFFSET 0
       ) c
       WHERE c.status IN ('pending', 'sent')
          OR (c.status = 'applied' AND (r.received_at IS NULL OR c.resolved_at >= r.received_at))
       ORDER BY c.lock_id, c.desired_version`,
      [lockedIds],
    );
    const alerts = await client.query<{ lock_id: string; dedupe_key: string }>(
      `SELECT lock_id::text, dedupe_key FROM alerts WHERE lock_id = ANY($1::uuid[]) AND status = 'open'`,
      [lockedIds],
    );
    const group = <T extends { lock_id: string }>(rows: T[]) => {
      const byLock = new Map<string, T[]>();
      for (const row of rows) {
        const list = byLock.get(row.lock_id);
        if (list) list.push(row);
        else byLock.set(row.lock_id, [row]);
      }
      return byLock;
    };
    const targetsByLock = group(targets.rows);
    const inFlightByLock = group(inFlight.rows);
    const alertsByLock = group(alerts.rows);
    for (const lock of locks.rows) {
      snapshots.set(
        lock.id,
        this.snapshotOf(
          lock,
          targetsByLock.get(lock.id) ?? [],
          inFlightByLock.get(lock.id) ?? [],
          (alertsByLock.get(lock.id) ?? []).map((a) => a.dedupe_key),
        ),
      );
    }
    return snapshots;
  }

  private snapshotOf(
    lock: LockRow,
    targetRows: readonly TargetRow[],
    inFlight: readonly InFlightRow[],
    openAlerts: readonly string[],
  ): TLockSnapshot {
    const unreadable: string[] = [];
    const targets: TLockSnapshot['targets'] = [];
    for (const row of targetRows) {
      const schedule = scheduleOfRow(row);
      if (schedule === null) {
        unreadable.push(row.access_code_id);
        continue;
      }
      targets.push({
        targetId: row.id,
        codeId: row.access_code_id,
        kind: row.kind,
        codeState: row.state,
        schedule,
        slot: row.slot,
        revokedAt: row.revoked_at?.getTime() ?? null,
        createdAt: row.created_at.getTime(),
        status: row.status,
        warnings: row.warnings,
        lastCommandId: row.last_command_id,
        lastCommandStatus: row.last_status,
        lastCommandReason: row.reject_reason,
        codeSealed: row.code_sealed,
        codeKeyId: row.key_id,
        nextEdgeAt: row.next_edge_at?.getTime() ?? null,
      });
    }
    const slotCount = profileFor(lock.model)?.slotCount ?? 0;
    const reportedSlots = Array.isArray(lock.slots)
      ? lock.slots.map((s: unknown) => (typeof s === 'string' ? s : null))
      : [];
    return {
      model: lock.model,
      desiredVersion: lock.desired_version,
      device:
        lock.device_id === null
          ? null
          : {
              deviceId: lock.device_id,
              publicKey: lock.public_key,
              fingerprintKeySealed: lock.fingerprint_key_sealed,
              keyId: lock.device_key_id,
            },
      state: {
        lockId: lock.id,
        organizationId: lock.organization_id,
        slotCount,
        timeZone: lock.time_zone,
        driftPolicy: lock.drift_policy,
        adoptedPrimaryFingerprint: lock.adopted_primary_fingerprint,
        reconcileFailures: lock.reconcile_failures,
        reconcileRetryAt: lock.reconcile_retry_at?.getTime() ?? null,
        device:
          lock.device_id === null
            ? null
            : {
                deviceId: lock.device_id,
                online: lock.online === true,
                publicKey: lock.public_key,
                hasFingerprintKey: lock.fingerprint_key_sealed !== null && lock.device_key_id !== null,
              },
        reported:
          lock.held_version === null ? null : { heldVersion: lock.held_version, slots: reportedSlots },
        openAlerts: new Set(openAlerts),
      },
      targets,
      inFlight: inFlight.map((c) => ({
        commandId: c.id,
        type: c.type,
        slot: c.slot,
        accessCodeId: c.access_code_id,
        desiredVersion: c.desired_version,
        status: c.status,
        sendAt: c.send_at?.getTime() ?? null,
        notAfter: c.not_after?.getTime() ?? null,
      })),
      unreadable,
    };
  }

  /**
   * Writes the plans of a batch of locks in one statement (one round trip on the hot path): each lock's
   * counter and bookkeeping, superseded commands, new commands, target moves — each only from the status
   * the plan saw (the gateway may have moved it meanwhile: then its move stands and the next
   * reconciliation looks again; a warning alone is added on top of the gateway's staged move, as no
   * later reconciliation would raise it again: those moves are the gateway's `markSentMany`'s) — a
   * transition per target that moved, and the outbox jobs. The caller
   * holds the lock rows, so the versions it computed from the snapshots are the locks' next ones.
   */
  async write(
    client: TQueryable,
    plans: readonly TPlanWrite[],
    batchJobs: readonly TOutboxJob[] = [],
  ): Promise<void> {
    if (plans.length === 0) return;
    const commands = plans.flatMap((p) => p.commands.map((c) => ({ ...c, plan: p })));
    const targets = plans.flatMap((p) => p.targets.map((t) => ({ ...t, plan: p })));
    // Each command row names the job that carries it (the sweep's repair re-adds exactly that job).
    const jobOf = new Map<string, string>();
    for (const job of batchJobs) {
      const ids = (job.data as { commandIds?: unknown }).commandIds;
      if (job.queue !== QueueName.commands || job.jobId === undefined || !Array.isArray(ids)) continue;
      for (const id of ids) if (typeof id === 'string') jobOf.set(id, job.jobId);
    }
    const outbox = packOutboxJobs([...plans.flatMap((p) => p.jobs), ...batchJobs]).map((job) => ({
      ...job,
      data: JSON.stringify(queuePayloadSchemas[job.queue].parse(job.data)),
    }));
    await client.query(
      `WITH lock_update AS (
         UPDATE locks l SET desired_version = x.desired_version, adopted_primary_fingerprint = x.adopted,
                reconcile_failures = x.failures, reconcile_retry_at = x.retry_at, last_reconciled_at = x.at,
                updated_at = now()
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::timestamptz[], $6::timestamptz[])
           AS x(id, desired_version, adopted, failures, retry_at, at)
         WHERE l.id = x.id RETURNING l.id
       ), superseded AS (
         UPDATE commands SET status = 'superseded', resolved_at = $8, updated_at = now()
         WHERE (id = ANY($7::uuid[]) AND status IN ('pending', 'sent'))
            OR (id = ANY($40::uuid[]) AND status = 'pending')
         RETURNING id
       ), inserted AS (
         INSERT INTO commands (id, organization_id, lock_id, device_id, type, slot, access_code_id, desired_version,
                               payload, not_after, send_at, cause, job_id, status, created_at, updated_at)
         SELECT x.id, x.organization_id, x.lock_id, x.device_id, x.type, x.slot, x.access_code_id, x.desired_version,
                x.payload, x.not_after, x.send_at, x.cause, x.job_id, 'pending', x.at, now()
         FROM unnest($9::uuid[], $10::uuid[], $11::uuid[], $12::text[], $13::text[], $14::int[], $15::uuid[],
                     $16::int[], $17::jsonb[], $18::timestamptz[], $19::timestamptz[], $38::timestamptz[],
                     $39::text[], $41::text[])
           AS x(id, organization_id, lock_id, device_id, type, slot, access_code_id, desired_version, payload,
                not_after, at, send_at, cause, job_id)
         RETURNING id
       ), moves AS (
         SELECT * FROM unnest($20::uuid[], $21::text[], $22::text[], $23::uuid[], $24::boolean[], $25::text[],
                              $26::text[], $27::text[], $28::text[], $29::text[], $30::jsonb[], $31::uuid[],
                              $32::timestamptz[])
           AS m(id, from_status, to_status, command_id, set_failure, failure_reason, add_warning, remove_warnings,
                cause, warning, details, organization_id, at)
       ), moved AS (
         UPDATE access_code_targets t SET
           status = CASE WHEN m.to_status = m.from_status THEN t.status ELSE m.to_status::"CodeTargetStatus" END,
           last_command_id = COALESCE(m.command_id, t.last_command_id),
           failure_reason = CASE WHEN m.set_failure THEN m.failure_reason ELSE t.failure_reason END,
           warnings = ARRAY(
             SELECT DISTINCT w FROM unnest(t.warnings || CASE WHEN m.add_warning IS NULL THEN '{}'::text[]
                                                           ELSE ARRAY[m.add_warning] END) AS w
             WHERE w <> ALL (string_to_array(COALESCE(m.remove_warnings, ''), ','))),
           updated_at = now()
         FROM moves m
         WHERE t.id = m.id
           AND (t.status::text = m.from_status
                -- A warning (set_late, removal_overdue) still holds when the gateway has just published
                -- the target's staged command (scheduled→setting, set→removing) since the plan's read.
                OR (m.to_status = m.from_status AND m.add_warning IS NOT NULL
                    AND (m.from_status, t.status::text) IN (('scheduled', 'setting'), ('set', 'removing'))))
         RETURNING t.id,
                   CASE WHEN m.to_status = m.from_status THEN t.status::text ELSE m.from_status END AS from_status,
                   t.status::text AS to_status, m.cause, m.warning, m.details, m.organization_id, m.at
       ), transitions AS (
         INSERT INTO access_code_transitions (id, organization_id, target_id, from_status, to_status, warning, cause, details, at)
         SELECT gen_random_uuid(), moved.organization_id, moved.id, moved.from_status::"CodeTargetStatus",
                moved.to_status::"CodeTargetStatus", moved.warning, moved.cause, moved.details, moved.at
         FROM moved WHERE moved.cause IS NOT NULL
         RETURNING id
       ), jobs AS (
         INSERT INTO outbox (queue, name, data, job_id, run_at)
         SELECT * FROM unnest($33::text[], $34::text[], $35::jsonb[], $36::text[], $37::timestamptz[])
         RETURNING id
       )
       SELECT (SELECT count(*) FROM lock_update) AS locks`,
      [
        plans.map((p) => p.lockId),
        plans.map((p) => p.desiredVersion),
        plans.map((p) => p.bookkeeping.adoptedPrimaryFingerprint),
        plans.map((p) => p.bookkeeping.reconcileFailures),
        plans.map((p) =>
          p.bookkeeping.reconcileRetryAt === null ? null : new Date(p.bookkeeping.reconcileRetryAt),
        ),
        plans.map((p) => p.at),
        plans.flatMap((p) => p.supersede),
        plans[0]!.at,
        commands.map((c) => c.id),
        commands.map((c) => c.plan.organizationId),
        commands.map((c) => c.plan.lockId),
        commands.map((c) => c.plan.deviceId),
        commands.map((c) => c.type),
        commands.map((c) => c.slot),
        commands.map((c) => c.accessCodeId),
        commands.map((c) => c.desiredVersion),
        commands.map((c) => JSON.stringify(c.payload)),
        commands.map((c) => c.notAfter),
        commands.map((c) => c.plan.at),
        targets.map((u) => u.targetId),
        targets.map((u) => u.from),
        targets.map((u) => u.to),
        targets.map((u) => u.commandId),
        targets.map((u) => u.failureReason !== undefined),
        targets.map((u) => u.failureReason ?? null),
        targets.map((u) => u.addWarning ?? null),
        targets.map((u) => (u.removeWarnings ?? []).join(',')),
        targets.map((u) => u.transition?.cause ?? null),
        targets.map((u) => u.transition?.warning ?? null),
        targets.map((u) =>
          JSON.stringify({
            ...(u.transition?.details ?? {}),
            ...(u.commandId ? { commandId: u.commandId } : {}),
          }),
        ),
        targets.map((u) => u.plan.organizationId),
        targets.map((u) => u.plan.at),
        outbox.map((j) => j.queue),
        outbox.map((j) => j.name),
        outbox.map((j) => j.data),
        outbox.map((j) => j.jobId ?? null),
        outbox.map((j) => j.runAt ?? null),
        commands.map((c) => c.sendAt),
        commands.map((c) => c.cause),
        plans.flatMap((p) => p.supersedeStaged),
        commands.map((c) => jobOf.get(c.id) ?? null),
      ],
    );
    // A statement of its own: one statement may not update a row twice (the target moves above), and
    // the edge is the reconciler's bookkeeping, so updated_at stays as it is.
    const edges = plans.flatMap((p) => p.edges);
    if (edges.length > 0) {
      await client.query(
        `UPDATE access_code_targets t SET next_edge_at = e.at
         FROM unnest($1::uuid[], $2::timestamptz[]) AS e(id, at) WHERE t.id = e.id`,
        [edges.map((e) => e.targetId), edges.map((e) => e.at)],
      );
    }
  }

  async openAlerts(
    client: TQueryable,
    organizationId: string,
    lockId: string,
    alerts: readonly { type: string; severity: string; dedupeKey: string; title: string; detail: string }[],
    at: Date,
  ): Promise<void> {
    for (const alert of alerts) {
      await client.query(
        `INSERT INTO alerts (id, organization_id, lock_id, type, severity, status, title, detail, dedupe_key, opened_at, updated_at)
         SELECT gen_random_uuid(), $1::uuid, $2::uuid, $3, $4::"AlertSeverity", 'open', $5, $6, $7, $8, now()
         WHERE NOT EXISTS (SELECT 1 FROM alerts WHERE organization_id = $1::uuid AND dedupe_key = $7 AND status = 'open')`,
        [organizationId, lockId, alert.type, alert.severity, alert.title, alert.detail, alert.dedupeKey, at],
      );
    }
  }

  async resolveAlerts(client: TQueryable, lockId: string, keys: readonly string[], at: Date): Promise<void> {
    if (keys.length === 0) return;
    await client.query(
      `UPDATE alerts SET status = 'resolved', resolved_at = $3, updated_at = now()
       WHERE lock_id = $1::uuid AND status = 'open' AND dedupe_key = ANY($2::text[])`,
      [lockId, keys, at],
    );
  }

  /** Codes superseded once no lock holds them any more; returns those that changed. */
  async supersedeCodes(client: TQueryable, codeIds: readonly string[]): Promise<string[]> {
    if (codeIds.length === 0) return [];
    const result = await client.query<{ id: string }>(
      `UPDATE access_codes c SET state = 'superseded', updated_at = now(), version = version + 1
       WHERE c.id = ANY($1::uuid[]) AND c.state = 'active'
         AND NOT EXISTS (SELECT 1 FROM access_code_targets t
                         WHERE t.access_code_id = c.id AND t.status NOT IN ('removed', 'failed'))
       RETURNING c.id::text`,
      [[...new Set(codeIds)]],
    );
    return result.rows.map((r) => r.id);
  }
}
