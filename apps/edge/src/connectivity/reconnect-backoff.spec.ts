import { describe, expect, it } from 'vitest';
import { ReconnectBackoff } from './reconnect-backoff.js';

describe('ReconnectBackoff', () => {
  it('doubles up to the cap, with jitter within the upper half', () => {
    const low = new ReconnectBackoff({ minMs: 1_000, maxMs: 8_000, resetAfterMs: 30_000 }, () => 0);
    expect([1, 2, 3, 4, 5].map(() => low.nextDelayMs())).toEqual([500, 1_000, 2_000, 4_000, 4_000]);
    const high = new ReconnectBackoff({ minMs: 1_000, maxMs: 8_000, resetAfterMs: 30_000 }, () => 0.999_999);
    expect([1, 2, 3, 4, 5].map(() => high.nextDelayMs())).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it('starts over after a connection that lasted, not after a short one', () => {
    const backoff = new ReconnectBackoff({ minMs: 1_000, maxMs: 60_000, resetAfterMs: 30_000 }, () => 0);
    backoff.nextDelayMs();
    backoff.nextDelayMs();
    backoff.connected(0);
    backoff.disconnected(5_000);
    expect(backoff.nextDelayMs()).toBe(2_000);
    backoff.connected(10_000);
    backoff.disconnected(40_000);
    expect(backoff.nextDelayMs()).toBe(500);
  });
});
