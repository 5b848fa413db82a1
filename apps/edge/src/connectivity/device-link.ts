import {
  Channel,
  PresenceStatus,
  QoS,
  StateReason,
  decode,
  encode,
  randomUuid,
  topics,
  type TQoS,
  type TRandomSource,
} from '@lockstep/lock-protocol';
import { type TClock, type TTimer } from '../clock/clock.js';
import { type LockFirmware, type TLockOutbound } from '../firmware/lock-firmware.js';
import { type TLogger } from '../logging/logger.js';
import { DEFAULT_BACKOFF, ReconnectBackoff, type TBackoffConfig } from './reconnect-backoff.js';
import { type TMqttConnection, type TMqttTransport } from './transport.js';

export interface TDeviceLinkOptions {
  firmware: LockFirmware;
  transport: TMqttTransport;
  clock: TClock;
  logger: TLogger;
  backoff?: TBackoffConfig;
  /** Uniform in [0, 1), for reconnect jitter (seeded in the fleet for reproducible runs). */
  jitter?: () => number;
  /** Secure random source for session ids. */
  random?: TRandomSource;
  keepAliveSeconds?: number;
  persistentSession?: boolean;
  sessionExpirySeconds?: number;
  connectTimeoutMs?: number;
  /** Messages kept while offline; beyond it telemetry goes first, then the oldest. */
  maxQueued?: number;
  /** Publish budget per second (and burst); see {@link DEFAULT_MAX_PUBLISHES_PER_SECOND}. */
  maxPublishesPerSecond?: number;
}

/**
 * PROTOCOL.md §1: a lock publishes at most 10 messages per second (AWS IoT Core drops beyond 100/s
 * per connection). lock-protocol states the rule but exports no constant for it yet.
 */
export const DEFAULT_MAX_PUBLISHES_PER_SECOND = 10;

export interface TLinkObserver {
  connected?(): void;
  disconnected?(reason: string): void;
  published?(channel: string): void;
  received?(): void;
  /** A publish failed, a command did not decode, or the firmware failed a command. */
  error?(kind: 'publish' | 'decode' | 'command', detail: string): void;
}

interface TQueued {
  channel: string;
  topic: string;
  payload: Uint8Array;
  qos: TQoS;
  retain: boolean;
}

const CHANNEL_QOS: Readonly<Record<TLockOutbound['type'], TQoS>> = {
  state: QoS.AtLeastOnce,
  event: QoS.AtLeastOnce,
  ack: QoS.AtLeastOnce,
  telemetry: QoS.AtMostOnce,
};

/**
 * Connectivity as a capability: keeps the lock connected and speaks lock-protocol over whatever
 * transport it is given. Per connection: a fresh session id; a will (`offline`, retained) naming it;
 * then subscribe to the command topic, `online` presence (retained), birth and a `connect` state
 * report, then whatever queued while offline. Lost connections come back after a jittered backoff.
 * Commands are decoded (never trusted) and handed to the firmware, which applies them idempotently.
 */
export class DeviceLink {
  readonly deviceId: string;
  #connection: TMqttConnection | undefined;
  #ready = false;
  #running = false;
  #offline = false;
  #attempts = 0;
  #tokens: number;
  #tokensAt: number;
  #pumpTimer: TTimer | undefined;
  #session = '';
  #queue: TQueued[] = [];
  #retry: TTimer | undefined;
  #observers = new Set<TLinkObserver>();
  readonly #backoff: ReconnectBackoff;

  constructor(private readonly options: TDeviceLinkOptions) {
    this.deviceId = options.firmware.deviceId;
    this.#backoff = new ReconnectBackoff(options.backoff ?? DEFAULT_BACKOFF, options.jitter ?? Math.random);
    this.#tokens = this.#rate;
    this.#tokensAt = options.clock.now();
  }

  get #rate(): number {
    return this.options.maxPublishesPerSecond ?? DEFAULT_MAX_PUBLISHES_PER_SECOND;
  }

  get isConnected(): boolean {
    return this.#ready;
  }

  get session(): string {
    return this.#session;
  }

  /** Connections opened so far (first attempt included). */
  get connectionAttempts(): number {
    return this.#attempts;
  }

  get queued(): number {
    return this.#queue.length;
  }

  observe(observer: TLinkObserver): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.options.firmware.attachOutput((message) => this.#send(message));
    this.#open();
  }

  /**
   * Goes offline on purpose: says so (retained `offline` presence, as the will would), then a normal
   * DISCONNECT so the broker drops the will.
   */
  async stop(): Promise<void> {
    this.#running = false;
    this.#offline = false;
    this.#retry?.cancel();
    this.#retry = undefined;
    this.#pumpTimer?.cancel();
    this.#pumpTimer = undefined;
    this.options.firmware.attachOutput(undefined);
    const connection = this.#connection;
    this.#connection = undefined;
    if (connection === undefined) return;
    if (this.#ready) {
      this.#ready = false;
      const offline = this.options.firmware.presence(PresenceStatus.Offline, this.#session);
      await connection
        .publish(topics.presence(this.deviceId), encode(offline), QoS.AtLeastOnce, true)
        .catch(() => undefined);
    }
    await connection.close().catch(() => undefined);
  }

  /**
   * Fault injection: the lock loses the network for `ms` (the broker sees the socket go and publishes
   * the will), keeps working and queueing, then reconnects.
   */
  async goOfflineFor(ms: number): Promise<void> {
    if (!this.#running || this.#offline) return;
    this.#offline = true;
    this.#retry?.cancel();
    const connection = this.#connection;
    this.#lost('offline (fault injection)');
    this.#retry = this.options.clock.setTimer(ms, () => {
      this.#retry = undefined;
      this.#offline = false;
      if (this.#running && this.#connection === undefined) this.#open();
    });
    await connection?.abort().catch(() => undefined);
  }

  get isOffline(): boolean {
    return this.#offline;
  }

  #open(): void {
    this.#attempts++;
    const firmware = this.options.firmware;
    this.#session = randomUuid(this.options.random);
    const will = firmware.presence(PresenceStatus.Offline, this.#session);
    // Callbacks compare against this connection so a late event from an old one changes nothing.
    const opened: { connection?: TMqttConnection } = {};
    const connection = this.options.transport.open(
      {
        clientId: this.deviceId,
        will: {
          topic: topics.presence(this.deviceId),
          payload: encode(will),
          qos: QoS.AtLeastOnce,
          retain: true,
        },
        keepAliveSeconds: this.options.keepAliveSeconds ?? 60,
        persistentSession: this.options.persistentSession ?? true,
        sessionExpirySeconds: this.options.sessionExpirySeconds ?? 3_600,
        connectTimeoutMs: this.options.connectTimeoutMs ?? 10_000,
      },
      {
        connected: () => {
          if (opened.connection !== undefined && this.#connection === opened.connection) {
            void this.#onConnected(opened.connection);
          }
        },
        message: (topic, payload) => this.#onMessage(topic, payload),
        closed: (reason) => {
          if (opened.connection !== undefined && this.#connection === opened.connection) this.#lost(reason);
        },
      },
    );
    opened.connection = connection;
    this.#connection = connection;
  }

  async #onConnected(connection: TMqttConnection): Promise<void> {
    const firmware = this.options.firmware;
    this.#backoff.connected(this.options.clock.now());
    try {
      await connection.subscribe(topics.command(this.deviceId), QoS.AtLeastOnce);
      // PROTOCOL.md §2: subscribed before anything else, then presence online, then birth, then state.
      const online = firmware.presence(PresenceStatus.Online, this.#session);
      await connection.publish(topics.presence(this.deviceId), encode(online), QoS.AtLeastOnce, true);
      await connection.publish(
        topics.birth(this.deviceId),
        encode(firmware.birth(this.#session)),
        QoS.AtLeastOnce,
        false,
      );
      const state = firmware.stateReport(StateReason.Connect);
      await connection.publish(topics.state(this.deviceId), encode(state), QoS.AtLeastOnce, false);
    } catch (error) {
      this.#emitError('publish', `session start failed: ${String(error)}`);
      return;
    }
    if (this.#connection !== connection) return;
    this.#refill();
    this.#tokens -= 3;
    for (const observer of this.#observers) {
      for (const channel of ['presence', 'birth', 'state']) observer.published?.(channel);
    }
    this.#ready = true;
    this.options.logger.debug({ deviceId: this.deviceId, session: this.#session }, 'connected');
    for (const observer of this.#observers) observer.connected?.();
    this.#pump();
  }

  #lost(reason: string): void {
    const wasReady = this.#ready;
    this.#ready = false;
    this.#pumpTimer?.cancel();
    this.#pumpTimer = undefined;
    this.#connection = undefined;
    this.#backoff.disconnected(this.options.clock.now());
    if (wasReady) {
      this.options.logger.info({ deviceId: this.deviceId, reason }, 'connection lost');
      for (const observer of this.#observers) observer.disconnected?.(reason);
    } else if ((this.#backoff.attempt & (this.#backoff.attempt + 1)) === 0) {
      // Attempts 1, 2, 4, 8…: a lock that cannot connect says why, without flooding the log.
      this.options.logger.info(
        { deviceId: this.deviceId, reason, attempt: this.#backoff.attempt + 1 },
        'cannot connect',
      );
    }
    if (!this.#running || this.#offline) return;
    const delay = this.#backoff.nextDelayMs();
    this.options.logger.debug({ deviceId: this.deviceId, delay, reason }, 'reconnecting');
    this.#retry = this.options.clock.setTimer(delay, () => {
      this.#retry = undefined;
      if (this.#running && this.#connection === undefined) this.#open();
    });
  }

  #onMessage(topic: string, payload: Uint8Array): void {
    for (const observer of this.#observers) observer.received?.();
    if (topic !== topics.command(this.deviceId)) {
      this.#emitError('decode', `not my command topic: ${topic}`);
      return;
    }
    const decoded = decode(Channel.Command, payload);
    if (!decoded.ok) {
      this.options.logger.warn(
        { deviceId: this.deviceId, error: decoded.error },
        'dropped an undecodable command',
      );
      this.#emitError('decode', decoded.error.code);
      return;
    }
    this.options.firmware.handleCommand(decoded.message).catch((error: unknown) => {
      this.options.logger.error({ deviceId: this.deviceId, err: error }, 'command failed');
      this.#emitError('command', String(error));
    });
  }

  #send(message: TLockOutbound): void {
    const item: TQueued = {
      channel: message.type,
      topic: topics[message.type](this.deviceId),
      payload: encode(message),
      qos: CHANNEL_QOS[message.type],
      retain: false,
    };
    this.#enqueue(item);
    this.#pump();
  }

  #enqueue(item: TQueued, front = false): void {
    if (front) this.#queue.unshift(item);
    else this.#queue.push(item);
    const max = this.options.maxQueued ?? 500;
    while (this.#queue.length > max) {
      const telemetry = this.#queue.findIndex((entry) => entry.channel === 'telemetry');
      this.#queue.splice(telemetry === -1 ? 0 : telemetry, 1);
    }
  }

  #refill(): void {
    const now = this.options.clock.now();
    this.#tokens = Math.min(this.#rate, this.#tokens + ((now - this.#tokensAt) / 1000) * this.#rate);
    this.#tokensAt = now;
  }

  /** Publishes what is queued, within the publish budget; the rest waits for the next token. */
  #pump(): void {
    const connection = this.#connection;
    if (!this.#ready || connection === undefined || this.#pumpTimer !== undefined) return;
    this.#refill();
    while (this.#queue.length > 0 && this.#tokens >= 1) {
      const item = this.#queue.shift();
      if (item === undefined) break;
      this.#tokens -= 1;
      this.#publish(connection, item);
    }
    if (this.#queue.length === 0) return;
    const waitMs = Math.ceil(((1 - this.#tokens) / this.#rate) * 1000);
    this.#pumpTimer = this.options.clock.setTimer(waitMs, () => {
      this.#pumpTimer = undefined;
      this.#pump();
    });
  }

  #publish(connection: TMqttConnection, item: TQueued): void {
    connection.publish(item.topic, item.payload, item.qos, item.retain).then(
      () => {
        for (const observer of this.#observers) observer.published?.(item.channel);
      },
      (error: unknown) => {
        // QoS 1 messages go out again on the next connection (receivers drop repeated ids).
        if (item.qos === QoS.AtLeastOnce && this.#running) this.#enqueue(item, true);
        this.#emitError('publish', String(error));
      },
    );
  }

  #emitError(kind: 'publish' | 'decode' | 'command', detail: string): void {
    for (const observer of this.#observers) observer.error?.(kind, detail);
  }
}
