import type pg from 'pg';
import { defaultJobOptions, type TQueueName } from '@lockstep/queue';
import { type RelayQueues } from './domain-event-bus.js';

export interface OutboxRelayOptions {
  /** Rows claimed per pass. */
  batchSize?: number;
  /** Pause between polls when nothing was waiting. */
  idleMs?: number;
  /** Pause after a failed pass (Redis down): the rows are given back and tried again. */
  errorBackoffMs?: number;
  /** How long claimed rows stay invisible to other relays if this one dies before deleting them. */
  leaseMs?: number;
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
 * Moves the gateway's outbox rows (its queues only) to BullMQ, at least once, with the lease protocol
 * the worker's relay uses (`outbox.claimed_until`, migration `outbox_claims`): claim a batch in one
 * autocommit statement, enqueue it, delete it. No transaction is held while BullMQ is called — with
 * `@lockstep/queue`'s OutboxRelay (row locks across `addBulk`) the embedded PGlite, one session for
 * every connection, blocks BullMQ's own Postgres connection forever. A relay that dies between claim
 * and delete leaves the lease to expire; the rows are then claimed again (consumers are idempotent).
 * Any number of relays (gateways, workers) share the table: SKIP LOCKED + the lease give each row
 * to one at a time.
 */
export class GatewayOutboxRelay {
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly errorBackoffMs: number;
  private readonly leaseMs: number;
  private running = false;
  private kicked = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly queues: RelayQueues,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.idleMs = options.idleMs ?? 100;
    this.errorBackoffMs = options.errorBackoffMs ?? 1_000;
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  /** One pass: returns how many rows it moved (0: nothing waiting). */
  async relayOnce(): Promise<number> {
    const { rows } = await this.pool.query<OutboxRow>(
      `UPDATE outbox o SET claimed_until = now() + make_interval(secs => $3::double precision / 1000)
       FROM (SELECT id FROM outbox
             WHERE queue = ANY($2::text[]) AND (claimed_until IS NULL OR claimed_until < now())
             ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) claim
       WHERE o.id = claim.id
       RETURNING o.id::text, o.queue, o.name, o.data, o.job_id, o.run_at`,
      [this.batchSize, Object.keys(this.queues), this.leaseMs],
    );
    if (rows.length === 0) return 0;
    rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const ids = rows.map((row) => row.id);
    try {
      const now = Date.now();
      for (const [name, queue] of Object.entries(this.queues)) {
        const batch = rows.filter((row) => row.queue === name);
        if (batch.length === 0 || !queue) continue;
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
      // Hand the batch back now rather than when the lease runs out.
      await this.pool
        .query(`UPDATE outbox SET claimed_until = NULL WHERE id = ANY($1::bigint[])`, [ids])
        .catch(() => undefined);
      throw error;
    }
    await this.pool.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [ids]);
    this.options.onRelayed?.(rows.length);
    return rows.length;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** A producer in this process committed outbox rows: look now, not at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /** Stops polling, then moves what is still waiting once (a clean shutdown leaves nothing behind). */
  async stop(): Promise<void> {
    const wasRunning = this.running;
    this.running = false;
    this.wake?.();
    await this.loop;
    if (wasRunning) await this.relayOnce().catch((error: unknown) => this.options.onError?.(error));
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.kicked = false;
      let pause = this.idleMs;
      try {
        if ((await this.relayOnce()) === this.batchSize) pause = 0;
      } catch (error) {
        this.options.onError?.(error);
        pause = this.errorBackoffMs;
      }
      // Kicked during the pass: a commit it may have missed.
      if (this.kicked && pause === this.idleMs) pause = 0;
      if (pause > 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pause);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }
}
