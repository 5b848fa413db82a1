import { defaultJobOptions, type TQueueName, type TRelayQueue } from '@lockstep/queue';
import type pg from 'pg';

export interface TLeasedRelayOptions {
  batchSize?: number;
  idleMs?: number;
  errorBackoffMs?: number;
  /** How long a claimed batch stays invisible to other relays before it is claimed again. */
  leaseMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
  onRelayed?: (count: number) => void;
}

interface OutboxRow {
  id: string;
  queue: TQueueName;
  name: string;
  data: unknown;
  job_id: string | null;
  run_at: Date | null;
}

/**
 * Moves outbox rows to their BullMQ queues, at least once, without holding a transaction while it
 * enqueues: a batch is claimed with a lease (`outbox.claimed_until`) in one autocommit statement,
 * enqueued, then deleted. A relay that dies in between leaves the lease to expire and the rows are
 * claimed again (deterministic job ids collapse the repeats). `@lockstep/queue`'s OutboxRelay keeps a
 * row lock across `addBulk` instead, which on the embedded PGlite (one session shared by every
 * connection) blocks BullMQ's own Postgres connection forever; see /tmp/requests.md.
 */
export class LeasedOutboxRelay {
  readonly #pool: pg.Pool;
  readonly #queues: Partial<Record<TQueueName, TRelayQueue>>;
  readonly #batchSize: number;
  readonly #idleMs: number;
  readonly #errorBackoffMs: number;
  readonly #leaseMs: number;
  readonly #now: () => number;
  readonly #options: TLeasedRelayOptions;
  #running = false;
  #wake: (() => void) | undefined;
  #kicked = false;
  #loop: Promise<void> | undefined;

  constructor(
    pool: pg.Pool,
    queues: Partial<Record<TQueueName, TRelayQueue>>,
    options: TLeasedRelayOptions = {},
  ) {
    this.#pool = pool;
    this.#queues = queues;
    this.#batchSize = options.batchSize ?? 500;
    this.#idleMs = options.idleMs ?? 50;
    this.#errorBackoffMs = options.errorBackoffMs ?? 1_000;
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#now = options.now ?? Date.now;
    this.#options = options;
  }

  async relayOnce(): Promise<number> {
    const { rows } = await this.#pool.query<OutboxRow>(
      `UPDATE outbox o SET claimed_until = now() + make_interval(secs => $3::double precision / 1000)
       FROM (SELECT id FROM outbox
             WHERE queue = ANY($2::text[]) AND (claimed_until IS NULL OR claimed_until < now())
             ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) claim
       WHERE o.id = claim.id
       RETURNING o.id::text, o.queue, o.name, o.data, o.job_id, o.run_at`,
      [this.#batchSize, Object.keys(this.#queues), this.#leaseMs],
    );
    if (rows.length === 0) return 0;
    rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const ids = rows.map((row) => row.id);
    try {
      const now = this.#now();
      const byQueue = new Map<TQueueName, OutboxRow[]>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      for (const [name, batch] of byQueue) {
        const queue = this.#queues[name];
        if (!queue) continue;
        await queue.addBulk(
          batch.map((row) => ({
            name: row.name,
            data: row.data,
            opts: {
              ...defaultJobOptions,
              ...(row.job_id === null ? {} : { jobId: row.job_id }),
              ...(row.run_at === null ? {} : { delay: Math.max(0, row.run_at.getTime() - now) }),
            },
          })),
        );
      }
    } catch (error) {
      // Give the batch back at once rather than after the lease: the next attempt may succeed.
      await this.#pool
        .query(`UPDATE outbox SET claimed_until = NULL WHERE id = ANY($1::bigint[])`, [ids])
        .catch(() => undefined);
      throw error;
    }
    await this.#pool.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [ids]);
    this.#options.onRelayed?.(rows.length);
    return rows.length;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Look now instead of at the next poll (a producer in this process just committed). */
  kick(): void {
    this.#kicked = true;
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let pause = this.#idleMs;
      this.#kicked = false;
      try {
        const moved = await this.relayOnce();
        if (moved === this.#batchSize) pause = 0;
      } catch (error) {
        this.#options.onError?.(error);
        pause = this.#errorBackoffMs;
      }
      // A kick during the pass means a commit we may have missed: go again straight away.
      if (this.#kicked && pause === this.#idleMs) pause = 0;
      if (pause > 0 && this.#running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pause);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wake = undefined;
      }
    }
  }
}
