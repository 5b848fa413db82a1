import { type TClock, type TTimer } from './clock.js';

/**
 * The host's wall clock. Timers are unref'd: a lock's timers (auto-lock, lockout, telemetry) must never
 * be what keeps a process alive; the MQTT connection or the CLI decides that.
 */
export class SystemClock implements TClock {
  now(): number {
    return Date.now();
  }

  setTimer(delayMs: number, callback: () => void): TTimer {
    const handle = setTimeout(callback, Math.max(0, delayMs));
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  }
}
