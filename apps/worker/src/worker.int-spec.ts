import { codeSealerFromConfig } from '@lockstep/access-codes';
import { createTestDatabase, type TestDatabase } from '@lockstep/db/testing';
import { enqueueInOutbox, QueueName } from '@lockstep/queue';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyCommand,
  createCode,
  createLock,
  eventually,
  reportState,
  workerConfig,
} from '../test/factories.js';
import { startWorker, type Worker } from './worker.js';

// The whole worker process with its BullMQ processors, on both queue backends (Redis in production,
// BullMQ's Postgres backend in the embedded dev default): the API's outbox row leads to a reconcile,
// the planned delayed job fires at the window start and writes the set_code, the next one at the end
// writes the clear_slot, and nothing is written twice.

describe.each(['redis', 'postgres'] as const)('worker on the %s queue backend (real services)', (backend) => {
  let database: TestDatabase;
  let config: ReturnType<typeof workerConfig>;
  let worker: Worker;

  beforeAll(async () => {
    database = await createTestDatabase(`worker_${backend}`);
    config = workerConfig(database.url, {
      QUEUE_BACKEND: backend,
      ...(backend === 'postgres' ? { REDIS_URL: undefined, QUEUE_POOL_SIZE: '2' } : {}),
      WORKER_SWEEP_INTERVAL_MS: '60000',
    });
    worker = await startWorker(config, { http: false });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    if (backend === 'redis' && config?.REDIS_URL) {
      const redis = new Redis(config.REDIS_URL);
      const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
    await database?.drop();
  }, 60_000);

  /** The first instant the gateway may publish a command. */
  const publishableAt = (c: { createdAt: Date; sendAt: Date | null }) =>
    Math.max(c.createdAt.getTime(), c.sendAt?.getTime() ?? 0);
  const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

  it('sets a code at its window start and clears it at its end, each exactly once', async () => {
    const sealer = codeSealerFromConfig({
      keyRing: config.CODE_KEYS,
      activeKeyId: config.CODE_ACTIVE_KEY_ID,
    });
    const lock = await createLock(database.db, sealer);
    const primary = await createCode(database.db, sealer, [lock], { code: '51736284', kind: 'primary' });
    await database.db.accessCodeTarget.updateMany({
      where: { organizationId: lock.organizationId, accessCodeId: primary.accessCodeId },
      data: { status: 'set' },
    });
    await reportState(database.db, lock, [lock.fingerprint(1, '51736284'), null], 1);

    const startsAt = Date.now() + 2_500;
    const endsAt = startsAt + 3_000;
    await createCode(database.db, sealer, [lock], { code: '73948261', startsAt, endsAt });
    // What the API writes with the code, in its transaction.
    await enqueueInOutbox(worker.pool, [
      { queue: QueueName.reconcile, name: 'reconcile', data: { lockId: lock.lockId, reason: 'schedule' } },
    ]);

    const set = await eventually(
      async () =>
        (await database.db.command.findMany({ where: { lockId: lock.lockId, type: 'set_code' } }))[0],
    );
    // Written at the start, or ahead of it as a staged command the gateway holds until then.
    expect(publishableAt(set)).toBeGreaterThanOrEqual(startsAt);
    expect(set.notAfter?.getTime()).toBe(endsAt);
    await sleepUntil(publishableAt(set));
    await applyCommand(database.db, set.id);
    await reportState(
      database.db,
      lock,
      [lock.fingerprint(1, '51736284'), lock.fingerprint(2, '73948261')],
      set.desiredVersion,
    );

    const clear = await eventually(
      async () =>
        (await database.db.command.findMany({ where: { lockId: lock.lockId, type: 'clear_slot' } }))[0],
    );
    expect(publishableAt(clear)).toBeGreaterThanOrEqual(endsAt);
    expect(clear.slot).toBe(2);
    // Ask again, as the gateway's ack and a sweep would: still one command each.
    await worker.reconciler.reconcile(lock.lockId, 'sweep');
    expect(await database.db.command.count({ where: { lockId: lock.lockId } })).toBe(2);
    expect(await database.db.outboxEntry.count({ where: { queue: QueueName.commands } })).toBeLessThanOrEqual(
      2,
    );
  }, 60_000);
});
