import { randomBytes, randomUUID } from 'node:crypto';
import { codeSealerFromConfig, mask } from '@lockstep/access-codes';
import { loadWorkerConfig } from '@lockstep/config';
import { createTestDatabase } from '@lockstep/db/testing';
import { SEED_MODEL_PROFILE } from '@lockstep/lock-protocol';
import { generateDeviceKeyPair, slotFingerprint } from '@lockstep/lock-protocol/node';
import { pino } from 'pino';
import { startWorker } from '../worker.js';

/**
 * The worker's share of the window-burst scenario: N locks whose codes' windows all start now, each
 * reconciled once (as its window job would), at WORKER_RECONCILE_CONCURRENCY. Prints reconciles per
 * second and latency percentiles. `node apps/worker/dist/bench/reconcile-burst.js [N]` against the local
 * Postgres and Redis (its own database, dropped afterwards).
 */
async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2_000);
  const concurrency = Number(process.env.WORKER_RECONCILE_CONCURRENCY ?? 16);
  const database = await createTestDatabase('bench_burst');
  const keyRing = `k1:${randomBytes(32).toString('base64url')}`;
  const config = loadWorkerConfig({
    DATABASE_URL: database.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `bench_${randomBytes(4).toString('hex')}`,
    CODE_KEYS: keyRing,
    CODE_ACTIVE_KEY_ID: 'k1',
    DATABASE_POOL_SIZE: '12',
    LOG_LEVEL: 'silent',
  });
  const sealer = codeSealerFromConfig({ keyRing, activeKeyId: 'k1' });
  const worker = await startWorker(config, {
    http: false,
    sweepTimer: false,
    processors: false,
    logger: pino({ level: 'silent' }),
  });
  try {
    const pool = worker.pool;
    const org = randomUUID();
    const property = randomUUID();
    const unit = randomUUID();
    await pool.query(
      `INSERT INTO organizations (id, name, slug, updated_at) VALUES ($1, 'Bench', $2, now())`,
      [org, `bench-${org}`],
    );
    await pool.query(
      `INSERT INTO properties (id, organization_id, name, address_line1, city, postal_code, country, time_zone, updated_at)
       VALUES ($1, $2, 'Bench', '1 St', 'X', '0', 'DE', 'Europe/Berlin', now())`,
      [property, org],
    );
    await pool.query(
      `INSERT INTO units (id, organization_id, property_id, name, updated_at) VALUES ($1, $2, $3, 'U', now())`,
      [unit, org, property],
    );
    const keys = generateDeviceKeyPair();
    const deviceKey = randomBytes(32);
    const sealedKey = sealer.sealDeviceKey(deviceKey);
    const primary = sealer.seal('51736284');
    const guest = sealer.seal('73948261');
    const now = Date.now();
    const primaryId = randomUUID();
    await pool.query(
      `INSERT INTO access_codes (id, organization_id, unit_id, kind, label, code_sealed, key_id, code_length, code_hint,
                                 schedule_kind, updated_at)
       VALUES ($1, $2, $3, 'primary', 'P', $4, 'k1', 8, $5, 'always', now())`,
      [primaryId, org, unit, primary.sealed, mask('51736284')],
    );
    const lockIds: string[] = [];
    for (let offset = 0; offset < count; offset += 500) {
      const ids = Array.from({ length: Math.min(500, count - offset) }, () => randomUUID());
      const devices = ids.map((_, i) => `bench-${offset + i}`);
      const codes = ids.map(() => randomUUID());
      lockIds.push(...ids);
      await pool.query(
        `INSERT INTO locks (id, organization_id, property_id, unit_id, name, serial, model, status, updated_at)
         SELECT id, $2, $3, $4, 'L', 'SN-' || id, $5, 'commissioned', now() FROM unnest($1::uuid[]) AS id`,
        [ids, org, property, unit, SEED_MODEL_PROFILE.model],
      );
      await pool.query(
        `INSERT INTO devices (id, organization_id, lock_id, model, public_key, fingerprint_key_sealed, key_id, state, online, updated_at)
         SELECT d, $3, l, $4, $5, $6, 'k1', 'active', true, now() FROM unnest($1::text[], $2::uuid[]) AS x(d, l)`,
        [devices, ids, org, SEED_MODEL_PROFILE.model, keys.publicKey, sealedKey.sealed],
      );
      await pool.query(
        `INSERT INTO lock_reported_states (lock_id, organization_id, held_version, slots, bolt, message_id, reported_at)
         SELECT l, $3, 1, jsonb_build_array(fp, NULL), 'locked', gen_random_uuid()::text, now()
         FROM unnest($1::uuid[], $2::text[]) AS x(l, fp)`,
        [
          ids,
          devices.map((deviceId) => slotFingerprint({ deviceKey, deviceId, slot: 1, code: '51736284' })),
          org,
        ],
      );
      await pool.query(
        `INSERT INTO access_code_targets (id, organization_id, access_code_id, lock_id, slot, status, updated_at)
         SELECT gen_random_uuid(), $2, $3, l, 1, 'set', now() FROM unnest($1::uuid[]) AS l`,
        [ids, org, primaryId],
      );
      await pool.query(
        `INSERT INTO access_codes (id, organization_id, unit_id, kind, label, code_sealed, key_id, code_length, code_hint,
                                   schedule_kind, starts_at, ends_at, updated_at)
         SELECT c, $2, $3, 'guest', 'G', $4, 'k1', 8, '••••61', 'once', $5, $6, now() FROM unnest($1::uuid[]) AS c`,
        [codes, org, unit, guest.sealed, new Date(now - 1_000), new Date(now + 300_000)],
      );
      await pool.query(
        `INSERT INTO access_code_targets (id, organization_id, access_code_id, lock_id, slot, status, updated_at)
         SELECT gen_random_uuid(), $3, c, l, 2, 'scheduled', now() FROM unnest($1::uuid[], $2::uuid[]) AS x(c, l)`,
        [codes, ids, org],
      );
    }
    // Fresh tables have no statistics yet; production ones do.
    await pool.query('ANALYZE');
    console.log(`bench: ${count} locks seeded; reconciling at concurrency ${concurrency}`);
    const latencies: number[] = [];
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < lockIds.length) {
          const lockId = lockIds[next++]!;
          const t = performance.now();
          await worker.reconciler.reconcile(lockId, 'schedule');
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
    const commands = (await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM commands`)).rows[0]?.n;
    console.log(
      `bench: ${count} reconciles in ${seconds.toFixed(2)} s = ${(count / seconds).toFixed(0)}/s; per lock p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms; ${commands} commands`,
    );
    const relayStart = performance.now();
    while (
      Number((await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM outbox`)).rows[0]?.n) > 0
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    console.log(
      `bench: outbox drained ${((performance.now() - relayStart) / 1000).toFixed(2)} s after the last commit`,
    );
  } finally {
    await worker.stop();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
