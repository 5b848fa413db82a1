import { COMMAND_BATCH_MAX, QueueName, jobId, type TOutboxJob, type TReconcileJob } from '@lockstep/queue';

/** A staging pass runs this long after its edge comes within the lead, so the edge is then within it. */
export const STAGE_PASS_DELAY_MS = 1_000;

/** When the staging pass of the edge at `at` runs. */
export function stageRunAt(at: number, leadMs: number): number {
  return at - leadMs + STAGE_PASS_DELAY_MS;
}

/** The jobs the worker writes through the outbox, built in one place (ids only, never a code). */
export const outboxJobs = {
  command: (commandId: string): TOutboxJob => ({
    queue: QueueName.commands,
    name: 'command',
    data: { commandId },
    jobId: jobId.command({ commandId }),
  }),

  /**
   * Every command one reconciliation batch wrote, in jobs of at most COMMAND_BATCH_MAX; staged ones
   * delayed to their edge (`sendAt`: the gateway never publishes them earlier anyway).
   */
  commands: (commandIds: readonly string[], sendAt?: Date): TOutboxJob[] => {
    const jobs: TOutboxJob[] = [];
    for (let i = 0; i < commandIds.length; i += COMMAND_BATCH_MAX) {
      const data = { commandIds: commandIds.slice(i, i + COMMAND_BATCH_MAX) };
      jobs.push(outboxJobs.commandBatch(data.commandIds, jobId.command(data), sendAt));
    }
    return jobs;
  },

  /** One batch job under a given id (a new batch's, or the one a command row names, for the sweep). */
  commandBatch: (commandIds: readonly string[], id: string, sendAt?: Date): TOutboxJob => ({
    queue: QueueName.commands,
    name: 'commands',
    data: { commandIds: [...commandIds] },
    jobId: id,
    ...(sendAt ? { runAt: sendAt } : {}),
  }),

  reconcile: (lockId: string, reason: TReconcileJob['reason'], runAt?: Date): TOutboxJob => ({
    queue: QueueName.reconcile,
    name: 'reconcile',
    data: { lockId, reason },
    ...(runAt ? { runAt, jobId: jobId.reconcileRetry(lockId, runAt.getTime()) } : {}),
  }),

  /** The delayed job of one window instant (every lock with an edge due by then). */
  windowEdge: (at: number): TOutboxJob => ({
    queue: QueueName.windows,
    name: 'window-edge',
    data: { at: new Date(at).toISOString() },
    jobId: jobId.windowEdge(at),
    runAt: new Date(at),
  }),

  /**
   * The staging pass of a window instant, a little after it comes within the lead (DESIGN §4): every
   * lock with that edge next is reconciled, and the in-sync ones get the edge's commands staged.
   */
  windowStage: (at: number, leadMs: number): TOutboxJob => ({
    queue: QueueName.windows,
    name: 'window-stage',
    data: { at: new Date(at).toISOString(), stage: true },
    jobId: jobId.windowStage(at),
    runAt: new Date(stageRunAt(at, leadMs)),
  }),

  /**
   * The jobs of a window instant planned at `now`: its edge job, and its staging pass when the
   * instant is still beyond the lead (nearer, the reconciliation planning it stages it itself).
   */
  windowJobs: (at: number, leadMs: number, now: number): TOutboxJob[] =>
    leadMs > 0 && at - leadMs > now
      ? [outboxJobs.windowEdge(at), outboxJobs.windowStage(at, leadMs)]
      : [outboxJobs.windowEdge(at)],

  /** A domain event (`access_code.*`): about a code (refId) on a lock. */
  event: (event: {
    type: string;
    organizationId: string;
    lockId?: string | undefined;
    refId?: string | undefined;
    at: number;
    data: Record<string, unknown>;
  }): TOutboxJob => ({
    queue: QueueName.domainEvents,
    name: event.type,
    data: {
      type: event.type,
      organizationId: event.organizationId,
      ...(event.lockId ? { lockId: event.lockId } : {}),
      ...(event.refId ? { refId: event.refId } : {}),
      occurredAt: new Date(event.at).toISOString(),
      data: event.data,
    },
  }),
};
