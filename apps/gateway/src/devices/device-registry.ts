import type pg from 'pg';
import { type Clock } from '../observability/clock.js';

/** What the gateway needs to know about a device, read from the registry (`devices`). */
export interface DeviceRecord {
  id: string;
  organizationId: string;
  lockId: string;
  model: string;
  state: 'provisioned' | 'active' | 'suspended' | 'retired';
  publicKey: string | null;
  credentialHash: string | null;
}

export interface DeviceLookup {
  get(deviceId: string): Promise<DeviceRecord | undefined>;
}

/** May this device talk to the cloud? Suspended and retired devices are refused. */
export function isDeviceEnabled(device: DeviceRecord): boolean {
  return device.state === 'provisioned' || device.state === 'active';
}

export class PgDeviceSource implements DeviceLookup {
  constructor(private readonly pool: pg.Pool) {}

  async get(deviceId: string): Promise<DeviceRecord | undefined> {
    const result = await this.pool.query<{
      id: string;
      organization_id: string;
      lock_id: string;
      model: string;
      state: DeviceRecord['state'];
      public_key: string | null;
      credential_hash: string | null;
    }>(
      `SELECT id, organization_id::text, lock_id::text, model, state::text AS state, public_key, credential_hash
       FROM devices WHERE id = $1`,
      [deviceId],
    );
    const row = result.rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      organizationId: row.organization_id,
      lockId: row.lock_id,
      model: row.model,
      state: row.state,
      publicKey: row.public_key,
      credentialHash: row.credential_hash,
    };
  }
}

/**
 * Registry cache: every message needs its device's organization and lock, and reading Postgres per
 * message would cost more than storing it. Unknown ids are cached too (briefly), so a flood of
 * garbage device ids cannot turn into a flood of queries; concurrent misses share one query.
 */
export class DeviceRegistry implements DeviceLookup {
  private readonly cache = new Map<string, { at: number; record: DeviceRecord | undefined }>();
  private readonly loading = new Map<string, Promise<DeviceRecord | undefined>>();

  constructor(
    private readonly source: DeviceLookup,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly negativeTtlMs = Math.min(ttlMs, 5_000),
    private readonly maxEntries = 200_000,
  ) {}

  async get(deviceId: string): Promise<DeviceRecord | undefined> {
    const hit = this.cache.get(deviceId);
    const now = this.clock.now();
    if (hit && now - hit.at < (hit.record ? this.ttlMs : this.negativeTtlMs)) return hit.record;
    const inFlight = this.loading.get(deviceId);
    if (inFlight) return inFlight;
    const load = this.source
      .get(deviceId)
      .then((record) => {
        if (this.cache.size >= this.maxEntries) this.cache.clear();
        this.cache.set(deviceId, { at: this.clock.now(), record });
        return record;
      })
      .finally(() => this.loading.delete(deviceId));
    this.loading.set(deviceId, load);
    return load;
  }

  /** Forget one device (after the gateway itself changed it, e.g. trust-on-first-use key). */
  invalidate(deviceId: string): void {
    this.cache.delete(deviceId);
  }
}
