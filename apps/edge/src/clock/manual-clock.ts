import { type TClock, type TTimer } from './clock.js';

interface TScheduled {
  at: number;
  seq: number;
  callback: () => void;
  cancelled: boolean;
}

/**
 * A clock that moves only when told to. `advance(ms)` fires every timer that falls due, in time order
 * (ties in scheduling order), including timers scheduled by the callbacks themselves.
 */
export class ManualClock implements TClock {
  #now: number;
  #seq = 0;
  #timers: TScheduled[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(delayMs: number, callback: () => void): TTimer {
    const entry: TScheduled = {
      // Millisecond resolution, like Date.now(): protocol timestamps are integers.
      at: this.#now + Math.max(0, Math.ceil(delayMs)),
      seq: this.#seq++,
      callback,
      cancelled: false,
    };
    this.#timers.push(entry);
    return {
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  /** Moves time forward by `ms`, firing due timers on the way. */
  advance(ms: number): void {
    const target = this.#now + Math.ceil(ms);
    for (;;) {
      const next = this.#nextDue(target);
      if (next === undefined) break;
      this.#timers.splice(this.#timers.indexOf(next), 1);
      this.#now = next.at;
      next.callback();
    }
    this.#now = target;
  }

  /** Timers not yet fired or cancelled. */
  pendingTimers(): number {
    return this.#timers.filter((timer) => !timer.cancelled).length;
  }

  #nextDue(target: number): TScheduled | undefined {
    this.#timers = this.#timers.filter((timer) => !timer.cancelled);
    let best: TScheduled | undefined;
    for (const timer of this.#timers) {
      if (timer.at > target) continue;
      if (best === undefined || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) {
        best = timer;
      }
    }
    return best;
  }
}
