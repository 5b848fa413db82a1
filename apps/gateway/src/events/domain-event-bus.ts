import {
  QueueName,
  ZDomainEventJobSchema,
  ZDomainEventsJobSchema,
  domainEventsOf,
  ZReconcileJobSchema,
  defaultJobOptions,
  type TDomainEventJob,
  type TOutboxJob,
  type TQueueName,
  type TReconcileJob,
  type TRelayQueue,
} from '@lockstep/queue';

/** Where the gateway's outbox rows are relayed to: the BullMQ queues (or, in tests, memory). */
export type RelayQueues = Partial<Record<TQueueName, TRelayQueue>>;

/**
 * The internal bus, one place (the `domain-events` BullMQ queue): what the gateway stored, for the
 * worker's alerts, webhooks and the dashboard's live view; plus the `reconcile` requests the gateway
 * makes (a lock came back online, a command was resolved).
 *
 * Everything that must not be lost is written to the transactional outbox in the transaction of the
 * change it announces (see {@link outboxJob}) and reaches these queues through the gateway's
 * `OutboxRelay`. Only opt-in telemetry events are `publish`ed directly after the commit, best effort.
 */
export interface DomainEventBus {
  /** Best effort, after the commit (telemetry events only). */
  publish(events: TDomainEventJob[]): Promise<void>;
  /** The relay's targets for the queues the gateway writes. */
  relayQueues(): RelayQueues;
}

/** Minimal slice of a BullMQ Queue, so tests can pass a fake. */
export interface QueueLike {
  addBulk(jobs: { name: string; data: unknown; opts?: Record<string, unknown> }[]): Promise<unknown>;
}

export class QueueDomainEventBus implements DomainEventBus {
  constructor(
    private readonly domainEvents: QueueLike,
    private readonly reconcile: QueueLike,
  ) {}

  async publish(events: TDomainEventJob[]): Promise<void> {
    if (events.length === 0) return;
    const jobs = events.map((event) => ({
      name: event.type,
      data: ZDomainEventJobSchema.parse(event),
      opts: { ...defaultJobOptions },
    }));
    await this.domainEvents.addBulk(jobs);
  }

  relayQueues(): RelayQueues {
    return { [QueueName.domainEvents]: this.domainEvents, [QueueName.reconcile]: this.reconcile };
  }
}

/**
 * Collects everything in memory (tests, the benchmark's "memory" bus). The relay still reads the real
 * outbox table: only the last hop, into BullMQ, is replaced.
 */
export class MemoryDomainEventBus implements DomainEventBus {
  readonly events: TDomainEventJob[] = [];
  readonly reconciles: TReconcileJob[] = [];
  /** While true, deliveries fail as they would with Redis down (tests of the outbox). */
  down = false;

  publish(events: TDomainEventJob[]): Promise<void> {
    for (const e of events) this.events.push(ZDomainEventJobSchema.parse(e));
    return Promise.resolve();
  }

  relayQueues(): RelayQueues {
    return {
      [QueueName.domainEvents]: {
        addBulk: (jobs) => {
          if (this.down) return Promise.reject(new Error('bus down'));
          for (const job of jobs) this.events.push(...domainEventsOf(ZDomainEventsJobSchema.parse(job.data)));
          return Promise.resolve();
        },
      },
      [QueueName.reconcile]: {
        addBulk: (jobs) => {
          if (this.down) return Promise.reject(new Error('bus down'));
          for (const job of jobs) this.reconciles.push(ZReconcileJobSchema.parse(job.data));
          return Promise.resolve();
        },
      },
    };
  }
}

/** Type prefix of stored lock events' domain events (also used in SQL, see ingest.repository.ts). */
export const LOCK_EVENT_PREFIX = 'lock.event.';

/** Domain event type names the gateway emits, defined once. */
export const DomainEventType = {
  lockEvent: (kind: string) => `${LOCK_EVENT_PREFIX}${kind}`,
  stateReported: 'lock.state.reported',
  telemetry: 'lock.telemetry',
  deviceOnline: 'device.online',
  deviceOffline: 'device.offline',
  commandApplied: 'command.applied',
  commandRejected: 'command.rejected',
  commandFailed: 'command.failed',
  accessCodeSetOnDevice: 'access_code.set_on_device',
  accessCodeRemovedFromDevice: 'access_code.removed_from_device',
  accessCodeFailedToSet: 'access_code.failed_to_set',
} as const;

/** Outbox rows for what the gateway announces (written with `enqueueInOutbox` in the change's transaction). */
export const outboxJob = {
  domainEvent: (event: TDomainEventJob): TOutboxJob => ({
    queue: QueueName.domainEvents,
    name: event.type,
    data: event,
  }),
  reconcile: (lockId: string, reason: TReconcileJob['reason']): TOutboxJob => ({
    queue: QueueName.reconcile,
    name: QueueName.reconcile,
    data: { lockId, reason },
  }),
};
