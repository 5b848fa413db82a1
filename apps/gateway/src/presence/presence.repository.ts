import type pg from 'pg';
import { enqueueInOutbox, type TOutboxJob } from '@lockstep/queue';
import { inTransaction } from '../db/transaction.js';

export interface PresenceChange {
  deviceId: string;
  organizationId: string;
  lockId: string;
  /** Whether the session changed (a reconnect), as opposed to a repeated online for the same session. */
  newSession: boolean;
  wasOnline: boolean;
}

/** The outbox rows a presence change announces (written in the change's transaction). */
export type PresenceJobs = (changes: PresenceChange[]) => TOutboxJob[];

/**
 * Presence columns of `devices`. Every change is a single conditional UPDATE (safe across gateways), in
 * one transaction with the outbox rows announcing it, so an online/offline is never stored unannounced.
 */
export class PresenceRepository {
  constructor(private readonly pool: pg.Pool) {}

  async markOnline(
    input: {
      deviceId: string;
      session: string;
      at: Date;
      firmwareVersion?: string | undefined;
      publicKey?: string | undefined;
    },
    jobs: PresenceJobs,
  ): Promise<PresenceChange | undefined> {
    return inTransaction(this.pool, async (client) => {
      const result = await client.query<{
        id: string;
        organization_id: string;
        lock_id: string;
        was_online: boolean;
        old_session: string | null;
      }>(
        `WITH old AS (SELECT id, online, session_id FROM devices WHERE id = $1 FOR NO KEY UPDATE)
       UPDATE devices d SET
         online = true,
         session_id = $2,
         connected_at = CASE WHEN old.session_id IS DISTINCT FROM $2 OR NOT old.online THEN $3 ELSE d.connected_at END,
         last_seen_at = GREATEST(d.last_seen_at, $3),
         firmware_version = COALESCE($4, d.firmware_version),
         public_key = COALESCE(d.public_key, $5),
         state = CASE WHEN d.state = 'provisioned' THEN 'active'::"DeviceState" ELSE d.state END,
         updated_at = now()
       FROM old WHERE d.id = old.id
       RETURNING d.id, d.organization_id::text, d.lock_id::text, old.online AS was_online, old.session_id AS old_session`,
        [input.deviceId, input.session, input.at, input.firmwareVersion ?? null, input.publicKey ?? null],
      );
      const row = result.rows[0];
      if (!row) return undefined;
      const change: PresenceChange = {
        deviceId: row.id,
        organizationId: row.organization_id,
        lockId: row.lock_id,
        wasOnline: row.was_online,
        newSession: row.old_session !== input.session,
      };
      await enqueueInOutbox(client, jobs([change]));
      return change;
    });
  }

  /** Offline from a will: only if it belongs to the device's current session (a stale will is ignored). */
  async markOfflineForSession(
    deviceId: string,
    session: string,
    at: Date,
    jobs: PresenceJobs,
  ): Promise<PresenceChange | undefined> {
    return inTransaction(this.pool, async (client) => {
      const result = await client.query<{ id: string; organization_id: string; lock_id: string }>(
        `UPDATE devices SET online = false, disconnected_at = $3, updated_at = now()
       WHERE id = $1 AND online AND (session_id = $2 OR session_id IS NULL)
       RETURNING id, organization_id::text, lock_id::text`,
        [deviceId, session, at],
      );
      const row = result.rows[0];
      if (!row) return undefined;
      const change: PresenceChange = {
        deviceId: row.id,
        organizationId: row.organization_id,
        lockId: row.lock_id,
        newSession: false,
        wasOnline: true,
      };
      await enqueueInOutbox(client, jobs([change]));
      return change;
    });
  }

  /** Heartbeat timeout: every online device not heard from since `before`. */
  async markSilentOffline(before: Date, at: Date, jobs: PresenceJobs): Promise<PresenceChange[]> {
    return inTransaction(this.pool, async (client) => {
      const result = await client.query<{ id: string; organization_id: string; lock_id: string }>(
        `UPDATE devices SET online = false, disconnected_at = $2, updated_at = now()
       WHERE online AND (last_seen_at IS NULL OR last_seen_at < $1)
       RETURNING id, organization_id::text, lock_id::text`,
        [before, at],
      );
      const changes = result.rows.map((row) => ({
        deviceId: row.id,
        organizationId: row.organization_id,
        lockId: row.lock_id,
        newSession: false,
        wasOnline: true,
      }));
      await enqueueInOutbox(client, jobs(changes));
      return changes;
    });
  }

  /** Last seen per device, one statement for many devices; never moves a timestamp backwards. */
  async touchLastSeen(seen: Map<string, Date>): Promise<void> {
    if (seen.size === 0) return;
    const ids = [...seen.keys()];
    const times = ids.map((id) => seen.get(id) as Date);
    await this.pool.query(
      `UPDATE devices d SET last_seen_at = GREATEST(d.last_seen_at, v.at)
       FROM unnest($1::text[], $2::timestamptz[]) AS v(id, at)
       WHERE d.id = v.id AND (d.last_seen_at IS NULL OR d.last_seen_at < v.at)`,
      [ids, times],
    );
  }
}
