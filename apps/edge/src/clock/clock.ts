/**
 * Time as the firmware sees it. Every behaviour takes a clock instead of calling `Date.now()` or
 * `setTimeout`, so tests drive time with {@link ManualClock} and never sleep.
 */
export interface TTimer {
  /** Stops the timer; calling it after the timer fired, or twice, does nothing. */
  cancel(): void;
}

export interface TClock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `callback` once, `delayMs` from now. */
  setTimer(delayMs: number, callback: () => void): TTimer;
}
