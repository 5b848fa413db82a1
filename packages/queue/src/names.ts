import { z } from 'zod';

/**
 * Every queue and job payload, defined once (STYLE.md §6–7). Jobs carry ids, never secrets: a job
 * that needs a code reads it from Postgres, the source of truth.
 */
/** Most commands one `commands` job carries. */
export const COMMAND_BATCH_MAX = 500;

export const QueueName = {
  /** Outgoing device commands, written only by the reconciler, published by the gateway. */
  commands: 'commands',
  /** Per-lock reconciliation requests (desired vs reported). */
  reconcile: 'reconcile',
  /** Access-code window starts and ends (durable delayed jobs). */
  windows: 'windows',
  /** Things the gateway stored, for alerts, webhooks and the dashboard's live view. */
  domainEvents: 'domain-events',
  /** Periodic repairs from Postgres (missed window jobs, stuck commands, presence timeouts). */
  sweeps: 'sweeps',
} as const;
export type TQueueName = (typeof QueueName)[keyof typeof QueueName];

/**
 * Commands to publish: one (a sweep's repair, one per command so a live job collapses with it), or
 * every command one reconciliation batch wrote (a window instant's thousands in tens of jobs). The
 * gateway steps each command on its own; a batch job comes back at the earliest next step of the
 * commands still open.
 */
export const ZCommandJobSchema = z.union([
  z.object({ commandId: z.uuid() }).strict(),
  z.object({ commandIds: z.array(z.uuid()).min(1).max(COMMAND_BATCH_MAX) }).strict(),
]);
export type TCommandJob = z.infer<typeof ZCommandJobSchema>;

/** The ids a commands job carries. */
export function commandIdsOf(job: TCommandJob): string[] {
  return 'commandIds' in job ? job.commandIds : [job.commandId];
}

export const ZReconcileJobSchema = z
  .object({
    lockId: z.uuid(),
    /**
     * Why reconciliation was asked for: reconnect, schedule (a code changed or a window edge), drift or
     * report (the lock reported its state), retry (backoff elapsed), sweep, ack, use_limit, move_out, manual.
     */
    reason: z.enum([
      'reconnect',
      'schedule',
      'drift',
      'report',
      'retry',
      'sweep',
      'ack',
      'use_limit',
      'move_out',
      'manual',
    ]),
  })
  .strict();
export type TReconcileJob = z.infer<typeof ZReconcileJobSchema>;

/**
 * One window instant: every access-code target whose next edge (`access_code_targets.next_edge_at`,
 * written by the reconciler) is due by `at` gets its lock reconciled. One job per distinct instant, so
 * 10,000 windows that start together are one job, not 10,000.
 */
export const ZWindowJobSchema = z
  .object({
    /** ISO instant of the edges this job fires for. */
    at: z.iso.datetime(),
    /** The instant's staging pass, ahead of it: stage the commands of in-sync locks (`window-stage.<ms>`). */
    stage: z.literal(true).optional(),
  })
  .strict();
export type TWindowJob = z.infer<typeof ZWindowJobSchema>;

/**
 * The per code × lock × edge window job of earlier versions, which may still wait in Redis after an
 * upgrade: the worker fires it as the instant it names.
 */
export const ZLegacyWindowJobSchema = z
  .object({
    accessCodeId: z.uuid(),
    lockId: z.uuid(),
    edge: z.enum(['start', 'end']),
    at: z.iso.datetime(),
  })
  .strict();

export const ZDomainEventJobSchema = z
  .object({
    /** e.g. lock.event.unlocked, lock.state.reported, lock.telemetry, device.online, device.offline. */
    type: z.string().min(1).max(100),
    organizationId: z.uuid(),
    lockId: z.uuid().optional(),
    /** Id of the stored row this event is about (lock_events.id, ...). */
    refId: z.string().max(200).optional(),
    occurredAt: z.iso.datetime(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type TDomainEventJob = z.infer<typeof ZDomainEventJobSchema>;

/** Most domain events the outbox relay packs into one `domain-events` job. */
export const DOMAIN_EVENT_BATCH_MAX = 100;

/**
 * What a `domain-events` job carries: one event, or up to DOMAIN_EVENT_BATCH_MAX the outbox relay
 * packed in commit order (a burst's thousands of events in tens of jobs, not thousands): packed into
 * one outbox row per transaction by `packOutboxJobs`, and across rows by the relay. Consumers read
 * either shape with {@link domainEventsOf}.
 */
export const ZDomainEventsJobSchema = z.union([
  ZDomainEventJobSchema,
  z.object({ events: z.array(ZDomainEventJobSchema).min(1).max(DOMAIN_EVENT_BATCH_MAX) }).strict(),
]);
export type TDomainEventsJob = z.infer<typeof ZDomainEventsJobSchema>;

/** The events a `domain-events` job carries, in order. */
export function domainEventsOf(job: TDomainEventsJob): TDomainEventJob[] {
  return 'events' in job ? job.events : [job];
}

/**
 * A repair pass from Postgres: `windows` (missed edges, locks out of sync, due retries, overdue
 * removals, move-outs), `commands` (in-flight commands without a job), `presence` (the gateway's), or
 * `move_out` for one tenancy (the precise-timing job; the periodic pass is the safety net).
 */
export const ZSweepJobSchema = z
  .object({
    sweep: z.enum(['windows', 'commands', 'presence', 'move_out']),
    tenancyId: z.uuid().optional(),
  })
  .strict();
export type TSweepJob = z.infer<typeof ZSweepJobSchema>;

/**
 * Payload schema per queue, for producers (parse before add) and processors (parse before use).
 */
export const queuePayloadSchemas = {
  [QueueName.commands]: ZCommandJobSchema,
  [QueueName.reconcile]: ZReconcileJobSchema,
  [QueueName.windows]: ZWindowJobSchema,
  [QueueName.domainEvents]: ZDomainEventsJobSchema,
  [QueueName.sweeps]: ZSweepJobSchema,
} as const satisfies Record<TQueueName, z.ZodType>;

/** Job options set once: attempts, backoff, retention. */
export const defaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
} as const;

/**
 * Deterministic job ids where a job must not be duplicated (retries, re-planning, sweeps). BullMQ
 * reserves ':' in custom ids (it separates key parts), so the parts are joined with '.'.
 */
export const jobId = {
  /** One job per window instant (ms since the epoch), however many codes have an edge then. */
  windowEdge: (at: number) => `window-edge.${at}`,
  /** One staging pass per window instant, ahead of it. */
  windowStage: (at: number) => `window-stage.${at}`,
  /** A batch is named by its first command and its size (an outbox row relayed twice collapses). */
  command: (j: TCommandJob) =>
    'commandIds' in j ? `commands.${j.commandIds[0]}.${j.commandIds.length}` : `command.${j.commandId}`,
  /** One periodic sweep per kind and period, however many workers tick. */
  sweep: (kind: TSweepJob['sweep'], periodStart: number) => `sweep-${kind}.${periodStart}`,
  /** A lock's backoff retry, once per retry instant. */
  reconcileRetry: (lockId: string, at: number) => `reconcile-retry.${lockId}.${at}`,
  /** The move-out rotation of one tenancy at its instant. */
  moveOut: (tenancyId: string, at: number) => `move-out.${tenancyId}.${at}`,
} as const;
