import { type TQoS } from '@lockstep/lock-protocol';
import {
  TransportName,
  type TConnectionEvents,
  type TConnectionOptions,
  type TMqttConnection,
  type TMqttTransport,
} from '../connectivity/transport.js';

export interface TPublished {
  topic: string;
  payload: string;
  qos: TQoS;
  retain: boolean;
}

/** A transport whose connections the test opens, breaks and feeds by hand. */
export class MemoryTransport implements TMqttTransport {
  readonly name = TransportName.MqttJs5;
  readonly holdsProcessOpen = false;
  readonly opened: { options: TConnectionOptions; events: TConnectionEvents; closed: boolean }[] = [];
  readonly published: TPublished[] = [];
  readonly subscriptions: string[] = [];

  open(options: TConnectionOptions, events: TConnectionEvents): TMqttConnection {
    const entry = { options, events, closed: false };
    this.opened.push(entry);
    const live = () => {
      if (entry.closed) return Promise.reject(new Error('connection closed'));
      return Promise.resolve();
    };
    return {
      publish: (topic, payload, qos, retain) =>
        live().then(() => {
          this.published.push({ topic, payload: new TextDecoder().decode(payload), qos, retain });
        }),
      subscribe: (filter) => live().then(() => void this.subscriptions.push(filter)),
      close: () => {
        entry.closed = true;
        return Promise.resolve();
      },
      abort: () => {
        entry.closed = true;
        return Promise.resolve();
      },
    };
  }

  get current() {
    const last = this.opened[this.opened.length - 1];
    if (last === undefined) throw new Error('no connection opened');
    return last;
  }

  /** The broker accepted the latest connection. */
  accept(): void {
    this.current.events.connected({ sessionPresent: false });
  }

  /** The network dropped the latest connection. */
  drop(reason = 'network down'): void {
    this.current.closed = true;
    this.current.events.closed(reason);
  }

  deliver(topic: string, payload: string | Uint8Array): void {
    this.current.events.message(
      topic,
      typeof payload === 'string' ? new TextEncoder().encode(payload) : payload,
    );
  }

  channels(): string[] {
    return this.published.map((entry) => entry.topic.split('/')[3] ?? '');
  }
}
