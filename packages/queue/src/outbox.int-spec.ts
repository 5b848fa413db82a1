import { randomBytes, randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@lockstep/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueClasses, type QueueBackendConfig } from './backend.js';
import { DOMAIN_EVENT_BATCH_MAX, domainEventsOf, QueueName, ZDomainEventsJobSchema } from './names.js';
import { enqueueInOutbox, OutboxRelay } from './outbox.js';

// The outbox against the real Postgres and Redis: rows committed with a change reach BullMQ with their
// job id and delay and are deleted; rows rolled back never do; a queue that refuses keeps them.

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('transactional outbox', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let cfg: QueueBackendConfig;

  beforeAll(async () => {
    database = await createTestDatabase('queue_outbox');
    pool = new pg.Pool({ connectionString: database.url, max: 3 });
    cfg = {
      QUEUE_BACKEND: 'redis',
      REDIS_URL,
      DATABASE_URL: database.url,
      QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
    };
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  const count = async () =>
    Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM outbox')).rows[0]?.n);

  it('relays committed rows with their job id and delay, and deletes them; rolled-back rows never exist', async () => {
    const { Queue, connection, prefix } = queueClasses(cfg);
    const queue = new Queue(QueueName.reconcile, { connection, prefix });
    try {
      const lockId = randomUUID();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await enqueueInOutbox(client, [
          {
            queue: QueueName.reconcile,
            name: 'reconcile',
            data: { lockId, reason: 'schedule' },
            jobId: `r.${lockId}`,
            runAt: new Date(Date.now() + 60_000),
          },
        ]);
        await client.query('COMMIT');
        await client.query('BEGIN');
        await enqueueInOutbox(client, [
          { queue: QueueName.reconcile, name: 'reconcile', data: { lockId: randomUUID(), reason: 'manual' } },
        ]);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
      expect(await count()).toBe(1);
      const relay = new OutboxRelay(pool, { [QueueName.reconcile]: queue });
      expect(await relay.relayOnce()).toBe(1);
      expect(await count()).toBe(0);
      const job = await queue.getJob(`r.${lockId}`);
      expect(job?.data).toEqual({ lockId, reason: 'schedule' });
      expect(await job?.isDelayed()).toBe(true);
      expect(job?.opts.delay).toBeGreaterThan(50_000);
      expect(await relay.relayOnce()).toBe(0);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('packs domain events into rows and jobs of at most DOMAIN_EVENT_BATCH_MAX, in commit order; an event with an id stays its own job', async () => {
    const added: { name: string; data: unknown; opts?: Record<string, unknown> }[] = [];
    const organizationId = randomUUID();
    const event = (n: number) => ({
      queue: QueueName.domainEvents,
      name: 'lock.state.reported',
      data: {
        type: 'lock.state.reported',
        organizationId,
        refId: String(n),
        occurredAt: new Date(1_800_000_000_000 + n).toISOString(),
      },
    });
    const total = DOMAIN_EVENT_BATCH_MAX + 21;
    const commit = async (jobs: Parameters<typeof enqueueInOutbox>[1]) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await enqueueInOutbox(client, jobs);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };
    // One transaction: packed into rows of DOMAIN_EVENT_BATCH_MAX; the event with an id stays alone,
    // and a second job with the same id is dropped.
    await commit([
      ...Array.from({ length: total }, (_, n) => event(n)),
      { ...event(total), jobId: `e.${organizationId}` },
      { ...event(total + 99), jobId: `e.${organizationId}` },
    ]);
    expect(await count()).toBe(3);
    // Three more transactions of one event each: three rows, which the relay packs into one job.
    for (const n of [1, 2, 3]) await commit([event(total + n)]);
    expect(await count()).toBe(6);

    const relay = new OutboxRelay(pool, {
      [QueueName.domainEvents]: { addBulk: (jobs) => Promise.resolve(void added.push(...jobs)) },
    });
    expect(await relay.relayOnce()).toBe(6);
    expect(added.map((job) => job.name)).toEqual(['events', 'events', 'lock.state.reported', 'events']);
    const events = added.flatMap((job) => domainEventsOf(ZDomainEventsJobSchema.parse(job.data)));
    expect(events.map((e) => e.refId)).toEqual(Array.from({ length: total + 4 }, (_, n) => String(n)));
    expect(domainEventsOf(ZDomainEventsJobSchema.parse(added[0]!.data))).toHaveLength(DOMAIN_EVENT_BATCH_MAX);
    expect(added[2]!.opts?.jobId).toBe(`e.${organizationId}`);
    expect(await count()).toBe(0);
  });

  it('keeps the rows when the queue refuses them (Redis down), and relays them once it accepts', async () => {
    let accept = false;
    const added: unknown[] = [];
    const flaky = {
      addBulk(jobs: { data: unknown }[]) {
        if (!accept) return Promise.reject(new Error('connection refused'));
        added.push(...jobs.map((j) => j.data));
        return Promise.resolve();
      },
    };
    await enqueueInOutbox(pool, [
      {
        queue: QueueName.domainEvents,
        name: 'device.online',
        data: { type: 'device.online', organizationId: randomUUID(), occurredAt: new Date().toISOString() },
      },
    ]);
    const relay = new OutboxRelay(pool, { [QueueName.domainEvents]: flaky });
    await expect(relay.relayOnce()).rejects.toThrow('connection refused');
    expect(await count()).toBe(1);
    accept = true;
    expect(await relay.relayOnce()).toBe(1);
    expect(added).toHaveLength(1);
    expect(await count()).toBe(0);
  });

  it('leases a claimed batch: a second relay does not take it, and an expired lease is claimed again', async () => {
    const added: unknown[] = [];
    let block: (() => void) | undefined;
    const slow = {
      addBulk(jobs: { data: unknown }[]) {
        added.push(...jobs.map((j) => j.data));
        return new Promise<void>((resolve) => (block = resolve));
      },
    };
    const fast = {
      addBulk(jobs: { data: unknown }[]) {
        added.push(...jobs.map((j) => j.data));
        return Promise.resolve();
      },
    };
    await enqueueInOutbox(pool, [
      { queue: QueueName.reconcile, name: 'reconcile', data: { lockId: randomUUID(), reason: 'manual' } },
    ]);
    const first = new OutboxRelay(pool, { [QueueName.reconcile]: slow }).relayOnce();
    while (block === undefined) await new Promise((r) => setTimeout(r, 10));
    expect(await new OutboxRelay(pool, { [QueueName.reconcile]: fast }).relayOnce()).toBe(0);
    block();
    expect(await first).toBe(1);
    expect(await count()).toBe(0);
    expect(added).toHaveLength(1);

    // A relay that died mid-batch: its lease runs out and another relay takes the rows.
    await enqueueInOutbox(pool, [
      { queue: QueueName.reconcile, name: 'reconcile', data: { lockId: randomUUID(), reason: 'manual' } },
    ]);
    await pool.query(`UPDATE outbox SET claimed_until = now() - interval '1 second'`);
    expect(await new OutboxRelay(pool, { [QueueName.reconcile]: fast }).relayOnce()).toBe(1);
    expect(await count()).toBe(0);
  });

  it('refuses a payload that breaks its queue schema before anything is written', async () => {
    await expect(
      enqueueInOutbox(pool, [
        { queue: QueueName.reconcile, name: 'reconcile', data: { lockId: 'not-a-uuid', reason: 'x' } },
      ]),
    ).rejects.toThrow();
    expect(await count()).toBe(0);
  });
});
