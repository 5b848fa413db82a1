import {
  Channel,
  decodeFromTopic,
  encode,
  type TCommand,
  type TDeviceMessage,
} from '@lockstep/lock-protocol';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';

/** A stand-in for the gateway: records what a lock publishes and sends it commands. */
export class CloudDouble {
  readonly received: TDeviceMessage[] = [];
  readonly retained: TDeviceMessage[] = [];
  #waiters: { match: (m: TDeviceMessage) => boolean; resolve: (m: TDeviceMessage) => void }[] = [];

  private constructor(
    private readonly client: MqttClient,
    private readonly deviceId: string,
  ) {
    client.on('message', (topic, payload, packet) => {
      const decoded = decodeFromTopic(topic, new Uint8Array(payload));
      if (!decoded.ok || decoded.received.channel === Channel.Command) return;
      const message = decoded.received.message as TDeviceMessage;
      // Retained presence counts as received: after a reconnect it may be all that arrives in time.
      if (packet.retain) this.retained.push(message);
      this.received.push(message);
      this.#waiters = this.#waiters.filter((waiter) => {
        if (!waiter.match(message)) return true;
        waiter.resolve(message);
        return false;
      });
    });
  }

  static async connect(url: string, deviceId: string, options: IClientOptions = {}): Promise<CloudDouble> {
    const client = await connectAsync(url, {
      clientId: `cloud-double-${deviceId}-${process.pid}`,
      reconnectPeriod: 200,
      ...options,
    });
    await client.subscribeAsync(`lockstep/v1/${deviceId}/+`, { qos: 1 });
    return new CloudDouble(client, deviceId);
  }

  /** The next (or an already received, after `since`) message matching `match`. */
  next<T extends TDeviceMessage>(match: (m: TDeviceMessage) => m is T, since = 0): Promise<T> {
    const already = this.received.slice(since).find(match);
    if (already !== undefined) return Promise.resolve(already);
    return new Promise((resolve) => this.#waiters.push({ match, resolve: (m) => resolve(m as T) }));
  }

  mark(): number {
    return this.received.length;
  }

  async send(command: TCommand): Promise<void> {
    await this.client.publishAsync(`lockstep/v1/${this.deviceId}/cmd`, Buffer.from(encode(command)), {
      qos: 1,
    });
  }

  /** Clears the retained presence of locks a test ran (the shared broker persists retained messages). */
  static async clearRetainedPresence(url: string, deviceIds: readonly string[]): Promise<void> {
    const client = await connectAsync(url, { clientId: `cloud-double-cleanup-${process.pid}` });
    for (const id of deviceIds) {
      await client.publishAsync(`lockstep/v1/${id}/presence`, Buffer.alloc(0), { qos: 1, retain: true });
    }
    await client.endAsync();
  }

  /** Leaves no retained presence behind on the shared broker. */
  async close(): Promise<void> {
    if (this.client.connected) {
      await this.client
        .publishAsync(`lockstep/v1/${this.deviceId}/presence`, Buffer.alloc(0), { qos: 1, retain: true })
        .catch(() => undefined);
    }
    await this.client.endAsync(true);
  }
}

export const isType =
  <K extends TDeviceMessage['type']>(
    type: K,
    extra: (m: Extract<TDeviceMessage, { type: K }>) => boolean = () => true,
  ) =>
  (m: TDeviceMessage): m is Extract<TDeviceMessage, { type: K }> =>
    m.type === type && extra(m as Extract<TDeviceMessage, { type: K }>);
