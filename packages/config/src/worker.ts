import { z } from 'zod';
import {
  codeKeysShape,
  commonShape,
  databaseShape,
  queueShape,
  requireRedisForRedisBackend,
  zPort,
} from './common.js';
import { loadConfig } from './load-config.js';

export const workerShape = {
  ...commonShape,
  ...databaseShape,
  ...queueShape,
  ...codeKeysShape,
  /** Port of the worker's health and Prometheus metrics endpoint. */
  WORKER_HTTP_PORT: zPort.default(9102),
  /** Reconcile and window jobs a worker process takes at once; they are batched into transactions. */
  WORKER_RECONCILE_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(64),
  /** Reconcile transactions in flight per process (each holds one database connection). */
  WORKER_RECONCILE_BATCHES: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * Locks per reconcile transaction at most (four reads, two writes). 250: at 10,000 locks a window
   * instant reached its last ack ~15 % sooner than with 100, and no sooner with 500.
   */
  WORKER_RECONCILE_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(250),
  /**
   * How far ahead of a window edge the commands of an in-sync lock are staged (written, and published
   * by the gateway at the edge, not before), so that 10,000 windows starting together cost 10,000
   * publishes at the edge rather than 10,000 reconciliations, and an edge needs no worker to happen.
   * 0: never stage (every edge is reconciled by its instant's job).
   */
  WORKER_STAGE_LEAD_MS: z.coerce.number().int().min(0).max(3_600_000).default(120_000),
  /** Domain events handled at once per worker process. */
  WORKER_EVENTS_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** Period of the repair sweep from Postgres (missed edges, lost jobs, due retries, move-outs). */
  WORKER_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  /** Consecutive failed attempts to bring one lock in sync before the worker stops retrying it. */
  WORKER_RETRY_BUDGET: z.coerce.number().int().min(1).max(100).default(8),
  /** First retry delay of a lock; doubles per failure, capped at WORKER_RETRY_MAX_MS. */
  WORKER_RETRY_BASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  WORKER_RETRY_MAX_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(3_600_000),
  /** How long a primary's set_code stays valid in flight (a primary has no window end). */
  WORKER_PRIMARY_SET_TTL_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .max(30 * 86_400_000)
    .default(86_400_000),
  /** Connections per BullMQ client on the Postgres queue backend. */
  QUEUE_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(4),
};
export const ZWorkerConfigObject = z.object(workerShape);
export const ZWorkerConfigSchema = ZWorkerConfigObject.superRefine(requireRedisForRedisBackend);
export type TWorkerConfig = z.output<typeof ZWorkerConfigSchema>;

export const loadWorkerConfig = (env?: Record<string, string | undefined>) =>
  loadConfig('worker', ZWorkerConfigSchema, env);
