import { type TDomainEventJob } from '@lockstep/queue';
import { type Logger } from '../observability/logger.js';
import { type WorkerMetrics } from '../observability/metrics.js';
import { type Reconciler } from '../reconcile/reconciler.service.js';
import { type UseLimitService } from '../use-limits/use-limits.service.js';

/** Domain event types the worker acts on, defined once. Everything else on the bus is ignored here. */
export const HandledEvent = {
  stateReported: 'lock.state.reported',
  deviceOnline: 'device.online',
  unlocked: 'lock.event.unlocked',
  programmedLocally: 'lock.event.code_programmed_locally',
  factoryReset: 'lock.event.factory_reset',
} as const;

/**
 * The `domain-events` consumer: a state report is compared with what the cloud put on the lock (drift,
 * confirmations), a reconnect is reconciled before anything else, an attributed unlock counts against
 * a use limit. `command.applied/rejected/failed` need nothing here: the gateway already asks for a
 * reconcile with each. Later issues (alerts, webhooks) add their handlers next to these.
 */
export class DomainEventsHandler {
  constructor(
    private readonly reconciler: Pick<Reconciler, 'reconcile' | 'reconcileUnlessAnswered'>,
    private readonly useLimits: Pick<UseLimitService, 'unlocked'>,
    private readonly metrics: WorkerMetrics,
    private readonly logger: Logger,
  ) {}

  /** `requestedAt`: when the event's job was created (a reconciliation begun since answers it). */
  async handle(event: TDomainEventJob, requestedAt = 0): Promise<void> {
    const lockId = event.lockId;
    switch (event.type) {
      case HandledEvent.stateReported:
        if (lockId) await this.reconciler.reconcileUnlessAnswered(lockId, 'report', requestedAt);
        break;
      case HandledEvent.deviceOnline:
        if (lockId) await this.reconciler.reconcile(lockId, 'reconnect');
        break;
      case HandledEvent.programmedLocally:
      case HandledEvent.factoryReset:
        if (lockId) await this.reconciler.reconcileUnlessAnswered(lockId, 'drift', requestedAt);
        break;
      case HandledEvent.unlocked: {
        const accessCodeId = event.data?.accessCodeId;
        if (typeof accessCodeId === 'string' && /^[0-9a-f-]{36}$/i.test(accessCodeId)) {
          const result = await this.useLimits.unlocked(accessCodeId);
          if (result.kind === 'revoked') this.logger.debug({ accessCodeId }, 'revoked by use limit');
        }
        break;
      }
      default:
        this.metrics.domainEvents.inc({ type: 'ignored' });
        return;
    }
    this.metrics.domainEvents.inc({ type: event.type });
  }
}
