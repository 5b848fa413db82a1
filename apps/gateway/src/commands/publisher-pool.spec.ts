import { describe, expect, it } from 'vitest';
import { ManualClock } from '../observability/clock.js';
import { PublisherPool, type PublishConnection } from './publisher-pool.js';
import { SlidingWindowRateLimiter } from './rate-limiter.js';

const flushMicrotasks = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

function connection(name: string, log: string[], connected = true): PublishConnection & { up: boolean } {
  return {
    name,
    up: connected,
    isConnected() {
      return this.up;
    },
    publish(topic) {
      log.push(`${name}:${topic}`);
      return Promise.resolve();
    },
  };
}

describe('SlidingWindowRateLimiter', () => {
  it('allows the limit in a window and frees a slot when the oldest leaves it', () => {
    const clock = new ManualClock(0);
    const limiter = new SlidingWindowRateLimiter(clock, 100);
    let taken = 0;
    while (limiter.tryTake()) taken++;
    expect(taken).toBe(100);
    expect(limiter.waitMs()).toBe(1_000);
    clock.advance(999);
    expect(limiter.tryTake()).toBe(false);
    clock.advance(1);
    expect(limiter.tryTake()).toBe(true);
    expect(limiter.tryTake()).toBe(true);
  });
});

describe('PublisherPool', () => {
  it('spreads publishes round robin and holds each connection to its rate', async () => {
    const clock = new ManualClock(0);
    const log: string[] = [];
    const pool = new PublisherPool([connection('a', log), connection('b', log)], clock, 2);
    const sent = Array.from({ length: 6 }, (_, i) => pool.publish(`t${i}`, new Uint8Array(), 1));
    await flushMicrotasks();
    // Two connections × 2 per second.
    expect(log).toEqual(['a:t0', 'b:t1', 'a:t2', 'b:t3']);
    clock.advance(999);
    await flushMicrotasks();
    expect(log).toHaveLength(4);
    clock.advance(1);
    await flushMicrotasks();
    expect(log.slice(4)).toEqual(['a:t4', 'b:t5']);
    await Promise.all(sent);
  });

  it('skips a disconnected connection', async () => {
    const clock = new ManualClock(0);
    const log: string[] = [];
    const down = connection('down', log, false);
    const pool = new PublisherPool([down, connection('up', log)], clock, 100);
    await pool.publish('x', new Uint8Array(), 1);
    await pool.publish('y', new Uint8Array(), 1);
    expect(log).toEqual(['up:x', 'up:y']);
  });

  it('never exceeds 100 publishes in any second on one connection', async () => {
    const clock = new ManualClock(0);
    const times: number[] = [];
    const conn: PublishConnection = {
      name: 'c',
      isConnected: () => true,
      publish: () => {
        times.push(clock.now());
        return Promise.resolve();
      },
    };
    const pool = new PublisherPool([conn], clock, 100);
    const all = Array.from({ length: 350 }, () => pool.publish('t', new Uint8Array(), 1));
    for (let t = 0; t < 4_000; t += 5) {
      await flushMicrotasks();
      clock.advance(5);
    }
    await Promise.all(all);
    expect(times).toHaveLength(350);
    for (const start of times) {
      expect(times.filter((t) => t >= start && t < start + 1_000).length).toBeLessThanOrEqual(100);
    }
  });
});
