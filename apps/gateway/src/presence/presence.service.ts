import { type Clock, type TimerHandle } from '../observability/clock.js';
import { type Logger } from '../observability/logger.js';
import { type GatewayMetrics } from '../observability/metrics.js';
import { type TOutboxJob } from '@lockstep/queue';
import { DomainEventType, outboxJob } from '../events/domain-event-bus.js';
import { type PresenceChange, type PresenceRepository } from './presence.repository.js';

export interface PresenceOptions {
  /** A device not heard from for this long is marked offline. */
  timeoutMs: number;
  /** How often buffered last-seen times are written. */
  touchIntervalMs?: number;
  /** How often the heartbeat-timeout sweep runs. */
  sweepIntervalMs?: number;
}

/**
 * Presence: online from birth / `online` presence, offline from the will (same session only) or from
 * silence longer than the heartbeat timeout. Any message is a heartbeat. The timeout is computed
 * from `devices.last_seen_at` in Postgres, not from memory, because with shared subscriptions each
 * gateway sees only a share of a device's messages. Every change is announced through the outbox in
 * its own transaction (device.online / device.offline, and a reconcile request on a reconnect).
 */
export class PresenceService {
  private lastSeen = new Map<string, Date>();
  private touchTimer: TimerHandle | undefined;
  private sweepTimer: TimerHandle | undefined;
  private running = false;

  constructor(
    private readonly repository: PresenceRepository,
    private readonly clock: Clock,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
    private readonly options: PresenceOptions,
    /** Tells the outbox relay that rows were committed. */
    private readonly committed: () => void = () => undefined,
  ) {}

  start(): void {
    this.running = true;
    this.scheduleTouch();
    this.scheduleSweep();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.touchTimer?.cancel();
    this.sweepTimer?.cancel();
    await this.flushLastSeen();
  }

  /** Any message from the device. Buffered; written at most every touchIntervalMs. */
  seen(deviceId: string, at: Date): void {
    const previous = this.lastSeen.get(deviceId);
    if (!previous || previous < at) this.lastSeen.set(deviceId, at);
  }

  async online(input: {
    deviceId: string;
    session: string;
    at: Date;
    firmwareVersion?: string;
    publicKey?: string;
    cause: 'birth' | 'presence';
  }): Promise<void> {
    const change = await this.repository.markOnline(input, ([c]) => {
      // A repeated online of the same session announces nothing.
      if (!c || (c.wasOnline && !c.newSession)) return [];
      return [
        presenceEvent(c, DomainEventType.deviceOnline, input.at, {
          cause: input.cause,
          session: input.session,
        }),
        // A lock that reconnects is reconciled before anything else (DESIGN §4).
        outboxJob.reconcile(c.lockId, 'reconnect'),
      ];
    });
    if (!change || (change.wasOnline && !change.newSession)) return;
    this.committed();
    this.metrics.presence.inc({ status: 'online', cause: input.cause });
  }

  async offline(deviceId: string, session: string, at: Date): Promise<void> {
    const change = await this.repository.markOfflineForSession(deviceId, session, at, (changes) =>
      changes.map((c) => presenceEvent(c, DomainEventType.deviceOffline, at, { cause: 'will' })),
    );
    if (!change) return;
    this.committed();
    this.metrics.presence.inc({ status: 'offline', cause: 'will' });
  }

  /** Writes buffered last-seen times, then marks silent devices offline. */
  async sweep(): Promise<void> {
    await this.flushLastSeen();
    const now = new Date(this.clock.now());
    const changes = await this.repository.markSilentOffline(
      new Date(now.getTime() - this.options.timeoutMs),
      now,
      (silent) =>
        silent.map((c) =>
          presenceEvent(c, DomainEventType.deviceOffline, now, { cause: 'heartbeat_timeout' }),
        ),
    );
    if (changes.length === 0) return;
    this.committed();
    this.metrics.presence.inc({ status: 'offline', cause: 'heartbeat_timeout' }, changes.length);
  }

  async flushLastSeen(): Promise<void> {
    if (this.lastSeen.size === 0) return;
    const batch = this.lastSeen;
    this.lastSeen = new Map();
    try {
      await this.repository.touchLastSeen(batch);
    } catch (error) {
      // Put them back (newest wins) so the next round writes them.
      for (const [id, at] of batch) this.seen(id, at);
      throw error;
    }
  }

  private scheduleTouch(): void {
    if (!this.running) return;
    this.touchTimer = this.clock.setTimeout(() => {
      this.flushLastSeen()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'last-seen write failed; will retry'))
        .finally(() => this.scheduleTouch());
    }, this.options.touchIntervalMs ?? 1_000);
  }

  private scheduleSweep(): void {
    if (!this.running) return;
    const interval = this.options.sweepIntervalMs ?? Math.max(1_000, Math.floor(this.options.timeoutMs / 4));
    this.sweepTimer = this.clock.setTimeout(() => {
      this.sweep()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'presence sweep failed; will retry'))
        .finally(() => this.scheduleSweep());
    }, interval);
  }
}

function presenceEvent(
  change: PresenceChange,
  type: string,
  at: Date,
  data: Record<string, unknown>,
): TOutboxJob {
  return outboxJob.domainEvent({
    type,
    organizationId: change.organizationId,
    lockId: change.lockId,
    refId: change.deviceId,
    occurredAt: at.toISOString(),
    data: { deviceId: change.deviceId, ...data },
  });
}
