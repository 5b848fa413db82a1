import { type Clock } from '../observability/clock.js';

/**
 * At most `limit` takes in any window of `windowMs` (sliding, exact). AWS IoT Core drops publishes
 * beyond 100/s on one connection; a token bucket with a burst would allow up to burst + rate in some
 * second, so each publisher connection keeps the times of its last `limit` publishes instead.
 */
export class SlidingWindowRateLimiter {
  private readonly times: number[];
  private head = 0;
  private count = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limit: number,
    private readonly windowMs = 1_000,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
    this.times = new Array<number>(limit).fill(0);
  }

  /** Takes a slot if the window has room. */
  tryTake(): boolean {
    if (this.waitMs() > 0) return false;
    const now = this.clock.now();
    if (this.count < this.limit) {
      this.times[(this.head + this.count) % this.limit] = now;
      this.count++;
    } else {
      this.times[this.head] = now;
      this.head = (this.head + 1) % this.limit;
    }
    return true;
  }

  /** Milliseconds until a slot frees up (0: now). */
  waitMs(): number {
    if (this.count < this.limit) return 0;
    const oldest = this.times[this.head] ?? 0;
    return Math.max(0, oldest + this.windowMs - this.clock.now());
  }
}
