import type pg from 'pg';
import { type Logger } from '../observability/logger.js';
import { type WorkerMetrics } from '../observability/metrics.js';
import { type Reconciler } from '../reconcile/reconciler.service.js';

export interface TWindowFireReport {
  locks: number;
  failed: number;
}

/**
 * Fires one window instant: every lock with an access-code target whose next edge
 * (`access_code_targets.next_edge_at`, written by the reconciler) is due by then is reconciled. The
 * reconciler batches them (one read and one write per batch of locks), so 10,000 windows that start
 * together cost one job and a hundred transactions rather than 10,000 of each. Edges that are due
 * but older (a lost job, a crash) are picked up too: the query is `<=`, not `=`.
 *
 * Staged edges (DESIGN §4): a lock in sync whose next edge is near had that edge's commands written
 * ahead (`commands.send_at`), by its own reconciliation or by the instant's staging pass; the gateway
 * publishes them at the instant (and moves their targets to setting/removing as it does). Their targets
 * store the edge after the staged one, so the instant does not reconcile them; the rest are reconciled
 * as before.
 */
export class WindowEdges {
  constructor(
    private readonly pool: pg.Pool,
    private readonly reconciler: Pick<Reconciler, 'reconcile'>,
    private readonly metrics: WorkerMetrics,
    private readonly logger: Logger,
  ) {}

  /**
   * Throws when some lock could not be reconciled, so the job is retried (for those locks only). Asks
   * again until a pass finds no lock it has not tried: a reconciliation that planned this instant just
   * before it came and committed while it was being fired (its job id already taken) is caught here
   * rather than by the next sweep.
   */
  async fire(at: number): Promise<TWindowFireReport> {
    const tried = new Set<string>();
    let failed = 0;
    for (;;) {
      // A staged lock's targets store the edge after the staged one, so it is not among these: the
      // gateway publishes its commands, the ack and the lock's report do the rest. Unless the lock went
      // offline since: then it is reconciled like any other (set_late, removal_overdue; its command
      // stays in flight), whether or not the gateway has published the staged command yet.
      const { rows } = await this.pool.query<{ lock_id: string }>(
        `SELECT t.lock_id::text FROM access_code_targets t
         JOIN locks l ON l.id = t.lock_id
         WHERE t.next_edge_at <= $1 AND l.status <> 'decommissioned'
         UNION
         SELECT c.lock_id::text FROM commands c
         JOIN devices d ON d.lock_id = c.lock_id
         WHERE c.send_at = $1 AND c.status IN ('pending', 'sent') AND NOT d.online`,
        [new Date(at)],
      );
      const fresh = rows.map((row) => row.lock_id).filter((id) => !tried.has(id));
      if (fresh.length === 0) break;
      for (const id of fresh) tried.add(id);
      const results = await Promise.allSettled(fresh.map((id) => this.reconciler.reconcile(id, 'schedule')));
      failed += results.filter((r) => r.status === 'rejected').length;
    }
    this.metrics.windowInstants.inc({ outcome: failed === 0 ? 'fired' : 'partial' });
    this.metrics.windowLocks.inc(tried.size);
    if (failed > 0) {
      this.logger.warn(
        { at: new Date(at).toISOString(), locks: tried.size, failed },
        'window instant: some locks did not reconcile; the job retries them',
      );
      throw new Error(
        `window instant ${new Date(at).toISOString()}: ${failed} of ${tried.size} locks failed`,
      );
    }
    return { locks: tried.size, failed };
  }

  /**
   * The staging pass ahead of an instant: every lock whose next edge is this one and not yet staged,
   * and whose device is online, is reconciled, which stages the edge's commands where the lock is in
   * sync (planStage). Best effort: whatever is not staged is reconciled when the instant fires.
   */
  async stage(at: number): Promise<TWindowFireReport> {
    const { rows } = await this.pool.query<{ lock_id: string }>(
      `SELECT DISTINCT t.lock_id::text FROM access_code_targets t
       JOIN locks l ON l.id = t.lock_id
       JOIN devices d ON d.lock_id = t.lock_id
       WHERE t.next_edge_at = $1 AND l.status <> 'decommissioned' AND d.online`,
      [new Date(at)],
    );
    const results = await Promise.allSettled(
      rows.map((row) => this.reconciler.reconcile(row.lock_id, 'schedule')),
    );
    const failed = results.filter((r) => r.status === 'rejected').length;
    if (failed > 0) {
      this.logger.warn(
        { at: new Date(at).toISOString(), locks: rows.length, failed },
        'window staging: some locks did not reconcile; their edge is reconciled when it comes',
      );
    }
    return { locks: rows.length, failed };
  }
}
