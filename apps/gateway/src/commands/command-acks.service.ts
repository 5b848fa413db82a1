import { AckResult, type TAckMessage } from '@lockstep/lock-protocol';
import { type DeviceRecord } from '../devices/device-registry.js';
import { DomainEventType, type DomainEventBus } from '../events/domain-event-bus.js';
import { RejectReason, type Rejections } from '../ingest/rejections.js';
import { type Clock } from '../observability/clock.js';
import { type Logger } from '../observability/logger.js';
import { type GatewayMetrics } from '../observability/metrics.js';
import { type CommandsRepository, type ResolvedCommand } from './commands.repository.js';

/**
 * Acknowledgements and failures of commands: records them on the command and on the access-code
 * targets it serves, tells the bus, and asks the reconciler to look at the lock again.
 */
export class CommandOutcomeService {
  constructor(
    private readonly repository: CommandsRepository,
    private readonly bus: DomainEventBus,
    private readonly clock: Clock,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
    private readonly rejections: Rejections,
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
        ? await this.repository.applied(ack.commandId, device.id, at)
        : await this.repository.rejected(ack.commandId, device.id, ack.reason, at);
    if (!resolved) {
      // Already resolved: a QoS 1 redelivery of the ack, or an ack after the gateway gave up.
      this.metrics.duplicates.inc({ table: 'commands' });
      return;
    }
    if (resolved.sentAt) {
      this.metrics.ackLatency.observe(
        { result: ack.result },
        Math.max(0, at.getTime() - resolved.sentAt.getTime()) / 1000,
      );
    }
    this.metrics.commandOutcomes.inc({ outcome: ack.result });
    await this.announce(
      resolved,
      ack.result === AckResult.Applied ? DomainEventType.commandApplied : DomainEventType.commandRejected,
      at,
      ack.result === AckResult.Applied
        ? { desiredVersion: ack.desiredVersion }
        : { desiredVersion: ack.desiredVersion, reason: ack.reason },
    );
  }

  async commandFailed(
    commandId: string,
    reason: 'expired' | 'ack_timeout' | 'invalid_payload',
  ): Promise<void> {
    const at = new Date(this.clock.now());
    const resolved = await this.repository.failed(commandId, reason, at);
    if (!resolved) return;
    this.metrics.commandOutcomes.inc({ outcome: 'failed' });
    this.logger.warn(
      { commandId, deviceId: resolved.deviceId, reason, attempts: resolved.attempts },
      'command failed',
    );
    await this.announce(resolved, DomainEventType.commandFailed, at, { reason, attempts: resolved.attempts });
  }

  private async announce(resolved: ResolvedCommand, type: string, at: Date, data: Record<string, unknown>) {
    try {
      await this.bus.publish([
        {
          type,
          organizationId: resolved.organizationId,
          lockId: resolved.lockId,
          refId: resolved.id,
          occurredAt: at.toISOString(),
          data: {
            commandType: resolved.type,
            deviceId: resolved.deviceId,
            targetIds: resolved.targetIds,
            ...data,
          },
        },
      ]);
      await this.bus.requestReconcile({ lockId: resolved.lockId, reason: 'ack' });
      this.metrics.domainEvents.inc({ result: 'ok' });
    } catch (error) {
      this.metrics.domainEvents.inc({ result: 'error' });
      this.logger.error({ err: error, commandId: resolved.id }, 'command outcome not announced');
    }
  }
}
