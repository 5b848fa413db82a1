import { lockClock } from '@lockstep/lock-protocol';
import { type TClock, type TTimer } from './clock.js';

/**
 * The lock's clock corrected by the cloud's timestamps (DESIGN §4, PROTOCOL.md §6.5): lock-protocol's
 * `lockClock`, never earlier than the newest command `ts` seen. A command's `ts` is when the cloud sent
 * it, so true time is at least that; moving back on a message's word would let an old QoS 1 redelivery
 * rewind the clock and revive an expired `set_code`. A fast local clock errs towards refusing.
 */
export class CloudCorrectedClock implements TClock {
  #newestCommandTs: number;

  constructor(
    private readonly local: TClock,
    newestCommandTs = 0,
  ) {
    this.#newestCommandTs = newestCommandTs;
  }

  now(): number {
    return lockClock(this.local.now(), this.#newestCommandTs);
  }

  setTimer(delayMs: number, callback: () => void): TTimer {
    return this.local.setTimer(delayMs, callback);
  }

  /** Newest command timestamp seen (kept in non-volatile memory). */
  get newestCommandTs(): number {
    return this.#newestCommandTs;
  }

  /** Takes a command's `ts` into account; returns true when it moved the floor. */
  observeCommandTimestamp(commandTs: number): boolean {
    if (commandTs <= this.#newestCommandTs) return false;
    this.#newestCommandTs = commandTs;
    return true;
  }
}
