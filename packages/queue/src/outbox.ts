import type pg from 'pg';
import {
  defaultJobOptions,
  DOMAIN_EVENT_BATCH_MAX,
  QueueName,
  queuePayloadSchemas,
  type TQueueName,
} from './names.js';

/**
 * The transactional outbox (table `outbox`): a producer writes the jobs a change causes in the same
 * database transaction as the change, and the relay moves them to BullMQ afterwards. A crash between
 * commit and enqueue, or a Redis outage, then delays a job instead of losing it (DESIGN §6 invariant 7).
 * Delivery is at least once — a relay that dies after `addBulk` and before its DELETE sends the batch
 * again once its lease expires — so every consumer is idempotent, and jobs that must not run twice carry a
 * deterministic `jobId` (BullMQ ignores an add whose id it already holds).
 */
export interface TOutboxJob {
  queue: TQueueName;
  /** Job name (for domain events: the event type). */
  name: string;
  /** Payload: ids only, never a secret; checked against the queue's schema before it is written. */
  data: unknown;
  jobId?: string | undefined;
  /** Run no earlier than this instant (BullMQ delay). */
  runAt?: Date | undefined;
}

/**
 * One transaction's jobs as outbox rows: domain events without an id or a delay are packed, in order,
 * DOMAIN_EVENT_BATCH_MAX to a row (`{ events }`, the shape a `domain-events` job may carry). A batch of
 * 500 acks announces 1,000 events; as rows each, they were most of the batch's writes (insert, then
 * the relay's delete) for announcements the consumer handles together anyway. A job whose deterministic
 * id came earlier in the list is dropped, as BullMQ would drop it (a burst of locks whose windows share
 * an instant writes that instant's job once).
 */
export function packOutboxJobs(jobs: readonly TOutboxJob[]): TOutboxJob[] {
  const packed: TOutboxJob[] = [];
  const seenIds = new Set<string>();
  let pack: unknown[] = [];
  const flush = () => {
    if (pack.length > 0) {
      packed.push({ queue: QueueName.domainEvents, name: 'events', data: { events: pack } });
    }
    pack = [];
  };
  for (const job of jobs) {
    if (job.jobId !== undefined) {
      const key = `${job.queue}\n${job.jobId}`;
      if (seenIds.has(key)) continue;
      seenIds.add(key);
    }
    const packable =
      job.queue === QueueName.domainEvents &&
      job.jobId === undefined &&
      job.runAt === undefined &&
      !isPacked(job.data);
    if (!packable) {
      flush();
      packed.push(job);
      continue;
    }
    pack.push(job.data);
    if (pack.length === DOMAIN_EVENT_BATCH_MAX) flush();
  }
  flush();
  // A pack of one is just the event.
  return packed.map((job) => {
    const events =
      job.queue === QueueName.domainEvents && isPacked(job.data)
        ? (job.data as { events: unknown[] }).events
        : undefined;
    if (events?.length !== 1) return job;
    const only = events[0] as { type?: unknown };
    return { ...job, name: typeof only.type === 'string' ? only.type : job.name, data: only };
  });
}

/**
 * The outbox as one row per job or event (packed rows unpacked), with the table's columns: a FROM item
 * for inspecting it (`SELECT name, data FROM ${OUTBOX_ENTRIES} outbox WHERE …`) in tests and by hand.
 */
export const OUTBOX_ENTRIES = `(SELECT o.id, o.queue, o.job_id, o.run_at, o.claimed_until, o.created_at,
    CASE WHEN o.data ? 'events' AND o.queue = '${QueueName.domainEvents}' THEN e->>'type' ELSE o.name END AS name, e AS data
  FROM outbox o CROSS JOIN LATERAL jsonb_array_elements(
    CASE WHEN o.data ? 'events' AND o.queue = '${QueueName.domainEvents}' THEN o.data->'events' ELSE jsonb_build_array(o.data) END) AS e)`;

function isPacked(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'events' in data;
}

/** An `INSERT` for `jobs` (packed, {@link packOutboxJobs}), as text and values for `pg` or Prisma's `$executeRawUnsafe`. */
export function outboxInsert(jobs: readonly TOutboxJob[]): { text: string; values: unknown[] } {
  if (jobs.length === 0) throw new Error('outboxInsert needs at least one job');
  const values: unknown[] = [];
  const rows = packOutboxJobs(jobs).map((job) => {
    const data = queuePayloadSchemas[job.queue].parse(job.data);
    const at = values.length;
    values.push(job.queue, job.name, JSON.stringify(data), job.jobId ?? null, job.runAt ?? null);
    return `($${at + 1}, $${at + 2}, $${at + 3}::jsonb, $${at + 4}, $${at + 5}::timestamptz)`;
  });
  return {
    text: `INSERT INTO outbox (queue, name, data, job_id, run_at) VALUES ${rows.join(', ')}`,
    values,
  };
}

/** Writes `jobs` through any client that runs parameterised SQL (a `pg` client inside a transaction). */
export async function enqueueInOutbox(
  client: { query(text: string, values: unknown[]): Promise<unknown> },
  jobs: readonly TOutboxJob[],
): Promise<void> {
  if (jobs.length === 0) return;
  const { text, values } = outboxInsert(jobs);
  await client.query(text, values);
}

/** The slice of a BullMQ Queue the relay uses. */
export interface TRelayQueue {
  addBulk(jobs: { name: string; data: unknown; opts?: Record<string, unknown> }[]): Promise<unknown>;
}

export interface TOutboxRelayOptions {
  /** Rows moved per pass. */
  batchSize?: number;
  /** Pause between polls when the outbox was empty. */
  idleMs?: number;
  /** Pause after a failed batch (Redis down): the rows stay and are retried. */
  errorBackoffMs?: number;
  /** How long a claimed batch stays invisible to other relays before it can be claimed again. */
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
 * The BullMQ jobs for one queue's rows: each with its deterministic id and delay, and the domain
 * events of rows committed in different transactions packed together by {@link packOutboxJobs} (the
 * same packing producers get), so a burst's thousands of events are tens of jobs.
 */
function jobsOf(rows: OutboxRow[], now: number) {
  const jobs = packOutboxJobs(
    rows.map((row) => ({
      queue: row.queue,
      name: row.name,
      data: row.data,
      jobId: row.job_id ?? undefined,
      runAt: row.run_at ?? undefined,
    })),
  );
  return jobs.map((job) => ({
    name: job.name,
    data: job.data,
    opts: {
      ...defaultJobOptions,
      ...(job.jobId === undefined ? {} : { jobId: job.jobId }),
      ...(job.runAt === undefined ? {} : { delay: Math.max(0, job.runAt.getTime() - now) }),
    },
  }));
}

/**
 * Moves outbox rows to their queues. Any number of relays may run (worker and gateway each run one).
 * No transaction is held while BullMQ is called: a batch is claimed with a lease
 * (`outbox.claimed_until`) in one autocommit statement (`FOR UPDATE SKIP LOCKED` gives each row to
 * one claimer), enqueued, then deleted. A relay that dies in between leaves the lease to expire and
 * the rows are claimed again — at least once; deterministic job ids collapse the repeats. (Holding a
 * row lock across `addBulk` instead deadlocks the embedded PGlite, where every connection shares one
 * session and BullMQ's Postgres backend would wait behind the relay's open transaction.)
 */
export class OutboxRelay {
  readonly #pool: pg.Pool;
  readonly #queues: Partial<Record<TQueueName, TRelayQueue>>;
  readonly #batchSize: number;
  readonly #idleMs: number;
  readonly #errorBackoffMs: number;
  readonly #leaseMs: number;
  readonly #now: () => number;
  readonly #options: TOutboxRelayOptions;
  #running = false;
  #wake: (() => void) | undefined;
  #kicked = false;
  #loop: Promise<void> | undefined;

  constructor(
    pool: pg.Pool,
    queues: Partial<Record<TQueueName, TRelayQueue>>,
    options: TOutboxRelayOptions = {},
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

  /** Moves one batch; returns how many rows it moved (0: nothing was claimable). */
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
      for (const row of rows) {
        const list = byQueue.get(row.queue);
        if (list) list.push(row);
        else byQueue.set(row.queue, [row]);
      }
      for (const [name, batch] of byQueue) {
        const queue = this.#queues[name];
        if (!queue) continue;
        await queue.addBulk(jobsOf(batch, now));
      }
    } catch (error) {
      // Give the batch back at once rather than after the lease: the next attempt may succeed.
      await this.#pool
        .query('UPDATE outbox SET claimed_until = NULL WHERE id = ANY($1::bigint[])', [ids])
        .catch(() => undefined);
      throw error;
    }
    await this.#pool.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [ids]);
    this.#options.onRelayed?.(rows.length);
    return rows.length;
  }

  /** Polls until {@link stop}: straight on while batches come back full, `idleMs` apart otherwise. */
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
      // A kick during the pass means a commit this pass may have missed: go again at once.
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
