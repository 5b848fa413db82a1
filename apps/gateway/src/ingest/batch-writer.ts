import { type Clock, type TimerHandle } from '../observability/clock.js';

/** Outcome of writing one batch. */
export interface BatchWriteResult<R> {
  /** New rows the caller announces after the commit (empty where nothing is, or it is in the outbox). */
  stored: R[];
  /** Items that were already stored (redeliveries); the rest are new. */
  duplicates: number;
}

export interface BatchWriterOptions<T, R> {
  name: string;
  /** Flush when this many items are buffered... */
  maxSize: number;
  /** ...or this long after the first buffered item. */
  maxWaitMs: number;
  /** Batches written at the same time (Postgres overlaps their commits). */
  maxConcurrent?: number;
  clock: Clock;
  write(items: T[]): Promise<BatchWriteResult<R>>;
  /** Called after each successful write (metrics, domain events); awaited before items resolve. */
  afterWrite?(result: BatchWriteResult<R>, items: T[], durationMs: number): Promise<void> | void;
  /** A data error (bad row) as opposed to a connection error; bad rows are isolated and dropped. */
  isDataError?(error: unknown): boolean;
  onDropped?(item: T, error: unknown): void;
  onWriteError?(error: unknown, attempt: number): void;
  /** Delay before retrying a failed write (connection errors are retried until they succeed). */
  retryDelayMs?(attempt: number): number;
}

interface Pending<T> {
  item: T;
  at: number;
  resolve(): void;
}

/**
 * Buffers rows and writes them in batches: at `maxSize` rows, or `maxWaitMs` after the oldest
 * buffered row, whichever comes first; up to `maxConcurrent` writes in flight. `add` resolves once the
 * row is durably written (or found already stored), so the caller acknowledges the MQTT message only
 * then. A write that fails on the connection is retried with backoff and its rows stay held; a data
 * error is narrowed down by writing rows one at a time, and only the offending rows are dropped.
 */
export class BatchWriter<T, R = unknown> {
  private buffer: Pending<T>[] = [];
  private timer: TimerHandle | undefined;
  private timerDue: number | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly options: BatchWriterOptions<T, R>) {}

  get pending(): number {
    return this.buffer.length;
  }

  add(item: T): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.options.name}: writer closed`));
    return new Promise<void>((resolve) => {
      this.buffer.push({ item, at: this.options.clock.now(), resolve });
      this.kick(false);
    });
  }

  /** Writes everything buffered now; resolves when nothing is buffered or in flight. */
  async flush(): Promise<void> {
    while (this.buffer.length > 0 || this.inFlight.size > 0) {
      this.kick(true);
      await Promise.race(this.inFlight);
    }
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.timerDue = undefined;
  }

  private kick(force: boolean): void {
    const { maxSize, maxWaitMs, clock } = this.options;
    const maxConcurrent = this.options.maxConcurrent ?? 1;
    while (this.inFlight.size < maxConcurrent && this.buffer.length > 0) {
      const oldest = this.buffer[0] as Pending<T>;
      const due = force || this.buffer.length >= maxSize || clock.now() - oldest.at >= maxWaitMs;
      if (!due) break;
      const batch = this.buffer.splice(0, maxSize);
      const flight: Promise<void> = this.writeBatch(batch).finally(() => {
        this.inFlight.delete(flight);
        this.kick(false);
      });
      this.inFlight.add(flight);
    }
    // One timer for the oldest buffered row's deadline, re-armed only when that deadline changes (not
    // on every add: at tens of thousands of rows a second, a timer per row is measurable).
    const oldest = this.buffer[0];
    const due = oldest && this.inFlight.size < maxConcurrent ? oldest.at + maxWaitMs : undefined;
    if (due === this.timerDue) return;
    this.timer?.cancel();
    this.timer = undefined;
    this.timerDue = due;
    if (due !== undefined) {
      this.timer = clock.setTimeout(
        () => {
          this.timer = undefined;
          this.timerDue = undefined;
          this.kick(false);
        },
        Math.max(0, due - clock.now()),
      );
    }
  }

  private async writeBatch(batch: Pending<T>[]): Promise<void> {
    const items = batch.map((p) => p.item);
    for (let attempt = 1; ; attempt++) {
      const started = this.options.clock.now();
      try {
        const result = await this.options.write(items);
        await this.afterWrite(result, items, this.options.clock.now() - started);
        for (const p of batch) p.resolve();
        return;
      } catch (error) {
        this.options.onWriteError?.(error, attempt);
        if (this.options.isDataError?.(error)) {
          await this.writeOneByOne(batch);
          return;
        }
        await this.sleep(this.options.retryDelayMs?.(attempt) ?? Math.min(5_000, 50 * 2 ** attempt));
      }
    }
  }

  private async writeOneByOne(batch: Pending<T>[]): Promise<void> {
    for (const p of batch) {
      for (let attempt = 1; ; attempt++) {
        const started = this.options.clock.now();
        try {
          const result = await this.options.write([p.item]);
          await this.afterWrite(result, [p.item], this.options.clock.now() - started);
          break;
        } catch (error) {
          if (this.options.isDataError?.(error) ?? true) {
            this.options.onDropped?.(p.item, error);
            break;
          }
          this.options.onWriteError?.(error, attempt);
          await this.sleep(this.options.retryDelayMs?.(attempt) ?? Math.min(5_000, 50 * 2 ** attempt));
        }
      }
      p.resolve();
    }
  }

  private async afterWrite(result: BatchWriteResult<R>, items: T[], durationMs: number): Promise<void> {
    try {
      await this.options.afterWrite?.(result, items, durationMs);
    } catch {
      // After-write work (events, metrics) must never make a stored batch look unstored.
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.options.clock.setTimeout(resolve, ms));
  }
}

/** SQLSTATE classes that mean "this row is bad", as opposed to "the database is unreachable". */
export function isPostgresDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || code.length !== 5) return false;
  return ['22', '23', '42'].includes(code.slice(0, 2));
}
