import { ZScheduleSchema, type TAccessCodeKind, type TSchedule } from '@lockstep/access-codes';
import { profileFor } from '@lockstep/lock-protocol';
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
  targets: (TTargetState & { codeSealed: Buffer; codeKeyId: string })[];
  inFlight: TInFlightCommand[];
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
  open_alerts: string[];
  in_flight: {
    id: string;
    type: string;
    slot: number | null;
    access_code_id: string | null;
    desired_version: number;
    status: 'pending' | 'sent' | 'applied';
  }[];
}

interface TargetRow {
  id: string;
  access_code_id: string;
  slot: number | null;
  status: TTargetStatus;
  warnings: string[];
  last_command_id: string | null;
  kind: TAccessCodeKind;
  state: TCodeState;
  schedule_kind: 'always' | 'once' | 'weekly';
  starts_at: Date | null;
  ends_at: Date | null;
  weekdays: number[];
  local_start: string | null;
  local_end: string | null;
  from_date: string | null;
  until_date: string | null;
  revoked_at: Date | null;
  created_at: Date;
  code_sealed: Buffer;
  key_id: string;
  last_status: string | null;
  reject_reason: string | null;
}

/** A code row's schedule columns as the pure core's schedule (null when it does not parse). */
export function scheduleOfRow(row: {
  schedule_kind: string;
  starts_at: Date | null;
  ends_at: Date | null;
  weekdays: number[];
  local_start: string | null;
  local_end: string | null;
  from_date: string | null;
  until_date: string | null;
}): TSchedule | null {
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
    const lockResult = await client.query<LockRow>(
      `SELECT l.id::text, l.organization_id::text, l.model, l.desired_version, l.adopted_primary_fingerprint,
              l.reconcile_failures, l.reconcile_retry_at, p.time_zone, o.drift_policy::text AS drift_policy,
              d.id AS device_id, d.public_key, d.online, d.fingerprint_key_sealed, d.key_id AS device_key_id,
              r.held_version, r.slots,
              ARRAY(SELECT a.dedupe_key FROM alerts a WHERE a.lock_id = l.id AND a.status = 'open') AS open_alerts,
              COALESCE((
                SELECT json_agg(json_build_object('id', c.id, 'type', c.type, 'slot', c.slot,
                         'access_code_id', c.access_code_id, 'desired_version', c.desired_version,
                         'status', c.status))
                FROM commands c
                WHERE c.lock_id = l.id AND (c.status IN ('pending', 'sent')
                  OR (c.status = 'applied' AND (r.lock_id IS NULL OR c.desired_version > r.held_version
                      OR c.resolved_at >= r.received_at)))
              ), '[]'::json) AS in_flight
       FROM locks l
       JOIN properties p ON p.id = l.property_id
       JOIN organizations o ON o.id = l.organization_id
       LEFT JOIN devices d ON d.lock_id = l.id
       LEFT JOIN lock_reported_states r ON r.lock_id = l.id
       WHERE l.id = $1::uuid
       FOR UPDATE OF l`,
      [lockId],
    );
    const lock = lockResult.rows[0];
    if (!lock) return undefined;
    const targetResult = await client.query<TargetRow>(
      `SELECT t.id::text, t.access_code_id::text, t.slot, t.status::text AS status, t.warnings,
              t.last_command_id::text, c.kind::text AS kind, c.state::text AS state,
              c.schedule_kind::text AS schedule_kind, c.starts_at, c.ends_at, c.weekdays, c.local_start,
              c.local_end, c.from_date::text, c.until_date::text, c.revoked_at, c.created_at, c.code_sealed,
              c.key_id, lc.status::text AS last_status, lc.reject_reason
       FROM access_code_targets t
       JOIN access_codes c ON c.id = t.access_code_id
       LEFT JOIN commands lc ON lc.id = t.last_command_id
       WHERE t.lock_id = $1::uuid
         AND (t.status <> 'removed' OR c.state = 'active')
         AND NOT (t.status IN ('removed', 'failed') AND c.schedule_kind = 'once'
                  AND c.ends_at < now() - interval '1 day')`,
      [lockId],
    );
    const unreadable: string[] = [];
    const targets: TLockSnapshot['targets'] = [];
    for (const row of targetResult.rows) {
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
        openAlerts: new Set(lock.open_alerts),
      },
      targets,
      inFlight: lock.in_flight.map((c) => ({
        commandId: c.id,
        type: c.type,
        slot: c.slot,
        accessCodeId: c.access_code_id,
        desiredVersion: c.desired_version,
        status: c.status,
      })),
      unreadable,
    };
  }

  /** Takes `count` versions from the lock's counter; returns the first. Also stores the bookkeeping. */
  async updateLock(
    client: TQueryable,
    lockId: string,
    count: number,
    at: Date,
    bookkeeping: {
      adoptedPrimaryFingerprint: string | null;
      reconcileFailures: number;
      reconcileRetryAt: number | null;
    },
  ): Promise<number> {
    const result = await client.query<{ desired_version: number }>(
      `UPDATE locks SET desired_version = desired_version + $2, adopted_primary_fingerprint = $3,
              reconcile_failures = $4, reconcile_retry_at = $5, last_reconciled_at = $6, updated_at = now()
       WHERE id = $1::uuid RETURNING desired_version`,
      [
        lockId,
        count,
        bookkeeping.adoptedPrimaryFingerprint,
        bookkeeping.reconcileFailures,
        bookkeeping.reconcileRetryAt === null ? null : new Date(bookkeeping.reconcileRetryAt),
        at,
      ],
    );
    const row = result.rows[0];
    if (!row) throw new Error('lock vanished during its reconciliation');
    return row.desired_version - count + 1;
  }

  async supersede(client: TQueryable, commandIds: readonly string[], at: Date): Promise<void> {
    if (commandIds.length === 0) return;
    await client.query(
      `UPDATE commands SET status = 'superseded', resolved_at = $2, updated_at = now()
       WHERE id = ANY($1::uuid[]) AND status IN ('pending', 'sent')`,
      [commandIds, at],
    );
  }

  async insertCommands(
    client: TQueryable,
    rows: readonly {
      id: string;
      organizationId: string;
      lockId: string;
      deviceId: string;
      type: string;
      slot: number;
      accessCodeId: string | null;
      desiredVersion: number;
      payload: Record<string, unknown>;
      notAfter: Date | null;
    }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await client.query(
      `INSERT INTO commands (id, organization_id, lock_id, device_id, type, slot, access_code_id, desired_version,
                             payload, not_after, status, created_at, updated_at)
       SELECT x.id, x.organization_id, x.lock_id, x.device_id, x.type, x.slot, x.access_code_id, x.desired_version,
              x.payload, x.not_after, 'pending', now(), now()
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::int[], $7::uuid[], $8::int[],
                   $9::jsonb[], $10::timestamptz[])
         AS x(id, organization_id, lock_id, device_id, type, slot, access_code_id, desired_version, payload, not_after)`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.organizationId),
        rows.map((r) => r.lockId),
        rows.map((r) => r.deviceId),
        rows.map((r) => r.type),
        rows.map((r) => r.slot),
        rows.map((r) => r.accessCodeId),
        rows.map((r) => r.desiredVersion),
        rows.map((r) => JSON.stringify(r.payload)),
        rows.map((r) => r.notAfter),
      ],
    );
  }

  /**
   * Moves targets, each only from the status the plan saw (the gateway may have moved it meanwhile:
   * then its move stands and the next reconciliation looks again), and records a transition for each
   * row that moved. Returns the ids that moved.
   */
  async updateTargets(
    client: TQueryable,
    organizationId: string,
    updates: readonly (TTargetUpdate & { commandId: string | null })[],
    at: Date,
  ): Promise<Set<string>> {
    if (updates.length === 0) return new Set();
    const result = await client.query<{ id: string }>(
      `WITH x AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::boolean[], $6::text[],
                              $7::text[], $8::text[])
           AS x(id, from_status, to_status, command_id, set_failure, failure_reason, add_warning, remove_warnings)
       )
       UPDATE access_code_targets t SET
         status = x.to_status::"CodeTargetStatus",
         last_command_id = COALESCE(x.command_id, t.last_command_id),
         failure_reason = CASE WHEN x.set_failure THEN x.failure_reason ELSE t.failure_reason END,
         warnings = ARRAY(
           SELECT DISTINCT w FROM unnest(t.warnings || CASE WHEN x.add_warning IS NULL THEN '{}'::text[]
                                                         ELSE ARRAY[x.add_warning] END) AS w
           WHERE w <> ALL (string_to_array(COALESCE(x.remove_warnings, ''), ','))),
         updated_at = now()
       FROM x WHERE t.id = x.id AND t.status::text = x.from_status
       RETURNING t.id::text`,
      [
        updates.map((u) => u.targetId),
        updates.map((u) => u.from),
        updates.map((u) => u.to),
        updates.map((u) => u.commandId),
        updates.map((u) => u.failureReason !== undefined),
        updates.map((u) => u.failureReason ?? null),
        updates.map((u) => u.addWarning ?? null),
        updates.map((u) => (u.removeWarnings ?? []).join(',')),
      ],
    );
    const moved = new Set(result.rows.map((r) => r.id));
    const transitions = updates.filter((u) => u.transition !== null && moved.has(u.targetId));
    if (transitions.length > 0) {
      await client.query(
        `INSERT INTO access_code_transitions (id, organization_id, target_id, from_status, to_status, warning, cause, details, at)
         SELECT gen_random_uuid(), $1::uuid, x.target_id, x.from_status::"CodeTargetStatus",
                x.to_status::"CodeTargetStatus", x.warning, x.cause, x.details, $2
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[])
           AS x(target_id, from_status, to_status, warning, cause, details)`,
        [
          organizationId,
          at,
          transitions.map((u) => u.targetId),
          transitions.map((u) => u.from),
          transitions.map((u) => u.to),
          transitions.map((u) => u.transition?.warning ?? null),
          transitions.map((u) => u.transition?.cause ?? 'reconcile'),
          transitions.map((u) =>
            JSON.stringify({
              ...(u.transition?.details ?? {}),
              ...(u.commandId ? { commandId: u.commandId } : {}),
            }),
          ),
        ],
      );
    }
    return moved;
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
