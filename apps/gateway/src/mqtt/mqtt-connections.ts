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
  packet: { cmd: string; messageId?: number },
  cb?: (err?: Error) => void,
  ...rest: unknown[]
) => void;

/**
 * An ingest connection: subscribes to the device filters and hands every message to `onMessage`.
 *
 * A QoS 1 PUBACK is sent only after `onMessage` has resolved, i.e. after the row is committed, so a
 * gateway that dies mid-batch leaves the message unacknowledged and the broker redelivers it (the
 * (device_id, message_id) key then stores it once). MQTT.js acknowledges as soon as its `handleMessage`
 * hook returns and processes packets one at a time, so waiting there would serialise ingestion; instead
 * the hook returns at once and the PUBACK itself is held back (in arrival order, as MQTT 3.1.1 §4.6
 * requires) until its message is stored. This relies on MQTT.js 5's `_sendPacket`, pinned at 5.16.0 and
 * covered by the ingestion integration test.
 */
export class IngestConnection {
  readonly client: MqttClient;
  private generation = 0;
  private up = false;
  private ackChain: Promise<void> = Promise.resolve();
  private corked = false;
  private readonly deferred = new Map<number, { generation: number; done: Promise<void> }>();

  constructor(
    endpoint: BrokerEndpoint,
    readonly clientId: string,
    private readonly filters: string[],
    private readonly onMessage: (topic: string, payload: Uint8Array) => Promise<void>,
    private readonly logger: Logger,
    private readonly metrics: GatewayMetrics,
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
        ? { properties: { sessionExpiryInterval: 3_600, receiveMaximum: 1_000 } }
        : {}),
    };
    this.client = mqtt.connect(endpoint.url, { ...options, manualConnect: true });
    const client = this.client as unknown as {
      _sendPacket: SendPacket;
      handleMessage: MqttClient['handleMessage'];
    };
    const send = client._sendPacket.bind(this.client);
    client._sendPacket = (packet, cb, ...rest) => {
      const held =
        packet.cmd === 'puback' && packet.messageId !== undefined
          ? this.deferred.get(packet.messageId)
          : undefined;
      if (!held || packet.messageId === undefined) {
        send(packet, cb, ...rest);
        return;
      }
      this.deferred.delete(packet.messageId);
      cb?.(); // let MQTT.js read the next packet now
      this.ackChain = this.ackChain
        .then(() => held.done)
        .then(() => {
          if (held.generation === this.generation && this.client.connected) {
            this.corkUntilNextTurn();
            send(packet);
          }
        });
    };
    client.handleMessage = (packet, callback) => {
      if (packet.cmd === 'publish') {
        const publish = packet;
        const payload = typeof publish.payload === 'string' ? Buffer.from(publish.payload) : publish.payload;
        const done = this.onMessage(publish.topic, payload);
        if (publish.qos > 0 && publish.messageId !== undefined) {
          this.deferred.set(publish.messageId, { generation: this.generation, done });
        }
      }
      callback();
    };
    this.client.on('connect', (connack) => {
      this.up = true;
      this.generation++;
      this.deferred.clear();
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

  /**
   * A committed batch releases hundreds of PUBACKs in one turn of the event loop; corking the socket
   * until the next turn sends them in one write instead of one syscall each.
   */
  private corkUntilNextTurn(): void {
    if (this.corked) return;
    const stream = (this.client as unknown as { stream?: Writable }).stream;
    if (!stream || typeof stream.cork !== 'function') return;
    this.corked = true;
    stream.cork();
    setImmediate(() => {
      this.corked = false;
      stream.uncork();
    });
  }

  /** Waits for every held acknowledgement, then disconnects. */
  async close(): Promise<void> {
    await this.ackChain;
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
