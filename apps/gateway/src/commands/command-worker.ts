import { DelayedError, type Job } from 'bullmq';
import { commandIdsOf, QueueName, ZCommandJobSchema } from '@lockstep/queue';
import { type Logger } from '../observability/logger.js';
import { type CommandDispatcher } from './command-dispatcher.js';

/** The slice of a BullMQ Worker constructor the gateway uses. */
export type WorkerConstructor = new (
  name: string,
  processor: (job: Job, token?: string) => Promise<unknown>,
  opts: Record<string, unknown>,
) => { close(): Promise<void>; on(event: string, listener: (...args: unknown[]) => void): unknown };

/**
 * The `commands` queue processor (fed only by the reconciler): parse the payload, run one dispatcher
 * step per command it carries (steps running together share their database reads and writes), and
 * when commands need another look (ack deadline, retry backoff) move the same job back to delayed
 * until the earliest of them — BullMQ's documented step-job pattern, which does not use up job
 * attempts. A batch job is narrowed to the commands still open, so a recheck steps only those.
 */
export function createCommandProcessor(dispatcher: CommandDispatcher, logger: Logger) {
  return async (job: Job, token?: string): Promise<void> => {
    const parsed = ZCommandJobSchema.safeParse(job.data);
    if (!parsed.success) {
      logger.error({ jobId: job.id }, 'commands job with an invalid payload dropped');
      return;
    }
    const ids = commandIdsOf(parsed.data);
    const outcomes = await Promise.allSettled(ids.map((id) => dispatcher.step(id)));
    const failed = outcomes.filter((o) => o.status === 'rejected');
    // A step that threw: BullMQ retries the whole job with backoff; steps are idempotent (a command
    // already sent waits for its ack instead of going out again).
    if (failed.length > 0) throw failed[0]!.reason;
    const open: string[] = [];
    let at = Number.POSITIVE_INFINITY;
    outcomes.forEach((outcome, index) => {
      if (outcome.status !== 'fulfilled' || outcome.value.kind !== 'recheck') return;
      open.push(ids[index]!);
      at = Math.min(at, outcome.value.at);
    });
    if (open.length === 0) return;
    if ('commandIds' in parsed.data && open.length < ids.length) await job.updateData({ commandIds: open });
    await job.moveToDelayed(at, token);
    throw new DelayedError();
  };
}

export function startCommandWorker(
  Worker: WorkerConstructor,
  connection: unknown,
  prefix: string,
  dispatcher: CommandDispatcher,
  logger: Logger,
  concurrency = 50,
) {
  const worker = new Worker(QueueName.commands, createCommandProcessor(dispatcher, logger), {
    connection,
    prefix,
    concurrency,
  });
  worker.on('failed', (job, error) => {
    logger.warn({ jobId: (job as Job | undefined)?.id, err: error }, 'command job failed; BullMQ retries it');
  });
  worker.on('error', (error) => logger.error({ err: error }, 'command worker error'));
  return worker;
}
