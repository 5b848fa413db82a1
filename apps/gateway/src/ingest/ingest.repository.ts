import type pg from 'pg';
import { EventKind } from '@lockstep/lock-protocol';
import { DOMAIN_EVENT_BATCH_MAX, QueueName, enqueueInOutbox, type TOutboxJob } from '@lockstep/queue';
import { inTransaction } from '../db/transaction.js';
import { unnestLiterals, type LiteralColumn } from './array-literals.js';
import { LOCK_EVENT_PREFIX } from '../events/domain-event-bus.js';
import { type BatchWriteResult } from './batch-writer.js';

/** Columns shared by every device-originated row. */
interface DeviceRowBase {
  organizationId: string;
  lockId: string;
  deviceId: string;
  messageId: string;
  /** Gateway receive time, epoch ms. */
  receivedAtMs: number;
}

export interface TelemetryRow extends DeviceRowBase {
  batteryPercent: number;
  batteryMv: number;
  rssi: number | null;
  /** The lock's timestamp, epoch ms. */
  recordedAtMs: number;
}

export interface EventRow extends DeviceRowBase {
  type: string;
  method: string | null;
  slot: number | null;
  data: Record<string, unknown>;
  /** The lock's timestamp, epoch ms. */
  occurredAtMs: number;
}

export interface StateRow extends DeviceRowBase {
  heldVersion: number;
  slots: (string | null)[];
  bolt: string;
  autoLock: number | null;
  batteryPercent: number;
  batteryMv: number;
  lockoutUntil: Date | null;
  reportedAt: Date;
}

export interface StoredTelemetry {
  organizationId: string;
  lockId: string;
  deviceId: string;
  messageId: string;
  recordedAt: Date;
}

export interface StoredState {
  lockId: string;
  organizationId: string;
  messageId: string;
  heldVersion: number;
  reportedAt: Date;
}

/** Outbox rows for the rows a batch stored; written in the batch's transaction. */
export type StoredJobs<R> = (stored: R[]) => TOutboxJob[];

// Timestamps travel as epoch milliseconds (cheaper to serialise than Date → text) and are converted
// by Postgres: to_timestamp(ms / 1000.0) is exact to the millisecond the columns keep.
const ts = (alias: string) => `to_timestamp(v.${alias} / 1000.0)`;

const TELEMETRY_COLUMNS: readonly LiteralColumn<TelemetryRow>[] = [
  ['org', 'uuid', (r) => r.organizationId],
  ['lock', 'uuid', (r) => r.lockId],
  ['device', 'text', (r) => r.deviceId],
  ['msg', 'text', (r) => r.messageId],
  ['percent', 'int', (r) => r.batteryPercent],
  ['mv', 'int', (r) => r.batteryMv],
  ['rssi', 'int', (r) => r.rssi],
  ['recorded', 'float8', (r) => r.recordedAtMs],
  ['received', 'float8', (r) => r.receivedAtMs],
];

const EVENT_COLUMNS: readonly LiteralColumn<EventRow>[] = [
  ['org', 'uuid', (r) => r.organizationId],
  ['lock', 'uuid', (r) => r.lockId],
  ['device', 'text', (r) => r.deviceId],
  ['msg', 'text', (r) => r.messageId],
  ['type', 'text', (r) => r.type],
  ['method', 'text', (r) => r.method],
  ['slot', 'int', (r) => r.slot],
  ['data', 'jsonb', (r) => JSON.stringify(r.data)],
  ['occurred', 'float8', (r) => r.occurredAtMs],
  ['received', 'float8', (r) => r.receivedAtMs],
];

const STATE_COLUMNS: readonly LiteralColumn<StateRow>[] = [
  ['lock', 'uuid', (r) => r.lockId],
  ['org', 'uuid', (r) => r.organizationId],
  ['held', 'int', (r) => r.heldVersion],
  ['slots', 'jsonb', (r) => JSON.stringify(r.slots)],
  ['bolt', 'text', (r) => r.bolt],
  ['auto_lock', 'int', (r) => r.autoLock],
  ['percent', 'int', (r) => r.batteryPercent],
  ['mv', 'int', (r) => r.batteryMv],
  ['lockout', 'float8', (r) => r.lockoutUntil?.getTime() ?? null],
  ['msg', 'text', (r) => r.messageId],
  ['reported', 'float8', (r) => r.reportedAt.getTime()],
  ['received', 'float8', (r) => r.receivedAtMs],
];

/**
 * Batched, idempotent writes of what devices report: one INSERT … SELECT FROM unnest(…) ON CONFLICT
 * (device_id, message_id) DO NOTHING per batch, so a QoS 1 redelivery is stored once. Where the stored
 * rows are announced (events, states) the announcement is written to the outbox in the same
 * transaction, from RETURNING (only new rows are announced).
 */
export class IngestRepository {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * Telemetry: a single statement (its own transaction). `returning` only when its rows are announced
   * (GATEWAY_TELEMETRY_EVENTS); otherwise the row count tells the duplicates, and nothing is parsed back.
   */
  async insertTelemetry(
    rows: TelemetryRow[],
    returning: boolean,
  ): Promise<BatchWriteResult<StoredTelemetry>> {
    const { source, values } = unnestLiterals(rows, TELEMETRY_COLUMNS);
    const result = await this.pool.query<{
      organization_id: string;
      lock_id: string;
      device_id: string;
      message_id: string;
      recorded_at: Date;
    }>(
      `INSERT INTO telemetry (organization_id, lock_id, device_id, message_id, battery_percent, battery_mv, rssi, recorded_at, received_at)
       SELECT v.org, v.lock, v.device, v.msg, v.percent, v.mv, v.rssi, ${ts('recorded')}, ${ts('received')} FROM ${source}
       ON CONFLICT (device_id, message_id) DO NOTHING
       ${returning ? 'RETURNING organization_id::text, lock_id::text, device_id, message_id, recorded_at' : ''}`,
      values,
    );
    const stored = result.rows.map((r) => ({
      organizationId: r.organization_id,
      lockId: r.lock_id,
      deviceId: r.device_id,
      messageId: r.message_id,
      recordedAt: r.recorded_at,
    }));
    return { stored, duplicates: rows.length - (result.rowCount ?? 0) };
  }

  /**
   * Events, attributed at ingestion: a keypad unlock's slot is resolved through slot_assignments to the
   * code and person that held that slot at that moment (attribution survives slot reuse).
   *
   * One statement, hence one transaction and one round trip: the insert; for each new row its
   * `lock.event.<kind>` domain event into the outbox (built in SQL in the shape of
   * ZDomainEventsJobSchema, up to DOMAIN_EVENT_BATCH_MAX to a row; the relay tests parse every one); a
   * new factory_reset closes every open
   * slot assignment of its lock and a code_programmed_locally its slot's (the code there is no longer
   * the assigned one); a jam records its suspected cause on the reported state. Only the number of new
   * rows comes back (everything announced is in the outbox already): returning and parsing each row
   * cost ~2.4 µs per event in node.
   */
  async insertEvents(rows: EventRow[]): Promise<BatchWriteResult<never>> {
    const { source, values } = unnestLiterals(rows, EVENT_COLUMNS);
    const result = await this.pool.query<{ inserted: number }>(
      `WITH ins AS (
         INSERT INTO lock_events (id, organization_id, lock_id, device_id, message_id, type, method, slot, access_code_id, user_id, data, occurred_at, received_at)
         SELECT gen_random_uuid(), v.org, v.lock, v.device, v.msg, v.type, v.method, v.slot, sa.access_code_id, sa.holder_user_id,
                v.data, ${ts('occurred')}, ${ts('received')}
         FROM ${source}
         LEFT JOIN LATERAL (
           SELECT s.access_code_id, s.holder_user_id FROM slot_assignments s
           WHERE v.slot IS NOT NULL AND s.lock_id = v.lock AND s.slot = v.slot
             AND s.from_at <= ${ts('occurred')} AND (s.to_at IS NULL OR s.to_at > ${ts('occurred')})
           ORDER BY s.from_at DESC LIMIT 1
         ) sa ON true
         ON CONFLICT (device_id, message_id) DO NOTHING
         RETURNING id, organization_id, lock_id, device_id, message_id, type, slot, access_code_id, user_id, occurred_at, data
       ), announced AS (
         -- Packed as packOutboxJobs does: one outbox row per ${DOMAIN_EVENT_BATCH_MAX} events ({ events }).
         INSERT INTO outbox (queue, name, data)
         SELECT '${QueueName.domainEvents}', 'events', jsonb_build_object('events', jsonb_agg(e.event ORDER BY e.n))
         FROM (
           SELECT row_number() OVER () - 1 AS n, jsonb_build_object(
             'type', '${LOCK_EVENT_PREFIX}' || ins.type,
             'organizationId', ins.organization_id,
             'lockId', ins.lock_id,
             'refId', ins.id,
             'occurredAt', to_char(ins.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
             'data', jsonb_build_object('deviceId', ins.device_id, 'messageId', ins.message_id, 'slot', ins.slot,
                                        'accessCodeId', ins.access_code_id, 'userId', ins.user_id)) AS event
           FROM ins
         ) e
         GROUP BY e.n / ${DOMAIN_EVENT_BATCH_MAX}
       ), closed AS (
         UPDATE slot_assignments s SET to_at = ins.occurred_at
         FROM ins
         WHERE ins.type IN ('${EventKind.FactoryReset}', '${EventKind.CodeProgrammedLocally}')
           AND s.to_at IS NULL AND s.lock_id = ins.lock_id AND s.from_at <= ins.occurred_at
           AND (ins.type = '${EventKind.FactoryReset}' OR s.slot = ins.slot)
       ), jams AS (
         UPDATE lock_reported_states r SET jam_cause = ins.data->>'suspectedCause', bolt = 'jammed'
         FROM ins WHERE ins.type = '${EventKind.Jammed}' AND r.lock_id = ins.lock_id
       )
       SELECT count(*)::int AS inserted FROM ins`,
      values,
    );
    return { stored: [], duplicates: rows.length - (result.rows[0]?.inserted ?? 0) };
  }

  /**
   * Reported state, one row per lock: the newest report (by the lock's own timestamp) wins, and the
   * same report redelivered changes nothing (message_id equal). Announced through the outbox.
   */
  async upsertStates(
    rows: StateRow[],
    jobs: StoredJobs<StoredState>,
  ): Promise<BatchWriteResult<StoredState>> {
    // Within a batch keep only each lock's newest report: one statement may not touch a row twice.
    const newest = new Map<string, StateRow>();
    for (const r of rows) {
      const seen = newest.get(r.lockId);
      if (!seen || seen.reportedAt.getTime() <= r.reportedAt.getTime()) newest.set(r.lockId, r);
    }
    const { source, values } = unnestLiterals([...newest.values()], STATE_COLUMNS);
    return inTransaction(this.pool, async (client) => {
      const result = await client.query<{
        lock_id: string;
        organization_id: string;
        message_id: string;
        held_version: number;
        reported_at: Date;
      }>(
        `INSERT INTO lock_reported_states (lock_id, organization_id, held_version, slots, bolt, auto_lock, battery_percent, battery_mv, lockout_until, message_id, reported_at, received_at)
         SELECT v.lock, v.org, v.held, v.slots, v.bolt, v.auto_lock, v.percent, v.mv, ${ts('lockout')}, v.msg, ${ts('reported')}, ${ts('received')}
         FROM ${source}
         ON CONFLICT (lock_id) DO UPDATE SET
           held_version = EXCLUDED.held_version, slots = EXCLUDED.slots, bolt = EXCLUDED.bolt,
           auto_lock = EXCLUDED.auto_lock, battery_percent = EXCLUDED.battery_percent,
           battery_mv = EXCLUDED.battery_mv, lockout_until = EXCLUDED.lockout_until,
           jam_cause = CASE WHEN EXCLUDED.bolt = 'jammed' THEN lock_reported_states.jam_cause ELSE NULL END,
           message_id = EXCLUDED.message_id, reported_at = EXCLUDED.reported_at, received_at = EXCLUDED.received_at
         WHERE lock_reported_states.message_id <> EXCLUDED.message_id
           AND lock_reported_states.reported_at <= EXCLUDED.reported_at
         RETURNING lock_id::text, organization_id::text, message_id, held_version, reported_at`,
        values,
      );
      const stored = result.rows.map((r) => ({
        lockId: r.lock_id,
        organizationId: r.organization_id,
        messageId: r.message_id,
        heldVersion: r.held_version,
        reportedAt: r.reported_at,
      }));
      await enqueueInOutbox(client, jobs(stored));
      return { stored, duplicates: rows.length - stored.length };
    });
  }
}
