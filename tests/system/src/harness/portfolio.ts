import { createHash, randomBytes } from 'node:crypto';
import { type TCodeSealer } from '@lockstep/access-codes';
import { deviceCredentialHashes, mosquittoPasswordHash } from '@lockstep/device-credentials';
import { seededBrokerSecret } from '@lockstep/edge/dist/fleet/device-list.js';
import { seededLockKeys } from '@lockstep/edge/dist/firmware/lock-crypto.js';
import { type TOutboxJob, outboxInsert } from '@lockstep/queue';
import type pg from 'pg';

/**
 * The data a system test starts from, written straight to Postgres as the API's commissioning and
 * onboarding flows would leave it (STYLE §9: factories, not the demo seed): one organization with an
 * owner, a tenant (active tenancy) and a technician, one property in a real time zone, one unit and
 * its locks. Each lock is commissioned with the keys its simulated firmware derives from the fleet
 * seed: the X25519 public key the PINs are sealed to, the fingerprint key sealed with the data key
 * (`sealDeviceKey`), and the broker password hashes of its seeded secret.
 */
export interface TPortfolioOptions {
  tag: string;
  fleetSeed: string;
  sealer: TCodeSealer;
  lockCount: number;
  timeZone?: string;
  model?: string;
  driftPolicy?: 'restore_managed' | 'adopt_local_primary';
  /** Skip the scrypt hash (only the embedded broker reads it): ~50 ms per lock matters for big fleets. */
  brokerHashOnly?: boolean;
}

export interface TSeededUser {
  id: string;
  email: string;
  /** Bearer token of a live session (`Authorization: Bearer …`). */
  token: string;
}

export interface TSeededLock {
  lockId: string;
  deviceId: string;
}

export interface TPortfolio {
  organizationId: string;
  propertyId: string;
  unitId: string;
  timeZone: string;
  owner: TSeededUser;
  tenant: TSeededUser;
  technician: TSeededUser;
  locks: TSeededLock[];
}

const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

async function seedUser(
  client: pg.ClientBase,
  organizationId: string,
  role: 'owner' | 'manager' | 'tenant' | 'technician',
  tag: string,
): Promise<TSeededUser> {
  const email = `${role}-${tag}@system-test.lockstep.dev`;
  const user = await client.query<{ id: string }>(
    `INSERT INTO users (id, email, name, updated_at) VALUES (gen_random_uuid(), $1, $2, now()) RETURNING id`,
    [email, `${role} ${tag}`],
  );
  const userId = user.rows[0]!.id;
  await client.query(
    `INSERT INTO memberships (id, organization_id, user_id, role, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, now())`,
    [organizationId, userId, role],
  );
  // A session as the API's login creates it: only the token's SHA-256 is stored.
  const token = `lss_${randomBytes(32).toString('base64url')}`;
  await client.query(
    `INSERT INTO sessions (id, user_id, token_hash, expires_at) VALUES (gen_random_uuid(), $1, $2, now() + interval '1 day')`,
    [userId, sha256Hex(token)],
  );
  return { id: userId, email, token };
}

export function deviceIdFor(tag: string, index: number): string {
  return `sys-${tag}-${String(index + 1).padStart(5, '0')}`;
}

export async function seedPortfolio(pool: pg.Pool, options: TPortfolioOptions): Promise<TPortfolio> {
  const timeZone = options.timeZone ?? 'Europe/Berlin';
  const model = options.model ?? 'lockstep-db2';
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const org = await client.query<{ id: string }>(
      `INSERT INTO organizations (id, name, slug, drift_policy, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, now()) RETURNING id`,
      [`System test ${options.tag}`, `system-${options.tag}`, options.driftPolicy ?? 'restore_managed'],
    );
    const organizationId = org.rows[0]!.id;
    const owner = await seedUser(client, organizationId, 'owner', options.tag);
    const tenant = await seedUser(client, organizationId, 'tenant', options.tag);
    const technician = await seedUser(client, organizationId, 'technician', options.tag);
    const property = await client.query<{ id: string }>(
      `INSERT INTO properties (id, organization_id, name, address_line1, city, postal_code, country, time_zone, updated_at)
       VALUES (gen_random_uuid(), $1, $2, '1 Teststraße', 'Berlin', '10115', 'DE', $3, now()) RETURNING id`,
      [organizationId, `Haus ${options.tag}`, timeZone],
    );
    const propertyId = property.rows[0]!.id;
    const unit = await client.query<{ id: string }>(
      `INSERT INTO units (id, organization_id, property_id, name, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 'Apartment 1', now()) RETURNING id`,
      [organizationId, propertyId],
    );
    const unitId = unit.rows[0]!.id;
    await client.query(
      `INSERT INTO tenancies (id, organization_id, unit_id, user_id, starts_on, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, DATE '2020-01-01', now())`,
      [organizationId, unitId, tenant.id],
    );

    const locks: TSeededLock[] = [];
    const batchSize = 500;
    for (let start = 0; start < options.lockCount; start += batchSize) {
      const rows = Array.from({ length: Math.min(batchSize, options.lockCount - start) }, (_, i) => {
        const deviceId = deviceIdFor(options.tag, start + i);
        const keys = seededLockKeys(options.fleetSeed, deviceId);
        const secret = seededBrokerSecret(options.fleetSeed, deviceId);
        const hashes = options.brokerHashOnly
          ? { credentialHash: null, brokerPasswordHash: mosquittoPasswordHash(secret) }
          : deviceCredentialHashes(secret);
        const sealedKey = options.sealer.sealDeviceKey(Buffer.from(keys.fingerprintKey, 'base64url'));
        return { deviceId, keys, hashes, sealedKey };
      });
      const inserted = await client.query<{ id: string; serial: string }>(
        `INSERT INTO locks (id, organization_id, property_id, unit_id, name, serial, model, status, updated_at)
         SELECT gen_random_uuid(), $1, $2, $3, 'Door ' || s, s, $4, 'commissioned', now()
         FROM unnest($5::text[]) AS s RETURNING id, serial`,
        [organizationId, propertyId, unitId, model, rows.map((r) => r.deviceId)],
      );
      const lockIdBySerial = new Map(inserted.rows.map((r) => [r.serial, r.id]));
      await client.query(
        `INSERT INTO devices (id, organization_id, lock_id, model, public_key, credential_hash, broker_password_hash,
                              fingerprint_key_sealed, key_id, state, updated_at)
         SELECT d.id, $1, d.lock_id::uuid, $2, d.public_key, d.credential_hash, d.broker_password_hash,
                d.sealed, d.key_id, 'active', now()
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bytea[], $9::text[])
           AS d(id, lock_id, public_key, credential_hash, broker_password_hash, sealed, key_id)`,
        [
          organizationId,
          model,
          rows.map((r) => r.deviceId),
          rows.map((r) => lockIdBySerial.get(r.deviceId)),
          rows.map((r) => r.keys.publicKey),
          rows.map((r) => r.hashes.credentialHash),
          rows.map((r) => r.hashes.brokerPasswordHash),
          rows.map((r) => r.sealedKey.sealed),
          rows.map((r) => r.sealedKey.keyId),
        ],
      );
      for (const r of rows) locks.push({ lockId: lockIdBySerial.get(r.deviceId)!, deviceId: r.deviceId });
    }
    await client.query('COMMIT');
    return { organizationId, propertyId, unitId, timeZone, owner, tenant, technician, locks };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Access codes written as the API writes them (contract: code sealed, target rows `scheduled` with
 * their slot, a `created` transition per target, and in the same transaction the outbox rows: one
 * `reconcile {reason: schedule}` per lock and an `access_code.created` domain event). Used by the
 * benchmark, where 10,000 HTTP requests would measure the API instead of the engine; the tests create
 * codes through HTTP.
 */
export interface TDirectCode {
  lockId: string;
  slot: number;
  code: string;
  kind: 'primary' | 'guest' | 'maintenance';
  holderUserId?: string | null;
  startsAt?: Date;
  endsAt?: Date;
}

export async function insertCodesDirectly(
  pool: pg.Pool,
  portfolio: Pick<TPortfolio, 'organizationId' | 'unitId'>,
  sealer: TCodeSealer,
  codes: readonly TDirectCode[],
): Promise<string[]> {
  const client = await pool.connect();
  const ids: string[] = [];
  try {
    await client.query('BEGIN');
    const batchSize = 1_000;
    for (let start = 0; start < codes.length; start += batchSize) {
      const batch = codes.slice(start, start + batchSize);
      const sealed = batch.map((c) => sealer.seal(c.code));
      const inserted = await client.query<{ id: string; ord: number }>(
        `WITH input AS (
           SELECT * FROM unnest($3::text[], $4::bytea[], $5::text[], $6::int[], $7::text[], $8::uuid[],
                                $9::timestamptz[], $10::timestamptz[]) WITH ORDINALITY
             AS c(kind, sealed, key_id, len, hint, holder, starts_at, ends_at, ord))
         INSERT INTO access_codes (id, organization_id, unit_id, kind, label, code_sealed, key_id, code_length,
                                   code_hint, holder_user_id, generated, schedule_kind, starts_at, ends_at, updated_at)
         SELECT gen_random_uuid(), $1, $2, c.kind::"AccessCodeKind", 'bench ' || c.kind, c.sealed, c.key_id, c.len,
                c.hint, c.holder, true,
                (CASE WHEN c.kind = 'primary' THEN 'always' ELSE 'once' END)::"ScheduleKind", c.starts_at, c.ends_at, now()
         FROM input c ORDER BY c.ord
         RETURNING id`,
        [
          portfolio.organizationId,
          portfolio.unitId,
          batch.map((c) => c.kind),
          sealed.map((s) => s.sealed),
          sealed.map((s) => s.keyId),
          batch.map((c) => c.code.length),
          batch.map((c) => `••••${c.code.slice(-2)}`),
          batch.map((c) => c.holderUserId ?? null),
          batch.map((c) => c.startsAt ?? null),
          batch.map((c) => c.endsAt ?? null),
        ],
      );
      const codeIds = inserted.rows.map((r) => r.id);
      const targets = await client.query<{ id: string }>(
        `INSERT INTO access_code_targets (id, organization_id, access_code_id, lock_id, slot, status, updated_at)
         SELECT gen_random_uuid(), $1, t.code_id, t.lock_id, t.slot, 'scheduled', now()
         FROM unnest($2::uuid[], $3::uuid[], $4::int[]) AS t(code_id, lock_id, slot)
         RETURNING id`,
        [portfolio.organizationId, codeIds, batch.map((c) => c.lockId), batch.map((c) => c.slot)],
      );
      await client.query(
        `INSERT INTO access_code_transitions (id, organization_id, target_id, from_status, to_status, cause)
         SELECT gen_random_uuid(), $1, t, NULL, 'scheduled', 'created' FROM unnest($2::uuid[]) AS t`,
        [portfolio.organizationId, targets.rows.map((r) => r.id)],
      );
      const occurredAt = new Date().toISOString();
      const jobs: TOutboxJob[] = [
        ...[...new Set(batch.map((c) => c.lockId))].map((lockId) => ({
          queue: 'reconcile' as const,
          name: 'reconcile',
          data: { lockId, reason: 'schedule' },
        })),
        ...codeIds.map((codeId) => ({
          queue: 'domain-events' as const,
          name: 'access_code.created',
          data: {
            type: 'access_code.created',
            organizationId: portfolio.organizationId,
            refId: codeId,
            occurredAt,
            data: { accessCodeId: codeId },
          },
        })),
      ];
      for (let j = 0; j < jobs.length; j += 500) {
        const { text, values } = outboxInsert(jobs.slice(j, j + 500));
        await client.query(text, values);
      }
      ids.push(...codeIds);
    }
    await client.query('COMMIT');
    return ids;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
