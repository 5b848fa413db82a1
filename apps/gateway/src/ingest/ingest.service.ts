import {
  type TBirthMessage,
  type TEventMessage,
  type TPresenceMessage,
  type TStateMessage,
  type TTelemetryMessage,
} from '@lockstep/lock-protocol';
import { type TDomainEventJob } from '@lockstep/queue';
import { type DeviceRecord, type DeviceRegistry } from '../devices/device-registry.js';
import { DomainEventType, outboxJob, type DomainEventBus } from '../events/domain-event-bus.js';
import { type Clock } from '../observability/clock.js';
import { type Logger } from '../observability/logger.js';
import { type GatewayMetrics } from '../observability/metrics.js';
import { type PresenceService } from '../presence/presence.service.js';
import { BatchWriter, isPostgresDataError, type BatchWriteResult } from './batch-writer.js';
import {
  type EventRow,
  type IngestRepository,
  type StateRow,
  type StoredState,
  type StoredTelemetry,
  type TelemetryRow,
} from './ingest.repository.js';
import { RejectReason, type Rejections } from './rejections.js';

export interface IngestOptions {
  batchSize: number;
  batchMaxWaitMs: number;
  /** Batches per table written at the same time. */
  batchConcurrency: number;
  telemetryEvents: boolean;
  /** Trust-on-first-use of a birth's public key when the registry holds none (development only). */
  trustFirstPublicKey: boolean;
}

type Table = 'telemetry' | 'lock_events' | 'lock_reported_states';

/**
 * Records what devices report. Each method takes a message already decoded by lock-protocol and the
 * registry entry of the device on whose topic it arrived, and resolves once it is stored (so the MQTT
 * message can be acknowledged then). Stored events and states are announced through the outbox in
 * their batch's transaction; telemetry events (opt-in) are published after the commit, best effort.
 */
export class IngestService {
  private readonly telemetry: BatchWriter<TelemetryRow, StoredTelemetry>;
  private readonly events: BatchWriter<EventRow, never>;
  private readonly states: BatchWriter<StateRow, StoredState>;
  private seenAtMs = Number.NaN;
  private seenAt = new Date(0);

  constructor(
    private readonly repository: IngestRepository,
    private readonly registry: DeviceRegistry,
    private readonly presence: PresenceService,
    private readonly bus: DomainEventBus,
    private readonly clock: Clock,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
    private readonly rejections: Rejections,
    private readonly options: IngestOptions,
    /** Tells the outbox relay that rows were committed. */
    private readonly committed: () => void = () => undefined,
  ) {
    this.telemetry = this.writer(
      'telemetry',
      (rows) => repository.insertTelemetry(rows, options.telemetryEvents),
      (r) => (options.telemetryEvents ? this.telemetryEvents(r) : []),
    );
    this.events = this.writer(
      'lock_events',
      (rows) => repository.insertEvents(rows),
      () => [],
      true,
    );
    this.states = this.writer(
      'lock_reported_states',
      (rows) => repository.upsertStates(rows, (stored) => stored.map(stateJob)),
      () => [],
      true,
    );
  }

  // The batched channels return the writer's promise instead of awaiting it: an async frame here would
  // keep the decoded message alive until the batch commits (~100 ms), long enough to survive a young-
  // generation GC and be copied.
  telemetryReceived(device: DeviceRecord, message: TTelemetryMessage): Promise<void> {
    const receivedAt = this.receivedAt(device);
    return this.telemetry.add({
      organizationId: device.organizationId,
      lockId: device.lockId,
      deviceId: device.id,
      messageId: message.id,
      batteryPercent: message.battery.percent,
      batteryMv: message.battery.millivolts,
      rssi: message.rssiDbm,
      recordedAtMs: message.ts,
      receivedAtMs: receivedAt,
    });
  }

  eventReceived(device: DeviceRecord, message: TEventMessage): Promise<void> {
    const receivedAt = this.receivedAt(device);
    const { v: _v, type: _type, id, ts, event, ...data } = message;
    return this.events.add({
      organizationId: device.organizationId,
      lockId: device.lockId,
      deviceId: device.id,
      messageId: id,
      type: event,
      method: 'method' in message ? message.method : null,
      slot: 'slot' in message ? message.slot : null,
      data,
      occurredAtMs: ts,
      receivedAtMs: receivedAt,
    });
  }

  stateReceived(device: DeviceRecord, message: TStateMessage): Promise<void> {
    const receivedAt = this.receivedAt(device);
    return this.states.add({
      organizationId: device.organizationId,
      lockId: device.lockId,
      deviceId: device.id,
      messageId: message.id,
      heldVersion: message.desiredVersion,
      slots: message.slots.map((s) => s.fingerprint),
      bolt: message.bolt,
      autoLock: message.autoLockSeconds === 0 ? null : message.autoLockSeconds,
      batteryPercent: message.battery.percent,
      batteryMv: message.battery.millivolts,
      lockoutUntil: message.lockoutUntil === null ? null : new Date(message.lockoutUntil),
      reportedAt: new Date(message.ts),
      receivedAtMs: receivedAt,
    });
  }

  /**
   * Birth: the lock connected. Its model and public key must match the registry (the key is what PINs
   * are sealed to: a mismatch means a different device, or a reset one, speaking with this identity).
   */
  async birthReceived(device: DeviceRecord, message: TBirthMessage, topic: string): Promise<void> {
    const receivedAt = this.receivedAt(device);
    if (message.model !== device.model) {
      this.rejections.reject(RejectReason.ModelMismatch, { topic, deviceId: device.id, channel: 'birth' });
      return;
    }
    let adoptKey: string | undefined;
    if (device.publicKey === null) {
      if (!this.options.trustFirstPublicKey) {
        this.rejections.reject(RejectReason.PublicKeyUnregistered, {
          topic,
          deviceId: device.id,
          channel: 'birth',
        });
        return;
      }
      adoptKey = message.publicKey;
    } else if (device.publicKey !== message.publicKey) {
      this.rejections.reject(RejectReason.PublicKeyMismatch, {
        topic,
        deviceId: device.id,
        channel: 'birth',
      });
      return;
    }
    await this.presence.online({
      deviceId: device.id,
      session: message.session,
      at: new Date(receivedAt),
      firmwareVersion: message.firmware,
      ...(adoptKey === undefined ? {} : { publicKey: adoptKey }),
      cause: 'birth',
    });
    if (adoptKey !== undefined) {
      this.logger.info({ deviceId: device.id }, 'public key adopted on first use (development)');
      this.registry.invalidate(device.id);
    }
  }

  async presenceReceived(device: DeviceRecord, message: TPresenceMessage): Promise<void> {
    const receivedAt = this.receivedAt(device);
    if (message.status === 'online') {
      await this.presence.online({
        deviceId: device.id,
        session: message.session,
        at: new Date(receivedAt),
        cause: 'presence',
      });
    } else {
      await this.presence.offline(device.id, message.session, new Date(receivedAt));
    }
  }

  /** Writes everything buffered (shutdown, tests). */
  async flush(): Promise<void> {
    await Promise.all([this.telemetry.flush(), this.events.flush(), this.states.flush()]);
  }

  async close(): Promise<void> {
    await Promise.all([this.telemetry.close(), this.events.close(), this.states.close()]);
  }

  /** Now (epoch ms), recorded as the device's last-seen time. */
  private receivedAt(device: DeviceRecord): number {
    const now = this.clock.now();
    // One Date per millisecond, not per message (tens of messages arrive in the same millisecond).
    if (now !== this.seenAtMs) {
      this.seenAtMs = now;
      this.seenAt = new Date(now);
    }
    this.presence.seen(device.id, this.seenAt);
    return now;
  }

  private writer<T, R>(
    table: Table,
    write: (rows: T[]) => Promise<BatchWriteResult<R>>,
    /** Best-effort events, published after the commit. */
    toEvents: (result: BatchWriteResult<R>) => TDomainEventJob[],
    /** The write put outbox rows in its transaction. */
    outbox = false,
  ): BatchWriter<T, R> {
    return new BatchWriter<T, R>({
      name: table,
      maxSize: this.options.batchSize,
      maxWaitMs: this.options.batchMaxWaitMs,
      maxConcurrent: this.options.batchConcurrency,
      clock: this.clock,
      write,
      isDataError: isPostgresDataError,
      afterWrite: async (result, rows, durationMs) => {
        this.metrics.batchSize.observe({ table }, rows.length);
        this.metrics.writeLatency.observe({ table }, durationMs / 1000);
        if (result.duplicates > 0) this.metrics.duplicates.inc({ table }, result.duplicates);
        if (outbox && rows.length > result.duplicates) this.committed();
        const events = toEvents(result);
        if (events.length === 0) return;
        try {
          await this.bus.publish(events);
          this.metrics.domainEvents.inc({ result: 'ok' }, events.length);
        } catch (error) {
          this.metrics.domainEvents.inc({ result: 'error' }, events.length);
          this.logger.error({ err: error, table, count: events.length }, 'domain events not published');
        }
      },
      onWriteError: (error, attempt) => {
        this.metrics.writeErrors.inc({ table });
        this.logger.warn({ err: error, table, attempt }, 'batched write failed');
      },
      onDropped: (row, error) => {
        const r = row as { deviceId?: string; messageId?: string };
        this.rejections.reject(RejectReason.StoreFailed, {
          topic: `(${table})`,
          deviceId: r.deviceId,
          detail: error instanceof Error ? error.message : String(error),
        });
      },
    });
  }

  private telemetryEvents(result: BatchWriteResult<StoredTelemetry>): TDomainEventJob[] {
    return result.stored.map((t) => ({
      type: DomainEventType.telemetry,
      organizationId: t.organizationId,
      lockId: t.lockId,
      refId: `${t.deviceId}/${t.messageId}`,
      occurredAt: t.recordedAt.toISOString(),
      data: { deviceId: t.deviceId, messageId: t.messageId },
    }));
  }
}

function stateJob(s: StoredState) {
  return outboxJob.domainEvent({
    type: DomainEventType.stateReported,
    organizationId: s.organizationId,
    lockId: s.lockId,
    refId: s.messageId,
    occurredAt: s.reportedAt.toISOString(),
    data: { heldVersion: s.heldVersion },
  });
}
