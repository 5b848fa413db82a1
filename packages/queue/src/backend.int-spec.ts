import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@lockstep/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pingQueueBackend, queueClasses, type QueueBackendConfig } from './backend.js';
import { defaultJobOptions, jobId, QueueName, ZWindowJobSchema, type TWindowJob } from './names.js';

// The same queue code on both backends: Redis (production) and BullMQ's PostgreSQL backend (the
// embedded dev default). A delayed job fires, a deterministic id is not enqueued twice.

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.each(['redis', 'postgres'] as const)('queues on %s', (backend) => {
  let database: TestDatabase;
  let cfg: QueueBackendConfig;

  beforeAll(async () => {
    database = await createTestDatabase(`queue_${backend}`);
    cfg = {
      QUEUE_BACKEND: backend,
      REDIS_URL,
      DATABASE_URL: database.url,
      QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
    };
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('answers the health ping', async () => {
    await expect(pingQueueBackend(cfg)).resolves.toBeUndefined();
  });

  it('runs a delayed job once, even when the same deterministic id is added twice', async () => {
    const { Queue, Worker, connection, prefix } = queueClasses(cfg);
    const queue = new Queue<TWindowJob>(QueueName.windows, { connection, prefix, defaultJobOptions });
    const seen: TWindowJob[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const worker = new Worker<TWindowJob>(
      QueueName.windows,
      async (job) => {
        seen.push(ZWindowJobSchema.parse(job.data));
        done();
        return Promise.resolve();
      },
      { connection, prefix },
    );
    try {
      const at = Date.now() + 300;
      const payload: TWindowJob = { at: new Date(at).toISOString() };
      await queue.add('window-edge', payload, { delay: 300, jobId: jobId.windowEdge(at) });
      await queue.add('window-edge', payload, { delay: 300, jobId: jobId.windowEdge(at) });
      await finished;
      // Give a (wrong) second run the chance to happen before counting.
      await new Promise((r) => setTimeout(r, 500));
      expect(seen).toEqual([payload]);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
