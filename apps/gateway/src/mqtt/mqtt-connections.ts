import { type Writable } from 'node:stream';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { type PublishConnection } from '../commands/publisher-pool.js';
import { type Logger } from '../observability/logger.js';
import { type GatewayMetrics } from '../observability/metrics.js';

export interface BrokerEndpoint {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  protocolVersion: 4 | 5;
}

type SendPacket = (
  packet: { cmd: string; messageId?: number; reasonCode?: number },
  cb?: (err?: Error) => void,
  ...rest: unknown[]
) => void;

/**
 * Messages an ingest connection holds unstored at most before it stops reading from the broker. The
 * broker is configured to keep at most 1,000 unacknowledged per connection (`max_inflight_messages`),
 * but Mosquitto 2.0.11 does not hold to it once PUBACKs come late: it sent the benchmark's gateway
 * 265,000 messages at once, whose rows, promises and closures then filled a 1.4 GB heap (GC was a third
 * of the event loop). 2,500 per connection fills the batch writers (500 rows × 4 in flight) and keeps
 * the heap small (bench, final code: 1,000 / 2,500 / 5,000 within noise, 29–32k rows/s).
 */
export const DEFAULT_MAX_UNSTORED = 2_500;

/** A QoS 1 message waiting for its PUBACK, in arrival order. */
interface HeldAck {
  messageId: number;
  generation: number;
  /** Its row is committed (or it was rejected): the PUBACK may go once every earlier one has. */
  settled: boolean;
  /** The handler failed: no PUBACK, the broker redelivers it on the next connection. */
  failed: boolean;
}

/**
 * An ingest connection: subscribes to the device filters and hands every message to `onMessage`.
 *
 * A QoS 1 PUBACK is sent only after `onMessage` has resolved, i.e. after the row is committed, so a
 * gateway that dies mid-batch leaves the message unacknowledged and the broker redelivers it (the
 * (device_id, message_id) key then stores it once). MQTT.js acknowledges as soon as its `handleMessage`
 * hook returns and processes packets one at a time, so waiting there would serialise ingestion; instead
 * the hook returns at once and MQTT.js's own PUBACK is swallowed (MQTT.js 5's `_sendPacket`, pinned at
 * 5.16.0); the connection writes the PUBACKs itself, in arrival order (MQTT 3.1.1 §4.6), as their
 * messages are stored — all those one store releases in a single socket write.
 *
 * Flow control: with `maxUnstored` messages handed over and not yet stored, the hook holds MQTT.js's
 * callback, so MQTT.js stops reading the socket and the broker keeps the rest queued (MQTT.js's
 * documented back-pressure through `handleMessage`).
 */
export class IngestConnection {
  readonly client: MqttClient;
  private generation = 0;
  private up = false;
  /** PUBACKs not yet written, oldest first (from `ackHead`). */
  private acks: HeldAck[] = [];
  private ackHead = 0;
  /** Message ids whose PUBACK MQTT.js is about to send: the connection sends it instead. */
  private readonly swallow = new Set<number>();
  private unstored = 0;
  /** MQTT.js's callback held while the window is full. */
  private paused: ((error?: Error) => void) | undefined;
  private drained: (() => void) | undefined;
  /** close() was called: nothing new is read. */
  private closing = false;

  constructor(
    endpoint: BrokerEndpoint,
    readonly clientId: string,
    private readonly filters: string[],
    private readonly onMessage: (topic: string, payload: Uint8Array) => Promise<void>,
    private readonly logger: Logger,
    private readonly metrics: GatewayMetrics,
    private readonly maxUnstored = DEFAULT_MAX_UNSTORED,
  ) {
    const options: IClientOptions = {
      clientId,
      username: endpoint.username,
      password: endpoint.password,
      protocolVersion: endpoint.protocolVersion,
      // Persistent session: the broker keeps our subscriptions and queues QoS 1 messages while we restart.
      clean: false,
      reconnectPeriod: 1_000,
      connectTimeout: 10_000,
      keepalive: 30,
      // Subscriptions are (re)made by us when the broker has no session for us (see 'connect').
      resubscribe: false,
      ...(endpoint.protocolVersion === 5
        ? { properties: { sessionExpiryInterval: 3_600, receiveMaximum: maxUnstored } }
        : {}),
      // MQTT.js formats a debug line per packet step even when debugging is off (~1.3% of the ingest
      // CPU profile); keep its logger only when DEBUG asks for some.
      ...(process.env.DEBUG ? {} : { log: () => undefined }),
    };
    this.client = mqtt.connect(endpoint.url, { ...options, manualConnect: true });
    const client = this.client as unknown as {
      _sendPacket: SendPacket;
      handleMessage: MqttClient['handleMessage'];
    };
    const send = client._sendPacket.bind(this.client);
    client._sendPacket = (packet, cb, ...rest) => {
      if (
        packet.cmd === 'puback' &&
        packet.messageId !== undefined &&
        this.swallow.delete(packet.messageId)
      ) {
        cb?.(); // let MQTT.js read the next packet
        return;
      }
      send(packet, cb, ...rest);
    };
    client.handleMessage = (packet, callback) => {
      if (packet.cmd !== 'publish') {
        callback();
        return;
      }
      // Closing: take nothing more, and (the callback never called) send no PUBACK, so the broker keeps
      // the message for the next session.
      if (this.closing) return;
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      this.unstored++;
      const done = this.onMessage(packet.topic, payload);
      if (packet.qos > 0 && packet.messageId !== undefined) {
        const ack: HeldAck = {
          messageId: packet.messageId,
          generation: this.generation,
          settled: false,
          failed: false,
        };
        this.acks.push(ack);
        this.swallow.add(packet.messageId);
        done.then(
          () => this.settled(ack),
          (error: unknown) => {
            ack.failed = true;
            this.logger.error(
              { err: error, clientId },
              'ingest handler rejected: message left unacknowledged',
            );
            this.settled(ack);
          },
        );
      } else {
        done.then(
          () => this.settled(undefined),
          () => this.settled(undefined),
        );
      }
      if (this.unstored >= this.maxUnstored) this.paused = callback;
      else callback();
    };
    this.client.on('connect', (connack) => {
      this.up = true;
      this.generation++;
      // PUBACKs of the previous connection must not go out on this one: the broker redelivers those.
      this.acks = [];
      this.ackHead = 0;
      this.swallow.clear();
      // A callback held for the previous connection's packet reader: called with an error, so MQTT.js
      // sends no PUBACK for that packet (its id belongs to the previous connection) and the superseded
      // reader drops what it still had. This connection pauses on its own.
      const stale = this.paused;
      this.paused = undefined;
      stale?.(new Error('connection superseded'));
      this.metrics.connections.inc({ role: 'ingest' });
      this.logger.info({ clientId, sessionPresent: connack.sessionPresent }, 'ingest connection up');
      if (!connack.sessionPresent) this.subscribe();
    });
    this.client.on('close', () => {
      if (this.up) this.metrics.connections.dec({ role: 'ingest' });
      this.up = false;
    });
    this.client.on('error', (error) => this.logger.warn({ err: error, clientId }, 'ingest connection error'));
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onConnect = () => {
        this.client.off('error', onError);
        resolve();
      };
      const onError = (error: Error) => {
        this.client.off('connect', onConnect);
        reject(error);
      };
      this.client.once('connect', onConnect);
      this.client.once('error', onError);
      this.client.connect();
    });
  }

  /** Resolves once the subscriptions are granted; refuses if the broker denies one. */
  private subscribe(): void {
    this.client.subscribe(this.filters, { qos: 1 }, (error, granted) => {
      if (error) {
        this.logger.error({ err: error, clientId: this.clientId }, 'subscribe failed');
        return;
      }
      const denied = (granted ?? []).filter((g) => g.qos === 128);
      if (denied.length > 0) {
        this.logger.error(
          { clientId: this.clientId, denied: denied.map((d) => d.topic) },
          'broker denied subscriptions',
        );
      } else {
        this.logger.info({ clientId: this.clientId, filters: this.filters }, 'subscribed');
      }
    });
  }

  /** A message was stored (or rejected): reopen the window, write the PUBACKs now in order. */
  private settled(ack: HeldAck | undefined): void {
    this.unstored--;
    if (ack) {
      ack.settled = true;
      if (this.acks[this.ackHead] === ack) this.writeAcks();
    }
    if (this.paused && this.unstored < this.maxUnstored) {
      const resume = this.paused;
      this.paused = undefined;
      resume();
    }
    if (this.unstored === 0 && this.drained) {
      const drained = this.drained;
      this.drained = undefined;
      drained();
    }
  }

  /**
   * Writes the PUBACKs at the head of the queue whose messages are settled, in one write: 4 bytes each
   * (MQTT 3.1.1 §3.4; MQTT 5 §3.4.2.1 allows the same form for reason 0 without properties).
   */
  private writeAcks(): void {
    const acks = this.acks;
    let end = this.ackHead;
    while (end < acks.length && (acks[end] as HeldAck).settled) end++;
    const stream = (this.client as unknown as { stream?: Writable }).stream;
    const live = this.client.connected && stream !== undefined;
    let bytes: Buffer | undefined;
    let n = 0;
    for (let i = this.ackHead; i < end; i++) {
      const ack = acks[i] as HeldAck;
      if (ack.failed || ack.generation !== this.generation || !live) continue;
      bytes ??= Buffer.allocUnsafe((end - i) * 4);
      bytes[n] = 0x40;
      bytes[n + 1] = 0x02;
      bytes.writeUInt16BE(ack.messageId, n + 2);
      n += 4;
    }
    if (end === acks.length) {
      this.acks = [];
      this.ackHead = 0;
    } else {
      this.ackHead = end;
      // Drop the written prefix now and then, so the array does not grow for ever.
      if (end > 4_096) {
        this.acks = acks.slice(end);
        this.ackHead = 0;
      }
    }
    if (bytes && stream) stream.write(n === bytes.length ? bytes : bytes.subarray(0, n));
  }

  /**
   * Stops reading (what the broker still has stays queued for the session, unacknowledged), waits until
   * every message already handed over is stored and acknowledged, then disconnects.
   */
  async close(): Promise<void> {
    this.closing = true;
    if (this.unstored > 0) {
      await new Promise<void>((resolve) => {
        this.drained = resolve;
      });
    }
    await this.client.endAsync();
  }
}

/** A publisher connection (commands), for the rate-limited pool. */
export class PublisherConnection implements PublishConnection {
  readonly client: MqttClient;

  constructor(
    endpoint: BrokerEndpoint,
    readonly name: string,
    private readonly logger: Logger,
    metrics: GatewayMetrics,
  ) {
    this.client = mqtt.connect(endpoint.url, {
      clientId: name,
      username: endpoint.username,
      password: endpoint.password,
      protocolVersion: endpoint.protocolVersion,
      clean: true,
      reconnectPeriod: 1_000,
      connectTimeout: 10_000,
      keepalive: 30,
      manualConnect: true,
    });
    let up = false;
    this.client.on('connect', () => {
      up = true;
      metrics.connections.inc({ role: 'publish' });
    });
    this.client.on('close', () => {
      if (up) metrics.connections.dec({ role: 'publish' });
      up = false;
    });
    this.client.on('error', (error) =>
      this.logger.warn({ err: error, clientId: name }, 'publisher connection error'),
    );
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onConnect = () => {
        this.client.off('error', onError);
        resolve();
      };
      const onError = (error: Error) => {
        this.client.off('connect', onConnect);
        reject(error);
      };
      this.client.once('connect', onConnect);
      this.client.once('error', onError);
      this.client.connect();
    });
  }

  isConnected(): boolean {
    return this.client.connected;
  }

  async publish(topic: string, payload: Uint8Array, qos: 0 | 1): Promise<void> {
    await this.client.publishAsync(topic, Buffer.from(payload), { qos });
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
