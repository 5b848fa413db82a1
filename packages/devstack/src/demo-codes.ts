import { randomUUID } from 'node:crypto';
import { AccessCodeKind, generateAccessCode, mask, type TCodeSealer } from '@lockstep/access-codes';
import { profileFor } from '@lockstep/lock-protocol';
import { enqueueInOutbox, QueueName } from '@lockstep/queue';
import pg from 'pg';

/**
 * Gives every demo unit a primary code, as the API would write it (code, one target per lock in slot 1,
 * a `created` transition, and through the outbox a reconcile per lock plus `access_code.created`), so
 * `npm run dev` shows codes travelling to the simulated locks. Tenant-held where the seed has a tenant
 * for the unit, landlord-held elsewhere. Idempotent: a unit that has an active primary is left alone.
 * The digits are generated and sealed here and never printed; reveal them through the API.
 */
export async function seedDemoPrimaries(databaseUrl: string, sealer: TCodeSealer): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'lockstep-devstack' });
  await client.connect();
  let created = 0;
  try {
    const units = await client.query<{
      id: string;
      organization_id: string;
      time_zone: string;
      min_code_length: number;
      holder: string | null;
    }>(
      `SELECT u.id::text, u.organization_id::text, p.time_zone, o.min_code_length,
              (SELECT t.user_id::text FROM tenancies t
               WHERE t.unit_id = u.id AND (t.ends_on IS NULL OR t.ends_on >= current_date)
               ORDER BY t.starts_on DESC LIMIT 1) AS holder
       FROM units u JOIN properties p ON p.id = u.property_id JOIN organizations o ON o.id = u.organization_id
       WHERE NOT EXISTS (SELECT 1 FROM access_codes c WHERE c.unit_id = u.id AND c.kind = 'primary' AND c.state = 'active')
       ORDER BY u.id`,
    );
    for (const unit of units.rows) {
      const locks = (
        await client.query<{ id: string; model: string }>(
          `SELECT id::text, model FROM locks WHERE unit_id = $1::uuid AND status <> 'decommissioned' ORDER BY id`,
          [unit.id],
        )
      ).rows.filter((lock) => profileFor(lock.model) !== undefined);
      if (locks.length === 0) continue;
      const now = Date.now();
      const code = generateAccessCode({
        candidate: { kind: AccessCodeKind.Primary, schedule: { kind: 'always' } },
        timeZone: unit.time_zone,
        locks: locks.map((lock) => ({ lockId: lock.id, profile: profileFor(lock.model)!, codes: [] })),
        now,
        policy: { minCodeLength: unit.min_code_length },
      });
      const sealed = sealer.seal(code);
      const accessCodeId = randomUUID();
      await client.query('BEGIN');
      try {
        await client.query(
          `INSERT INTO access_codes (id, organization_id, unit_id, kind, label, code_sealed, key_id, code_length,
                                     code_hint, holder_user_id, generated, state, schedule_kind, created_at, updated_at)
           VALUES ($1::uuid, $2::uuid, $3::uuid, 'primary', $4, $5, $6, $7, $8, $9::uuid, true, 'active', 'always', now(), now())`,
          [
            accessCodeId,
            unit.organization_id,
            unit.id,
            unit.holder ? 'Tenant code (demo)' : 'Landlord code (demo)',
            sealed.sealed,
            sealed.keyId,
            code.length,
            mask(code),
            unit.holder,
          ],
        );
        await client.query(
          `WITH inserted AS (
             INSERT INTO access_code_targets (id, organization_id, access_code_id, lock_id, slot, status, created_at, updated_at)
             SELECT gen_random_uuid(), $1::uuid, $2::uuid, lock_id, 1, 'scheduled', now(), now()
             FROM unnest($3::uuid[]) AS lock_id RETURNING id
           )
           INSERT INTO access_code_transitions (id, organization_id, target_id, from_status, to_status, cause, at)
           SELECT gen_random_uuid(), $1::uuid, id, NULL, 'scheduled', 'created', now() FROM inserted`,
          [unit.organization_id, accessCodeId, locks.map((l) => l.id)],
        );
        await enqueueInOutbox(client, [
          ...locks.map((lock) => ({
            queue: QueueName.reconcile,
            name: 'reconcile',
            data: { lockId: lock.id, reason: 'schedule' },
          })),
          {
            queue: QueueName.domainEvents,
            name: 'access_code.created',
            data: {
              type: 'access_code.created',
              organizationId: unit.organization_id,
              refId: accessCodeId,
              occurredAt: new Date(now).toISOString(),
              data: { accessCodeId, unitId: unit.id, lockIds: locks.map((l) => l.id), cause: 'demo_seed' },
            },
          },
        ]);
        await client.query('COMMIT');
        created++;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    }
  } finally {
    await client.end();
  }
  return created;
}
