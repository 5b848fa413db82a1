import { codeSealerFromConfig } from '@lockstep/access-codes';
import { type TWorkerConfig } from '@lockstep/config';
import {
  jobId,
  OutboxRelay,
  pingQueueBackend,
  QueueName,
  queueClasses,
  type TQueueName,
} from '@lockstep/queue';
import { type Job } from 'bullmq';
import { SESSION_OPTIONS } from '@lockstep/db/session';
import pg from 'pg';
import { DomainEventsHandler } from './events/domain-events.handler.js';
import { HttpServer, type HealthReport } from '@lockstep/ops-http';
import { MoveOutService } from './move-out/move-out.service.js';
import { systemClock, type Clock } from './observability/clock.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createMetrics, type WorkerMetrics } from './observability/metrics.js';
import { buildProcessors, checkProcessors, type TProcessorRegistry } from './queues/processors.js';
import { Reconciler } from './reconcile/reconciler.service.js';
import { Sweeper } from './sweeps/sweeper.js';
import { UseLimitService } from './use-limits/use-limits.service.js';
import { WindowEdges } from './windows/window-edges.js';

interface BullQueue {
  add(name: string, data: unknown, opts?: Record<string, unknown>): Promise<unknown>;
  addBulk(jobs: { name: string; data: unknown; opts?: Record<string, unknown> }[]): Promise<unknown>;
  close(): Promise<void>;
}
type BullQueueConstructor = new (name: string, opts: { connection: unknown; prefix: string }) => BullQueue;
type BullWorkerConstructor = new (
  name: string,
  processor: (job: Job, token?: string) => Promise<unknown>,
  opts: Record<string, unknown>,
) => { close(): Promise<void>; on(event: string, listener: (...args: unknown[]) => void): unknown };

export interface WorkerOverrides {
  clock?: Clock;
  logger?: Logger;
  metrics?: WorkerMetrics;
  /** Skip the HTTP endpoint (tests). */
  http?: boolean;
  /** Skip the periodic sweep timer (tests drive sweeps by hand). */
  sweepTimer?: boolean;
  /** Skip the BullMQ workers (tests call the services directly). */
  processors?: boolean;
  /** Replace the processor registry (the start-up check's test). */
  registry?: (registry: TProcessorRegistry) => Partial<TProcessorRegistry>;
}

export interface Worker {
  readonly reconciler: Reconciler;
  readonly sweeper: Sweeper;
  readonly windows: WindowEdges;
  readonly moveOuts: MoveOutService;
  readonly useLimits: UseLimitService;
  readonly events: DomainEventsHandler;
  readonly relay: OutboxRelay;
  readonly metrics: WorkerMetrics;
  readonly pool: pg.Pool;
  readonly httpPort: number | undefined;
  health(): Promise<HealthReport>;
  stop(): Promise<void>;
}

/**
 * Builds and starts one worker process: the database pool, a client per queue, the outbox relay,
 * the reconcile / windows / domain-events / sweeps processors (checked against QueueName before any
 * starts), the periodic sweep tick, and /health + /metrics. Any number of workers may run.
 */
export async function startWorker(config: TWorkerConfig, overrides: WorkerOverrides = {}): Promise<Worker> {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const metrics = overrides.metrics ?? createMetrics({ defaultMetrics: true });
  const sealer = codeSealerFromConfig({ keyRing: config.CODE_KEYS, activeKeyId: config.CODE_ACTIVE_KEY_ID });
  const pool = new pg.Pool({
    connectionString: config.DATABASE_URL,
    max: config.DATABASE_POOL_SIZE,
    application_name: 'lockstep-worker',
    options: SESSION_OPTIONS,
  });
  pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection error'));
  const closers: (() => Promise<void>)[] = [() => pool.end()];
  const stop = async () => {
    for (const close of closers.reverse()) {
      await close().catch((error: unknown) => logger.warn({ err: error }, 'error while stopping'));
    }
    closers.length = 0;
  };

  try {
    const queues = queueClasses({ ...config, QUEUE_POOL_SIZE: config.QUEUE_POOL_SIZE });
    closers.push(async () => {
      const redis = queues.connection as { quit?: () => Promise<unknown> };
      if (typeof redis.quit === 'function') await redis.quit();
    });
    const Queue = queues.Queue as unknown as BullQueueConstructor;
    const options = { connection: queues.connection, prefix: queues.prefix };
    const clients = Object.fromEntries(
      Object.values(QueueName).map((name) => [name, new Queue(name, options)]),
    ) as Record<TQueueName, BullQueue>;
    closers.push(async () => {
      await Promise.all(Object.values(clients).map((q) => q.close()));
    });

    const relay = new OutboxRelay(pool, clients, {
      onError: (error) => logger.warn({ err: error }, 'outbox relay: batch failed, retrying'),
      onRelayed: (count) => metrics.outboxRelayed.inc(count),
    });
    const kick = () => relay.kick();
    const reconciler = new Reconciler(
      pool,
      sealer,
      clock,
      metrics,
      logger.child({ component: 'reconciler' }),
      {
        retryBudget: config.WORKER_RETRY_BUDGET,
        retryBaseMs: config.WORKER_RETRY_BASE_MS,
        retryMaxMs: config.WORKER_RETRY_MAX_MS,
        primarySetTtlMs: config.WORKER_PRIMARY_SET_TTL_MS,
        stageLeadMs: config.WORKER_STAGE_LEAD_MS,
      },
      kick,
      { maxBatches: config.WORKER_RECONCILE_BATCHES, maxBatchSize: config.WORKER_RECONCILE_BATCH_SIZE },
    );
    const useLimits = new UseLimitService(pool, clock, logger, kick);
    const moveOuts = new MoveOutService(pool, sealer, clock, logger, kick);
    const events = new DomainEventsHandler(reconciler, useLimits, metrics, logger);
    const sweeper = new Sweeper(
      pool,
      clients,
      moveOuts,
      clock,
      metrics,
      logger.child({ component: 'sweeper' }),
      {
        retryBudget: config.WORKER_RETRY_BUDGET,
        intervalMs: config.WORKER_SWEEP_INTERVAL_MS,
        stageLeadMs: config.WORKER_STAGE_LEAD_MS,
      },
    );

    const windows = new WindowEdges(pool, reconciler, metrics, logger.child({ component: 'windows' }));

    const built = buildProcessors({
      reconciler,
      events,
      sweeper,
      windows,
      moveOuts,
      clock,
      logger,
      reconcileConcurrency: config.WORKER_RECONCILE_CONCURRENCY,
      stageLeadMs: config.WORKER_STAGE_LEAD_MS,
      eventsConcurrency: config.WORKER_EVENTS_CONCURRENCY,
    });
    const registry = overrides.registry ? overrides.registry(built) : built;
    checkProcessors(registry);

    relay.start();
    closers.push(() => relay.stop());

    if (overrides.processors !== false) {
      const Worker = queues.Worker as unknown as BullWorkerConstructor;
      for (const [queue, registration] of Object.entries(registry)) {
        if (registration?.kind !== 'here') continue;
        const worker = new Worker(queue, registration.processor, {
          connection: queues.connection,
          prefix: queues.prefix,
          concurrency: registration.concurrency,
        });
        worker.on('failed', (job, error) => {
          metrics.jobFailures.inc({ queue });
          logger.warn(
            { queue, jobId: (job as Job | undefined)?.id, err: error },
            'job failed; BullMQ retries it',
          );
        });
        worker.on('error', (error) => logger.error({ queue, err: error }, 'queue worker error'));
        closers.push(() => worker.close());
      }
    }

    if (overrides.sweepTimer !== false) {
      const tick = () => {
        const period =
          Math.floor(clock.now() / config.WORKER_SWEEP_INTERVAL_MS) * config.WORKER_SWEEP_INTERVAL_MS;
        // One job per kind and period whichever worker ticks first: the id collapses the others.
        clients[QueueName.sweeps]
          .addBulk(
            (['windows', 'commands'] as const).map((sweep) => ({
              name: `sweep-${sweep}`,
              data: { sweep },
              opts: {
                jobId: jobId.sweep(sweep, period),
                removeOnComplete: { age: 3_600 },
                removeOnFail: { age: 3_600 },
              },
            })),
          )
          .catch((error: unknown) => logger.warn({ err: error }, 'sweep tick could not enqueue'));
      };
      tick();
      const timer = setInterval(tick, Math.max(1_000, Math.floor(config.WORKER_SWEEP_INTERVAL_MS / 3)));
      timer.unref();
      closers.push(() => Promise.resolve(clearInterval(timer)));
    }

    const health = async (): Promise<HealthReport> => {
      const checks: HealthReport['checks'] = {};
      try {
        await pool.query('SELECT 1');
        checks.database = { ok: true };
      } catch (error) {
        checks.database = { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
      try {
        await pingQueueBackend(config);
        checks.queue = { ok: true, detail: config.QUEUE_BACKEND };
      } catch (error) {
        checks.queue = { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
      return { ok: Object.values(checks).every((c) => c.ok), checks };
    };

    let httpPort: number | undefined;
    if (overrides.http !== false) {
      const http = new HttpServer(metrics.registry, health);
      httpPort = await http.listen(config.WORKER_HTTP_PORT);
      closers.push(() => http.close());
    }
    metrics.up.set(1);
    logger.info(
      {
        httpPort,
        backend: config.QUEUE_BACKEND,
        reconcileConcurrency: config.WORKER_RECONCILE_CONCURRENCY,
        stageLeadMs: config.WORKER_STAGE_LEAD_MS,
        processors: Object.entries(registry).map(
          ([queue, r]) => `${queue}:${r?.kind === 'here' ? 'here' : r?.app}`,
        ),
      },
      'worker started',
    );
    return {
      reconciler,
      sweeper,
      windows,
      moveOuts,
      useLimits,
      events,
      relay,
      metrics,
      pool,
      httpPort,
      health,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
