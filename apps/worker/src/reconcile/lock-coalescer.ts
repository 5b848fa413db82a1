/**
 * Collapses bursts of work for one key inside this process: while a run for a key is in progress,
 * further requests share one trailing run (with the strongest reason asked for), so an ack, a state
 * report and a domain event arriving together cost two reconciliations, not three. Different keys
 * never wait for each other.
 */
export class LockCoalescer<R, T> {
  private readonly active = new Map<string, { next: R | undefined; done: Promise<T> }>();

  constructor(private readonly stronger: (a: R, b: R) => R) {}

  run(key: string, reason: R, work: (reason: R) => Promise<T>): Promise<T> {
    const current = this.active.get(key);
    if (current) {
      current.next = current.next === undefined ? reason : this.stronger(current.next, reason);
      return current.done;
    }
    const entry: { next: R | undefined; done: Promise<T> } = {
      next: undefined,
      done: Promise.resolve() as Promise<T>,
    };
    this.active.set(key, entry);
    entry.done = (async () => {
      try {
        let runReason: R | undefined = reason;
        let result: T;
        do {
          result = await work(runReason);
          runReason = entry.next;
          entry.next = undefined;
        } while (runReason !== undefined);
        return result;
      } finally {
        this.active.delete(key);
      }
    })();
    return entry.done;
  }

  get size(): number {
    return this.active.size;
  }
}
