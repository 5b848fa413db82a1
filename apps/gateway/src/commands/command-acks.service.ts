import { AckResult, type TAckMessage } from '@lockstep/lock-protocol';
import { type TOutboxJob } from '@lockstep/queue';
import { type DeviceRecord } from '../devices/device-registry.js';
import { DomainEventType, outboxJob } from '../events/domain-event-bus.js';
import { RejectReason, type Rejections } from '../ingest/rejections.js';
import { type Clock } from '../observability/clock.js';
import { type Logger } from '../observability/logger.js';
import { type GatewayMetrics } from '../observability/metrics.js';
import {
  type CommandsRepository,
  type ResolutionOutcome,
  type ResolutionRequest,
  type ResolvedCommand,
} from './commands.repository.js';
import { TurnBatcher } from '@lockstep/db/turn-batcher';

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
 * event and one access_code.* event per moved target; for a rejected or failed command also a
 * reconcile request for the lock (the reconciler decides whether to retry, re-plan or give up).
 * An applied command asks for no reconciliation of its own: the lock sends a state report after any
 * command that changed its state, and that report (`lock.state.reported`) reconciles the lock; the
 * worker's sweep reconciles any lock with a command resolved after its last reconciliation, so
 * nothing waits on a report that never comes.
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
  if (resolved.status !== 'applied') jobs.push(outboxJob.reconcile(resolved.lockId, 'ack'));
  return jobs;
}

/** How acks and failures are gathered into transactions. */
export interface OutcomeBatching {
  /** Resolutions per transaction at most. */
  maxBatchSize: number;
  /** Transactions in flight at most (each holds a pool connection). */
  maxBatches: number;
}

export const DEFAULT_OUTCOME_BATCHING: OutcomeBatching = { maxBatchSize: 500, maxBatches: 2 };

/**
 * Acknowledgements and failures of commands: records them on the command, on the access-code targets
 * it serves and on the slot's attribution, and announces them (outbox, same transaction): the bus
 * hears of it and, for a rejection or failure, the reconciler looks at the lock again.
 *
 * The acks and failures arriving in one turn of the event loop (a window burst acks thousands of
 * commands within seconds) are resolved together in one transaction of set-based statements
 * (`CommandsRepository.resolveMany`). Each call still resolves only after that commit — the MQTT
 * PUBACK waits for it, so a crash before the commit means a redelivery — and a batch that fails is
 * retried call by call, so one bad ack fails alone.
 */
export class CommandOutcomeService {
  private readonly batcher: TurnBatcher<ResolutionRequest, ResolutionOutcome>;

  constructor(
    private readonly repository: CommandsRepository,
    private readonly clock: Clock,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
    private readonly rejections: Rejections,
    /** Tells the outbox relay that rows were committed (no wait for its next poll). */
    private readonly committed: () => void = () => undefined,
    batching: OutcomeBatching = DEFAULT_OUTCOME_BATCHING,
  ) {
    this.batcher = new TurnBatcher({
      ...batching,
      run: async (requests) => {
        const outcomes = await this.repository.resolveMany(requests);
        if (outcomes.some((o) => o.kind === 'resolved')) this.committed();
        return outcomes;
      },
    });
  }

  async ackReceived(device: DeviceRecord, ack: TAckMessage, topic: string): Promise<void> {
    const at = new Date(this.clock.now());
    const request: ResolutionRequest =
      ack.result === AckResult.Applied
        ? {
            commandId: ack.commandId,
            deviceId: device.id,
            status: 'applied',
            reason: null,
            at,
            jobs: (r) =>
              resolutionJobs(r, DomainEventType.commandApplied, at, { desiredVersion: ack.desiredVersion }),
          }
        : {
            commandId: ack.commandId,
            deviceId: device.id,
            status: 'rejected',
            reason: ack.reason,
            at,
            jobs: (r) =>
              resolutionJobs(r, DomainEventType.commandRejected, at, {
                desiredVersion: ack.desiredVersion,
                reason: ack.reason,
              }),
          };
    const outcome = await this.batcher.submit(request);
    switch (outcome.kind) {
      case 'unknown_command':
        this.rejections.reject(RejectReason.UnknownCommand, { topic, deviceId: device.id, channel: 'ack' });
        return;
      case 'device_mismatch':
        this.rejections.reject(RejectReason.CommandDeviceMismatch, {
          topic,
          deviceId: device.id,
          channel: 'ack',
        });
        return;
      case 'already_resolved':
        // A QoS 1 redelivery of the ack, or an ack after the gateway gave up.
        this.metrics.duplicates.inc({ table: 'commands' });
        return;
      case 'resolved': {
        const { sentAt } = outcome.command;
        if (sentAt) {
          this.metrics.ackLatency.observe(
            { result: ack.result },
            Math.max(0, at.getTime() - sentAt.getTime()) / 1000,
          );
        }
        this.metrics.commandOutcomes.inc({ outcome: ack.result });
      }
    }
  }

  async commandFailed(
    commandId: string,
    reason: 'expired' | 'ack_timeout' | 'invalid_payload',
  ): Promise<void> {
    const at = new Date(this.clock.now());
    const outcome = await this.batcher.submit({
      commandId,
      deviceId: null,
      status: 'failed',
      reason,
      at,
      jobs: (r) => resolutionJobs(r, DomainEventType.commandFailed, at, { reason, attempts: r.attempts }),
    });
    if (outcome.kind !== 'resolved') return;
    const resolved = outcome.command;
    this.metrics.commandOutcomes.inc({ outcome: 'failed' });
    this.logger.warn(
      { commandId, deviceId: resolved.deviceId, reason, attempts: resolved.attempts },
      'command failed',
    );
  }
}
