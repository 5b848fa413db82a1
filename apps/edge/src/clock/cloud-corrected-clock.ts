import { type TClock, type TTimer } from './clock.js';

/**
 * The lock's clock corrected by the cloud's timestamps (DESIGN §4). A command's `ts` is when the cloud
 * sent it, so the true time at receipt is at least that: the correction only ever moves the lock's
 * time forward. Moving it back on a message's word would let an old QoS 1 redelivery (whose `ts` is
 * old) rewind the clock and revive an expired `set_code`; a lock whose own clock runs fast errs towards
 * refusing, which is the safe side.
 */
export class CloudCorrectedClock implements TClock {
  #offsetMs: number;

  constructor(
    private readonly local: TClock,
    offsetMs = 0,
  ) {
    this.#offsetMs = Math.max(0, offsetMs);
  }

  now(): number {
    return this.local.now() + this.#offsetMs;
  }

  setTimer(delayMs: number, callback: () => void): TTimer {
    return this.local.setTimer(delayMs, callback);
  }

  /** Milliseconds added to the local clock (kept in non-volatile memory). */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Takes a cloud timestamp into account; returns true when the correction changed. */
  observeCloudTimestamp(cloudTs: number): boolean {
    const behind = cloudTs - this.local.now();
    if (behind <= this.#offsetMs) return false;
    this.#offsetMs = behind;
    return true;
  }
}
