import { type TLockOutbound } from '../firmware/lock-firmware.js';

/** Counters for the fleet's summary line; `interval()` returns and resets the per-interval part. */
export class FleetStats {
  connected = 0;
  published = 0;
  received = 0;
  errors = 0;
  readonly events = new Map<string, number>();
  readonly acks = { applied: 0, rejected: 0 };
  #intervalPublished = 0;
  #intervalReceived = 0;
  #intervalErrors = 0;
  #intervalEvents = new Map<string, number>();

  recordPublished(): void {
    this.published++;
    this.#intervalPublished++;
  }

  recordReceived(): void {
    this.received++;
    this.#intervalReceived++;
  }

  recordError(): void {
    this.errors++;
    this.#intervalErrors++;
  }

  recordOutbound(message: TLockOutbound): void {
    if (message.type === 'event') {
      this.events.set(message.event, (this.events.get(message.event) ?? 0) + 1);
      this.#intervalEvents.set(message.event, (this.#intervalEvents.get(message.event) ?? 0) + 1);
    }
    if (message.type === 'ack') this.acks[message.result]++;
  }

  #lastSummaryAt: number | undefined;

  /** `connected=… out=… msg/s in=… msg/s errors=… events: …` since the previous line (or `startedAt`). */
  summaryLine(total: number, now: number, startedAt: number, queued: number): string {
    const seconds = Math.max(0.001, (now - (this.#lastSummaryAt ?? startedAt)) / 1000);
    const elapsedSeconds = (now - startedAt) / 1000;
    this.#lastSummaryAt = now;
    const out = this.#intervalPublished / seconds;
    const inbound = this.#intervalReceived / seconds;
    const events = [...this.#intervalEvents.entries()].map(([kind, count]) => `${kind}=${count}`).join(' ');
    const line =
      `t=${Math.round(elapsedSeconds)}s connected=${this.connected}/${total} out=${out.toFixed(1)} msg/s ` +
      `in=${inbound.toFixed(1)} msg/s errors=${this.#intervalErrors} queued=${queued} ` +
      `acks=${this.acks.applied}/${this.acks.rejected}${events === '' ? '' : ` | ${events}`}`;
    this.#intervalPublished = 0;
    this.#intervalReceived = 0;
    this.#intervalErrors = 0;
    this.#intervalEvents = new Map();
    return line;
  }
}
