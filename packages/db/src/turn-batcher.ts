export interface TurnBatcherOptions<T, R> {
  /** Items per batch at most (bounds the statements' arrays and the transaction's length). */
  maxBatchSize: number;
  /** Batches running at the same time at most (bounds the pool connections they hold). */
  maxBatches: number;
  /**
   * Settles one batch: one result per item, in the items' order. A throw fails the whole batch; its
   * items are then run again one at a time, so one bad item fails alone.
   */
  run(items: T[]): Promise<R[]>;
}

interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Gathers the calls made in one turn of the event loop into one batch: a burst of acks, command steps
 * or reconciliations then costs one set-based statement or transaction instead of one per call; under
 * light load a batch is a single item and runs on the next turn. Used by the gateway and the worker
 * (`@lockstep/db/turn-batcher`, which loads nothing else). Calls arriving while `maxBatches` batches are running wait
 * for the next free slot, and go together.
 */
export class TurnBatcher<T, R> {
  private readonly waiting: Waiting<T, R>[] = [];
  private running = 0;
  private scheduled = false;

  constructor(private readonly options: TurnBatcherOptions<T, R>) {
    if (options.maxBatchSize < 1 || options.maxBatches < 1) {
      throw new Error('TurnBatcher: maxBatchSize and maxBatches must be at least 1');
    }
  }

  /** Items waiting for a batch (not those already running). */
  get pending(): number {
    return this.waiting.length;
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.waiting.length > 0 && this.running < this.options.maxBatches) {
        const batch = this.waiting.splice(0, this.options.maxBatchSize);
        this.running++;
        void this.runBatch(batch).finally(() => {
          this.running--;
          if (this.waiting.length > 0) this.schedule();
        });
      }
    });
  }

  /** Never rejects: every item is settled. */
  private async runBatch(batch: Waiting<T, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.options.run(batch.map((w) => w.item));
      if (results.length !== batch.length) {
        throw new Error(`TurnBatcher: ${results.length} results for ${batch.length} items`);
      }
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const waiting of batch) await this.runBatch([waiting]);
      return;
    }
    batch.forEach((waiting, i) => waiting.resolve(results[i] as R));
  }
}
