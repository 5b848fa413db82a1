import { Channel, MessageType, decode, parseTopic } from '@lockstep/lock-protocol';
import { type CommandOutcomeService } from '../commands/command-acks.service.js';
import { isDeviceEnabled, type DeviceLookup } from '../devices/device-registry.js';
import { type IngestService } from '../ingest/ingest.service.js';
import { RejectReason, type Rejections } from '../ingest/rejections.js';
import { type Logger } from '../observability/logger.js';
import { type GatewayMetrics } from '../observability/metrics.js';

/**
 * The MQTT handler: parse the topic and payload with lock-protocol, find the device, call one service.
 * Resolves when the message is dealt with (stored, or rejected and counted); never rejects, so a bad
 * message can neither crash the gateway nor block the connection.
 */
export class MessageRouter {
  constructor(
    private readonly registry: DeviceLookup,
    private readonly ingest: IngestService,
    private readonly outcomes: CommandOutcomeService,
    private readonly rejections: Rejections,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
  ) {}

  handle(topic: string, payload: Uint8Array): Promise<void> {
    // Not `try { await this.route() }`: that frame would hold the payload until the row is committed.
    return this.route(topic, payload).catch((error: unknown) => {
      // A store that keeps failing is retried inside the writers; anything reaching here is a bug or an
      // unreachable database on a non-batched path. Count it; the message is not lost if unacked.
      this.rejections.reject(RejectReason.HandlerError, {
        topic,
        detail: error instanceof Error ? error.message : String(error),
      });
      this.logger.error({ err: error, topic: topic.slice(0, 300) }, 'device message handler failed');
    });
  }

  private async route(topic: string, payload: Uint8Array): Promise<void> {
    const parsed = parseTopic(topic);
    if (!parsed.ok) {
      this.rejections.reject(parsed.error.code, {
        topic,
        detail: parsed.error.detail,
        bytes: payload.byteLength,
      });
      return;
    }
    const { deviceId, channel, direction } = parsed.topic;
    this.metrics.messagesIn.inc({ channel });
    if (direction !== 'device_to_cloud') {
      this.rejections.reject(RejectReason.WrongDirection, { topic, deviceId, channel });
      return;
    }
    if (channel === Channel.Presence && payload.byteLength === 0) {
      // A zero-length retained message clears the retained presence (PROTOCOL.md §4.2): not a message.
      this.metrics.ignored.inc({ channel, reason: 'retained_clear' });
      return;
    }
    const decoded = decode(channel, payload);
    if (!decoded.ok) {
      const { code, field, detail } = decoded.error;
      this.rejections.reject(code, { topic, deviceId, channel, field, detail, bytes: payload.byteLength });
      return;
    }
    const device = await this.registry.get(deviceId);
    if (!device) {
      this.rejections.reject(RejectReason.UnknownDevice, { topic, deviceId, channel });
      return;
    }
    if (!isDeviceEnabled(device)) {
      this.rejections.reject(RejectReason.DeviceDisabled, { topic, deviceId, channel });
      return;
    }
    // Each device channel carries exactly one message type, so the type narrows the message.
    const message = decoded.message;
    switch (message.type) {
      case MessageType.Telemetry:
        return this.ingest.telemetryReceived(device, message);
      case MessageType.Event:
        return this.ingest.eventReceived(device, message);
      case MessageType.State:
        return this.ingest.stateReceived(device, message);
      case MessageType.Birth:
        return this.ingest.birthReceived(device, message, topic);
      case MessageType.Presence:
        return this.ingest.presenceReceived(device, message);
      case MessageType.Ack:
        return this.outcomes.ackReceived(device, message, topic);
      default:
        this.rejections.reject(RejectReason.WrongDirection, { topic, deviceId, channel });
    }
  }
}
