import { type Clock } from '../observability/clock.js';
import { SlidingWindowRateLimiter } from './rate-limiter.js';

/** One outgoing connection, as the pool needs it (an MQTT.js client in production). */
export interface PublishConnection {
  readonly name: string;
  isConnected(): boolean;
  /** Resolves when the broker acknowledged the publish (QoS 1). */
  publish(topic: string, payload: Uint8Array, qos: 0 | 1): Promise<void>;
}

/**
 * Spreads publishes over a pool of connections, each held to its own rate (sliding window). A publish
 * takes the first connected connection with a token, round robin; when every bucket is empty it waits
 * for the soonest token. Waiters are served in arrival order.
 */
export class PublisherPool {
  private readonly buckets: SlidingWindowRateLimiter[];
  private next = 0;
  private readonly waiters: (() => boolean)[] = [];
  private wakeScheduled = false;

  constructor(
    private readonly connections: readonly PublishConnection[],
    private readonly clock: Clock,
    ratePerConnection: number,
  ) {
    if (connections.length === 0) throw new RangeError('publisher pool needs at least one connection');
    this.buckets = connections.map(() => new SlidingWindowRateLimiter(clock, ratePerConnection));
  }

  async publish(topic: string, payload: Uint8Array, qos: 0 | 1 = 1): Promise<string> {
    const index = await this.acquire();
    const connection = this.connections[index] as PublishConnection;
    await connection.publish(topic, payload, qos);
    return connection.name;
  }

  private acquire(): Promise<number> {
    if (this.waiters.length === 0) {
      const index = this.tryAcquire();
      if (index !== undefined) return Promise.resolve(index);
    }
    return new Promise<number>((resolve) => {
      this.waiters.push(() => {
        const index = this.tryAcquire();
        if (index === undefined) return false;
        resolve(index);
        return true;
      });
      this.scheduleWake();
    });
  }

  private tryAcquire(): number | undefined {
    const n = this.connections.length;
    for (let i = 0; i < n; i++) {
      const index = (this.next + i) % n;
      if (!this.connections[index]?.isConnected()) continue;
      if (this.buckets[index]?.tryTake()) {
        this.next = (index + 1) % n;
        return index;
      }
    }
    return undefined;
  }

  private scheduleWake(): void {
    if (this.wakeScheduled || this.waiters.length === 0) return;
    this.wakeScheduled = true;
    const connected = this.buckets.filter((_, i) => this.connections[i]?.isConnected());
    // No connection up: poll; otherwise wake when the soonest token is due.
    const delay = connected.length === 0 ? 100 : Math.max(1, Math.min(...connected.map((b) => b.waitMs())));
    this.clock.setTimeout(() => {
      this.wakeScheduled = false;
      while (this.waiters.length > 0) {
        const waiter = this.waiters[0];
        if (!waiter) break;
        if (!waiter()) break;
        this.waiters.shift();
      }
      this.scheduleWake();
    }, delay);
  }
}
