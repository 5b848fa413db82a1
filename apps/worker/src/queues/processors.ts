import { DelayedError, type Job } from 'bullmq';
import {
  QueueName,
  domainEventsOf,
  ZDomainEventsJobSchema,
  ZReconcileJobSchema,
  ZSweepJobSchema,
  ZLegacyWindowJobSchema,
  ZWindowJobSchema,
  type TQueueName,
} from '@lockstep/queue';
import { type DomainEventsHandler } from '../events/domain-events.handler.js';
import { type MoveOutService } from '../move-out/move-out.service.js';
import { type Clock } from '../observability/clock.js';
import { type Logger } from '../observability/logger.js';
import { type Reconciler } from '../reconcile/reconciler.service.js';
import { type Sweeper } from '../sweeps/sweeper.js';
import { type WindowEdges } from '../windows/window-edges.js';
import { stageRunAt } from './outbox-jobs.js';

export type TProcessor = (job: Job, token?: string) => Promise<unknown>;

/** Who processes a queue: a processor in this worker, or another app (named, so the choice is explicit). */
export type TProcessorRegistration =
  | { kind: 'here'; processor: TProcessor; concurrency: number }
  | { kind: 'elsewhere'; app: string; why: string };

/** Every queue must be declared, at compile time (the record's keys) and again at start-up. */
export type TProcessorRegistry = Record<TQueueName, TProcessorRegistration>;

export class MissingProcessorError extends Error {
  constructor(readonly queues: readonly string[]) {
    super(`no processor registered for queue(s): ${queues.join(', ')}`);
    this.name = 'MissingProcessorError';
  }
}

/** Refuses to start unless every queue in QueueName has a processor here or is declared elsewhere. */
export function checkProcessors(registry: Partial<Record<string, TProcessorRegistration>>): void {
  const missing = Object.values(QueueName).filter((queue) => registry[queue] === undefined);
  if (missing.length > 0) throw new MissingProcessorError(missing);
}

/** Parse, then call one service method (thin edges). A job with a bad payload is dropped, loudly. */
export function buildProcessors(deps: {
  reconciler: Pick<Reconciler, 'reconcile' | 'reconcileUnlessAnswered'>;
  events: Pick<DomainEventsHandler, 'handle'>;
  sweeper: Pick<Sweeper, 'sweepWindows' | 'sweepCommands'>;
  windows: Pick<WindowEdges, 'fire' | 'stage'>;
  /** WORKER_STAGE_LEAD_MS: when a staging pass is due (its job may come up a little early). */
  stageLeadMs: number;
  moveOuts: Pick<MoveOutService, 'rotate'>;
  clock: Clock;
  logger: Logger;
  reconcileConcurrency: number;
  eventsConcurrency: number;
}): TProcessorRegistry {
  const { logger } = deps;
  const invalid = (queue: string, job: Job) => {
    logger.error({ queue, jobId: job.id, name: job.name }, 'job with an invalid payload dropped');
  };
  return {
    [QueueName.commands]: {
      kind: 'elsewhere',
      app: 'gateway',
      why: 'the gateway publishes commands to locks and tracks their acks',
    },
    [QueueName.reconcile]: {
      kind: 'here',
      concurrency: deps.reconcileConcurrency,
      processor: async (job) => {
        const parsed = ZReconcileJobSchema.safeParse(job.data);
        if (!parsed.success) return invalid(QueueName.reconcile, job);
        await deps.reconciler.reconcileUnlessAnswered(parsed.data.lockId, parsed.data.reason, job.timestamp);
      },
    },
    [QueueName.windows]: {
      kind: 'here',
      concurrency: deps.reconcileConcurrency,
      processor: async (job, token) => {
        // An instant job; or one of the per-code jobs of earlier versions, fired as its instant.
        const parsed = ZWindowJobSchema.safeParse(job.data);
        const legacy = parsed.success ? undefined : ZLegacyWindowJobSchema.safeParse(job.data);
        const iso = parsed.success ? parsed.data.at : legacy?.success ? legacy.data.at : undefined;
        if (iso === undefined) return invalid(QueueName.windows, job);
        const at = Date.parse(iso);
        const stage = parsed.success && parsed.data.stage === true;
        // A delayed job may come up a little early: never act on an edge before it (nor stage one
        // before it is within the lead).
        const due = stage ? stageRunAt(at, deps.stageLeadMs) : at;
        if (due > deps.clock.now()) {
          await job.moveToDelayed(due, token);
          throw new DelayedError();
        }
        return stage ? deps.windows.stage(at) : deps.windows.fire(at);
      },
    },
    [QueueName.domainEvents]: {
      kind: 'here',
      concurrency: deps.eventsConcurrency,
      processor: async (job) => {
        const parsed = ZDomainEventsJobSchema.safeParse(job.data);
        if (!parsed.success) return invalid(QueueName.domainEvents, job);
        // A packed job's events are handled together (their reconciliations share batches); any
        // failure retries the job, and every handler is idempotent.
        const results = await Promise.allSettled(
          domainEventsOf(parsed.data).map((event) => deps.events.handle(event, job.timestamp)),
        );
        const failed = results.find((r) => r.status === 'rejected');
        if (failed) throw failed.reason;
      },
    },
    [QueueName.sweeps]: {
      kind: 'here',
      concurrency: 1,
      processor: async (job) => {
        const parsed = ZSweepJobSchema.safeParse(job.data);
        if (!parsed.success) return invalid(QueueName.sweeps, job);
        switch (parsed.data.sweep) {
          case 'windows':
            return deps.sweeper.sweepWindows();
          case 'commands':
            return deps.sweeper.sweepCommands();
          case 'move_out':
            if (parsed.data.tenancyId) return deps.moveOuts.rotate(parsed.data.tenancyId);
            return undefined;
          case 'presence':
            // The gateway sweeps presence in-process; nothing to do here.
            return undefined;
        }
      },
    },
  };
}
