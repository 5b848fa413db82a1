import {
  QueueName,
  ZDomainEventJobSchema,
  ZReconcileJobSchema,
  defaultJobOptions,
  type TDomainEventJob,
  type TReconcileJob,
} from '@lockstep/queue';

/**
 * The internal bus, one place (the `domain-events` BullMQ queue): what the gateway stored, for the
 * worker's alerts, webhooks and the dashboard's live view. Plus the one job the gateway asks of the
 * reconciler: reconcile a lock that came back online (DESIGN §4: reconnect before anything else).
 */
export interface DomainEventBus {
  publish(events: TDomainEventJob[]): Promise<void>;
  requestReconcile(job: TReconcileJob): Promise<void>;
}

/** Minimal slice of a BullMQ Queue, so tests can pass a fake. */
export interface QueueLike {
  addBulk(jobs: { name: string; data: unknown; opts?: Record<string, unknown> }[]): Promise<unknown>;
  add(name: string, data: unknown, opts?: Record<string, unknown>): Promise<unknown>;
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

  async requestReconcile(job: TReconcileJob): Promise<void> {
    await this.reconcile.add(QueueName.reconcile, ZReconcileJobSchema.parse(job), { ...defaultJobOptions });
  }
}

/** Collects everything in memory: tests and the benchmark's "no bus" run. */
export class MemoryDomainEventBus implements DomainEventBus {
  readonly events: TDomainEventJob[] = [];
  readonly reconciles: TReconcileJob[] = [];

  publish(events: TDomainEventJob[]): Promise<void> {
    for (const e of events) this.events.push(ZDomainEventJobSchema.parse(e));
    return Promise.resolve();
  }

  requestReconcile(job: TReconcileJob): Promise<void> {
    this.reconciles.push(ZReconcileJobSchema.parse(job));
    return Promise.resolve();
  }
}

/** Domain event type names the gateway emits, defined once. */
export const DomainEventType = {
  lockEvent: (kind: string) => `lock.event.${kind}`,
  stateReported: 'lock.state.reported',
  telemetry: 'lock.telemetry',
  deviceOnline: 'device.online',
  deviceOffline: 'device.offline',
  commandApplied: 'command.applied',
  commandRejected: 'command.rejected',
  commandFailed: 'command.failed',
} as const;
