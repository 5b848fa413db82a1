import { DelayedError, type Job } from 'bullmq';
import { QueueName, ZCommandJobSchema } from '@lockstep/queue';
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
 * step, and when the command needs another look (ack deadline, retry backoff) move the same job back
 * to delayed until then — BullMQ's documented step-job pattern, which does not use up job attempts.
 */
export function createCommandProcessor(dispatcher: CommandDispatcher, logger: Logger) {
  return async (job: Job, token?: string): Promise<void> => {
    const parsed = ZCommandJobSchema.safeParse(job.data);
    if (!parsed.success) {
      logger.error({ jobId: job.id }, 'commands job with an invalid payload dropped');
      return;
    }
    const outcome = await dispatcher.step(parsed.data.commandId);
    if (outcome.kind === 'recheck') {
      await job.moveToDelayed(outcome.at, token);
      throw new DelayedError();
    }
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
