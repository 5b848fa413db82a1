import {
  createPostgresBackend,
  Queue as BullQueue,
  Worker as BullWorker,
  withBackend,
  type ConnectionOptions,
  type PostgresPoolConfig,
} from 'bullmq';
import { Redis } from 'ioredis';

/**
 * Where the job queues live: Redis in production (BullMQ's default, battle-tested backend), or
 * PostgreSQL through BullMQ's PG backend for the embedded dev default with no Redis (DESIGN §7).
 * Queue names, job options and processors are the same either way; only this changes.
 */
export interface QueueBackendConfig {
  QUEUE_BACKEND: 'redis' | 'postgres';
  REDIS_URL?: string | undefined;
  DATABASE_URL: string;
  QUEUE_PREFIX: string;
  /** Connections per queue client on the Postgres backend. */
  QUEUE_POOL_SIZE?: number;
}

/** A Redis connection configured as BullMQ workers require (`maxRetriesPerRequest: null`). */
export function createRedisConnection(url: string, name = 'lockstep'): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectionName: name,
    lazyConnect: false,
  });
}

/** Queue and Worker constructors bound to the configured backend, and the options they need. */
export interface QueueClasses {
  Queue: typeof BullQueue;
  Worker: typeof BullWorker;
  connection: ConnectionOptions;
  prefix: string;
}

/**
 * The Postgres backend's classes have the Redis classes' runtime API but other type parameters
 * (backend, connection type), and a union of the two constructors is not callable. Callers get one
 * type and one code path; this is the only place that knows the difference.
 */
export function queueClasses(cfg: QueueBackendConfig): QueueClasses {
  if (cfg.QUEUE_BACKEND === 'postgres') {
    const pg = withBackend(createPostgresBackend);
    // BullMQ keeps its tables in a schema of its own (the prefix) and creates or upgrades them on
    // first connect; `max` stays small because the embedded Postgres queues every query anyway.
    const connection: PostgresPoolConfig = {
      connectionString: cfg.DATABASE_URL,
      schema: cfg.QUEUE_PREFIX,
      migrate: true,
      max: cfg.QUEUE_POOL_SIZE ?? 4,
    };
    return {
      Queue: pg.Queue as unknown as typeof BullQueue,
      Worker: pg.Worker as unknown as typeof BullWorker,
      connection,
      prefix: cfg.QUEUE_PREFIX,
    };
  }
  if (!cfg.REDIS_URL) throw new Error('REDIS_URL is required when QUEUE_BACKEND=redis');
  return {
    Queue: BullQueue,
    Worker: BullWorker,
    connection: createRedisConnection(cfg.REDIS_URL),
    prefix: cfg.QUEUE_PREFIX,
  };
}

/** Throws unless the queue backend answers (health checks). */
export async function pingQueueBackend(cfg: QueueBackendConfig, timeoutMs = 2_000): Promise<void> {
  if (cfg.QUEUE_BACKEND === 'postgres') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: cfg.DATABASE_URL, connectionTimeoutMillis: timeoutMs });
    await client.connect();
    try {
      await client.query('SELECT 1');
    } finally {
      await client.end();
    }
    return;
  }
  if (!cfg.REDIS_URL) throw new Error('REDIS_URL is required when QUEUE_BACKEND=redis');
  const redis = new Redis(cfg.REDIS_URL, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The failure reaches the caller through connect()/ping(); without a listener ioredis would also
  // print it as an unhandled error event.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const pong: string = await redis.ping();
    if (pong !== 'PONG') throw new Error(`unexpected PING reply ${pong}`);
  } finally {
    redis.disconnect();
  }
}
