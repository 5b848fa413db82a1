/**
 * Reconnect delays: exponential backoff with "equal jitter" — half the capped exponential delay, plus
 * a random share of the other half. The random half spreads a fleet that lost its broker at the same
 * instant; the fixed half means no lock hammers a broker that is still down. The attempt count resets
 * once a connection has stayed up for `resetAfterMs`.
 */
export interface TBackoffConfig {
  minMs: number;
  maxMs: number;
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: Readonly<TBackoffConfig> = Object.freeze({
  minMs: 1_000,
  maxMs: 60_000,
  resetAfterMs: 30_000,
});

export class ReconnectBackoff {
  #attempt = 0;
  #connectedAt: number | undefined;

  constructor(
    private readonly config: TBackoffConfig,
    /** Uniform in [0, 1). */
    private readonly random: () => number,
  ) {}

  /** Delay before the next connection attempt. */
  nextDelayMs(): number {
    const cap = Math.min(this.config.maxMs, this.config.minMs * 2 ** Math.min(this.#attempt, 30));
    this.#attempt++;
    return Math.round(cap / 2 + this.random() * (cap / 2));
  }

  connected(now: number): void {
    this.#connectedAt = now;
  }

  /** The connection was lost at `now`: a long-lived one starts the backoff over. */
  disconnected(now: number): void {
    if (this.#connectedAt !== undefined && now - this.#connectedAt >= this.config.resetAfterMs)
      this.#attempt = 0;
    this.#connectedAt = undefined;
  }

  get attempt(): number {
    return this.#attempt;
  }
}
