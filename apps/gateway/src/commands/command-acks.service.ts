import { AckResult, type TAckMessage } from '@lockstep/lock-protocol';
import { type TOutboxJob } from '@lockstep/queue';
import { type DeviceRecord } from '../devices/device-registry.js';
import { DomainEventType, outboxJob } from '../events/domain-event-bus.js';
import { RejectReason, type Rejections } from '../ingest/rejections.js';
import { type Clock } from '../observability/clock.js';
import { type Logger } from '../observability/logger.js';
import { type GatewayMetrics } from '../observability/metrics.js';
import { type CommandsRepository, type ResolvedCommand } from './commands.repository.js';

/** The access-code event for a target a command moved (DESIGN §6 statuses; issue #7). */
function targetEventType(toStatus: string): string | undefined {
  switch (toStatus) {
    case 'set':
      return DomainEventType.accessCodeSetOnDevice;
    case 'removed':
      return DomainEventType.accessCodeRemovedFromDevice;
    case 'failed':
      return DomainEventType.accessCodeFailedToSet;
    default:
      return undefined;
  }
}

/**
 * What a resolved command announces, as outbox rows in the resolution's transaction: the command.*
 * event, one access_code.* event per moved target, and a reconcile request for the lock.
 */
export function resolutionJobs(
  resolved: ResolvedCommand,
  type: string,
  at: Date,
  data: Record<string, unknown>,
): TOutboxJob[] {
  const occurredAt = at.toISOString();
  const jobs: TOutboxJob[] = [
    outboxJob.domainEvent({
      type,
      organizationId: resolved.organizationId,
      lockId: resolved.lockId,
      refId: resolved.id,
      occurredAt,
      data: {
        commandType: resolved.type,
        deviceId: resolved.deviceId,
        targetIds: resolved.targetIds,
        ...data,
      },
    }),
  ];
  for (const target of resolved.targets) {
    const eventType = targetEventType(target.toStatus);
    if (!eventType) continue;
    jobs.push(
      outboxJob.domainEvent({
        type: eventType,
        organizationId: target.organizationId,
        lockId: target.lockId,
        refId: target.accessCodeId,
        occurredAt,
        data: {
          accessCodeId: target.accessCodeId,
          lockId: target.lockId,
          targetId: target.id,
          commandId: resolved.id,
          ...(target.toStatus === 'failed' && resolved.reason !== null ? { reason: resolved.reason } : {}),
        },
      }),
    );
  }
  jobs.push(outboxJob.reconcile(resolved.lockId, 'ack'));
  return jobs;
}

/**
 * Acknowledgements and failures of commands: records them on the command, on the access-code targets
 * it serves and on the slot's attribution, and announces them (outbox, same transaction): the bus
 * hears of it and the reconciler looks at the lock again.
 */
export class CommandOutcomeService {
  constructor(
    private readonly repository: CommandsRepository,
    private readonly clock: Clock,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
    private readonly rejections: Rejections,
    /** Tells the outbox relay that rows were committed (no wait for its next poll). */
    private readonly committed: () => void = () => undefined,
  ) {}

  async ackReceived(device: DeviceRecord, ack: TAckMessage, topic: string): Promise<void> {
    const at = new Date(this.clock.now());
    const owner = await this.repository.owner(ack.commandId);
    if (!owner) {
      this.rejections.reject(RejectReason.UnknownCommand, { topic, deviceId: device.id, channel: 'ack' });
      return;
    }
    if (owner.deviceId !== device.id) {
      this.rejections.reject(RejectReason.CommandDeviceMismatch, {
        topic,
        deviceId: device.id,
        channel: 'ack',
      });
      return;
    }
    const resolved =
      ack.result === AckResult.Applied
        ? await this.repository.applied(ack.commandId, device.id, at, (r) =>
            resolutionJobs(r, DomainEventType.commandApplied, at, { desiredVersion: ack.desiredVersion }),
          )
        : await this.repository.rejected(ack.commandId, device.id, ack.reason, at, (r) =>
            resolutionJobs(r, DomainEventType.commandRejected, at, {
              desiredVersion: ack.desiredVersion,
              reason: ack.reason,
            }),
          );
    if (!resolved) {
      // Already resolved: a QoS 1 redelivery of the ack, or an ack after the gateway gave up.
      this.metrics.duplicates.inc({ table: 'commands' });
      return;
    }
    this.committed();
    if (resolved.sentAt) {
      this.metrics.ackLatency.observe(
        { result: ack.result },
        Math.max(0, at.getTime() - resolved.sentAt.getTime()) / 1000,
      );
    }
    this.metrics.commandOutcomes.inc({ outcome: ack.result });
  }

  async commandFailed(
    commandId: string,
    reason: 'expired' | 'ack_timeout' | 'invalid_payload',
  ): Promise<void> {
    const at = new Date(this.clock.now());
    const resolved = await this.repository.failed(commandId, reason, at, (r) =>
      resolutionJobs(r, DomainEventType.commandFailed, at, { reason, attempts: r.attempts }),
    );
    if (!resolved) return;
    this.committed();
    this.metrics.commandOutcomes.inc({ outcome: 'failed' });
    this.logger.warn(
      { commandId, deviceId: resolved.deviceId, reason, attempts: resolved.attempts },
      'command failed',
    );
  }
}
