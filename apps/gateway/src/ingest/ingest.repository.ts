import type pg from 'pg';
import { type BatchWriteResult } from './batch-writer.js';

/** Columns shared by every device-originated row. */
interface DeviceRowBase {
  organizationId: string;
  lockId: string;
  deviceId: string;
  messageId: string;
  receivedAt: Date;
}

export interface TelemetryRow extends DeviceRowBase {
  batteryPercent: number;
  batteryMv: number;
  rssi: number | null;
  recordedAt: Date;
}

export interface EventRow extends DeviceRowBase {
  type: string;
  method: string | null;
  slot: number | null;
  data: Record<string, unknown>;
  occurredAt: Date;
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

export interface StoredEvent {
  id: string;
  organizationId: string;
  lockId: string;
  deviceId: string;
  messageId: string;
  type: string;
  slot: number | null;
  accessCodeId: string | null;
  userId: string | null;
  occurredAt: Date;
}

export interface StoredTelemetry {
  id: string;
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

/** `$1, $2, ...` placeholders for `rows` rows of `width` columns, with optional casts per column. */
function valuesList(rows: number, casts: readonly string[]): string {
  const width = casts.length;
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cols: string[] = [];
    for (let c = 0; c < width; c++) cols.push(`$${r * width + c + 1}${casts[c] ? `::${casts[c]}` : ''}`);
    out.push(`(${cols.join(',')})`);
  }
  return out.join(',');
}

/**
 * Batched, idempotent writes of what devices report. Raw multi-row INSERT ... ON CONFLICT DO NOTHING
 * on (device_id, message_id): a QoS 1 redelivery is stored once, and RETURNING tells which rows were
 * new so only those become domain events.
 */
export class IngestRepository {
  constructor(private readonly pool: pg.Pool) {}

  async insertTelemetry(rows: TelemetryRow[]): Promise<BatchWriteResult<StoredTelemetry>> {
    // unnest() of one array per column: a constant number of parameters whatever the batch size, so
    // the statement parses and plans in constant time (a 500-row VALUES list has 4,500 parameters).
    const result = await this.pool.query<{
      id: string;
      organization_id: string;
      lock_id: string;
      device_id: string;
      message_id: string;
      recorded_at: Date;
    }>(
      `INSERT INTO telemetry (organization_id, lock_id, device_id, message_id, battery_percent, battery_mv, rssi, recorded_at, received_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::timestamptz[], $9::timestamptz[])
       ON CONFLICT (device_id, message_id) DO NOTHING
       RETURNING id::text, organization_id::text, lock_id::text, device_id, message_id, recorded_at`,
      [
        rows.map((r) => r.organizationId),
        rows.map((r) => r.lockId),
        rows.map((r) => r.deviceId),
        rows.map((r) => r.messageId),
        rows.map((r) => r.batteryPercent),
        rows.map((r) => r.batteryMv),
        rows.map((r) => r.rssi),
        rows.map((r) => r.recordedAt),
        rows.map((r) => r.receivedAt),
      ],
    );
    return {
      stored: result.rows.map((r) => ({
        id: r.id,
        organizationId: r.organization_id,
        lockId: r.lock_id,
        deviceId: r.device_id,
        messageId: r.message_id,
        recordedAt: r.recorded_at,
      })),
      duplicates: rows.length - result.rows.length,
    };
  }

  /**
   * Events, attributed at ingestion: a keypad unlock's slot is resolved through slot_assignments to
   * the code and person that held that slot at that moment (attribution survives slot reuse).
   */
  async insertEvents(rows: EventRow[]): Promise<BatchWriteResult<StoredEvent>> {
    const result = await this.pool.query<{
      id: string;
      organization_id: string;
      lock_id: string;
      device_id: string;
      message_id: string;
      type: string;
      slot: number | null;
      access_code_id: string | null;
      user_id: string | null;
      occurred_at: Date;
    }>(
      `INSERT INTO lock_events (id, organization_id, lock_id, device_id, message_id, type, method, slot, access_code_id, user_id, data, occurred_at, received_at)
       SELECT gen_random_uuid(), v.org, v.lock, v.device, v.msg, v.type, v.method, v.slot, sa.access_code_id, sa.holder_user_id, v.data, v.occurred, v.received
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::jsonb[], $9::timestamptz[], $10::timestamptz[])
         AS v(org, lock, device, msg, type, method, slot, data, occurred, received)
       LEFT JOIN LATERAL (
         SELECT s.access_code_id, s.holder_user_id FROM slot_assignments s
         WHERE v.slot IS NOT NULL AND s.lock_id = v.lock AND s.slot = v.slot
           AND s.from_at <= v.occurred AND (s.to_at IS NULL OR s.to_at > v.occurred)
         ORDER BY s.from_at DESC LIMIT 1
       ) sa ON true
       ON CONFLICT (device_id, message_id) DO NOTHING
       RETURNING id::text, organization_id::text, lock_id::text, device_id, message_id, type, slot, access_code_id::text, user_id::text, occurred_at`,
      [
        rows.map((r) => r.organizationId),
        rows.map((r) => r.lockId),
        rows.map((r) => r.deviceId),
        rows.map((r) => r.messageId),
        rows.map((r) => r.type),
        rows.map((r) => r.method),
        rows.map((r) => r.slot),
        rows.map((r) => JSON.stringify(r.data)),
        rows.map((r) => r.occurredAt),
        rows.map((r) => r.receivedAt),
      ],
    );
    return {
      stored: result.rows.map((r) => ({
        id: r.id,
        organizationId: r.organization_id,
        lockId: r.lock_id,
        deviceId: r.device_id,
        messageId: r.message_id,
        type: r.type,
        slot: r.slot,
        accessCodeId: r.access_code_id,
        userId: r.user_id,
        occurredAt: r.occurred_at,
      })),
      duplicates: rows.length - result.rows.length,
    };
  }

  /**
   * Reported state, one row per lock: the newest report (by the lock's own timestamp) wins, and the
   * same report redelivered changes nothing (message_id equal).
   */
  async upsertStates(rows: StateRow[]): Promise<BatchWriteResult<StoredState>> {
    // Within a batch keep only each lock's newest report: one statement may not touch a row twice.
    const newest = new Map<string, StateRow>();
    for (const r of rows) {
      const seen = newest.get(r.lockId);
      if (!seen || seen.reportedAt.getTime() <= r.reportedAt.getTime()) newest.set(r.lockId, r);
    }
    const list = [...newest.values()];
    const casts = [
      'uuid',
      'uuid',
      'int',
      'jsonb',
      'text',
      'int',
      'int',
      'int',
      'timestamptz',
      'text',
      'timestamptz',
      'timestamptz',
    ];
    const params = list.flatMap((r) => [
      r.lockId,
      r.organizationId,
      r.heldVersion,
      JSON.stringify(r.slots),
      r.bolt,
      r.autoLock,
      r.batteryPercent,
      r.batteryMv,
      r.lockoutUntil,
      r.messageId,
      r.reportedAt,
      r.receivedAt,
    ]);
    const result = await this.pool.query<{
      lock_id: string;
      organization_id: string;
      message_id: string;
      held_version: number;
      reported_at: Date;
    }>(
      `INSERT INTO lock_reported_states (lock_id, organization_id, held_version, slots, bolt, auto_lock, battery_percent, battery_mv, lockout_until, message_id, reported_at, received_at)
       VALUES ${valuesList(list.length, casts)}
       ON CONFLICT (lock_id) DO UPDATE SET
         held_version = EXCLUDED.held_version, slots = EXCLUDED.slots, bolt = EXCLUDED.bolt,
         auto_lock = EXCLUDED.auto_lock, battery_percent = EXCLUDED.battery_percent,
         battery_mv = EXCLUDED.battery_mv, lockout_until = EXCLUDED.lockout_until,
         jam_cause = CASE WHEN EXCLUDED.bolt = 'jammed' THEN lock_reported_states.jam_cause ELSE NULL END,
         message_id = EXCLUDED.message_id, reported_at = EXCLUDED.reported_at, received_at = EXCLUDED.received_at
       WHERE lock_reported_states.message_id <> EXCLUDED.message_id
         AND lock_reported_states.reported_at <= EXCLUDED.reported_at
       RETURNING lock_id::text, organization_id::text, message_id, held_version, reported_at`,
      params,
    );
    return {
      stored: result.rows.map((r) => ({
        lockId: r.lock_id,
        organizationId: r.organization_id,
        messageId: r.message_id,
        heldVersion: r.held_version,
        reportedAt: r.reported_at,
      })),
      duplicates: rows.length - result.rows.length,
    };
  }

  /** Records a jam's suspected cause on the reported state (the fix shown on site follows from it). */
  async recordJamCause(lockId: string, cause: string | null): Promise<void> {
    await this.pool.query(
      `UPDATE lock_reported_states SET jam_cause = $2, bolt = 'jammed' WHERE lock_id = $1::uuid`,
      [lockId, cause],
    );
  }
}
