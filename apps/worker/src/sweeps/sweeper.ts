import { defaultJobOptions, jobId, QueueName, type TQueueName } from '@lockstep/queue';
import type pg from 'pg';
import { type Clock } from '../observability/clock.js';
import { type Logger } from '../observability/logger.js';
import { type WorkerMetrics } from '../observability/metrics.js';
import { outboxJobs } from '../queues/outbox-jobs.js';
import { moveOutInstant } from '../move-out/move-out-instant.js';
import { type MoveOutService } from '../move-out/move-out.service.js';
import { nextCodeEdge } from '../reconcile/reconcile-plan.js';
import { scheduleOfRow, type TScheduleRow } from '../reconcile/reconcile.repository.js';

/** A pending or sent command unchanged this long past its send time has no live job (see sweepCommands). */
export const STRANDED_AFTER_MS = 5 * 60_000;

/** The slice of a BullMQ Queue the sweeper uses. */
export interface TSweepQueue {
  addBulk(jobs: { name: string; data: unknown; opts?: Record<string, unknown> }[]): Promise<unknown>;
}

export interface TSweepOptions {
  retryBudget: number;
  intervalMs: number;
  /** Rows read per page. */
  pageSize?: number;
  /** WORKER_STAGE_LEAD_MS: instants far enough ahead also get their staging pass's job. */
  stageLeadMs?: number;
}

export interface TSweepReport {
  edgeJobs: number;
  reconciles: number;
  moveOuts: number;
  moveOutJobs: number;
}

/**
 * Repairs from Postgres, the source of truth (DESIGN §4, §6.7): whatever Redis lost (a FLUSHALL, a
 * failover) or a crash skipped is found again here. Every job it adds has a deterministic id, so a
 * sweep that overlaps live jobs (or another worker's sweep) adds nothing twice.
 *
 * - `windows`: the next edge of every live code, as its delayed job; every lock with an edge it has
 *   not been reconciled past (a missed job), an unseen state report, a command resolved after its
 *   last reconciliation (a lost ack reconcile), a change to its codes since, or a retry that is due;
 *   move-outs that are due (rotated here) or coming (their delayed job).
 * - `commands`: the job of every pending or sent command, by the id stored on the command (a lost one is
 *   re-added; a live one collapses), and a job of its own for a command stranded past its send time.
 */
export class Sweeper {
  constructor(
    private readonly pool: pg.Pool,
    private readonly queues: Record<
      | typeof QueueName.windows
      | typeof QueueName.reconcile
      | typeof QueueName.commands
      | typeof QueueName.sweeps,
      TSweepQueue
    >,
    private readonly moveOuts: Pick<MoveOutService, 'rotate'>,
    private readonly clock: Clock,
    private readonly metrics: WorkerMetrics,
    private readonly logger: Logger,
    private readonly options: TSweepOptions,
  ) {}

  private add(
    queue: TQueueName & keyof Sweeper['queues'],
    jobs: { name: string; data: unknown; opts?: Record<string, unknown> }[],
  ) {
    if (jobs.length === 0) return Promise.resolve();
    return this.queues[queue].addBulk(
      jobs.map((job) => ({ ...job, opts: { ...defaultJobOptions, ...job.opts } })),
    );
  }

  async sweepWindows(): Promise<TSweepReport> {
    const now = this.clock.now();
    const pageSize = this.options.pageSize ?? 2_000;
    const report: TSweepReport = { edgeJobs: 0, reconciles: 0, moveOuts: 0, moveOutJobs: 0 };
    const dueLocks = new Set<string>();
    // Every instant a live code has its next edge at: one delayed job each (deterministic ids).
    const instants = new Set<number>();

    // Live time-bound codes, page by page: plan their next edge, and find edges a lock missed.
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await this.pool.query<
        TScheduleRow & {
          id: string;
          lock_id: string;
          access_code_id: string;
          slot: number | null;
          status: string;
          kind: 'maintenance' | 'guest';
          state: string;
          revoked_at: Date | null;
          time_zone: string;
          last_reconciled_at: Date | null;
          next_edge_at: Date | null;
          staged_at: Date | null;
        }
      >(
        `SELECT t.id::text, t.lock_id::text, t.access_code_id::text, t.slot, t.status::text AS status, c.kind::text AS kind, c.state::text AS state,
                c.schedule_kind::text AS schedule_kind, c.starts_at, c.ends_at, c.weekdays, c.local_start, c.local_end,
                c.from_date::text, c.until_date::text, c.revoked_at, p.time_zone, l.last_reconciled_at,
                t.next_edge_at, lc.send_at AS staged_at
         FROM access_code_targets t
         JOIN access_codes c ON c.id = t.access_code_id
         JOIN locks l ON l.id = t.lock_id
         JOIN properties p ON p.id = l.property_id
         LEFT JOIN LATERAL (
           SELECT lc.send_at FROM commands lc
           WHERE lc.id = t.last_command_id AND lc.status = 'pending' AND lc.send_at > $4 LIMIT 1
         ) lc ON true
         WHERE t.id > $1::uuid AND c.kind <> 'primary'
           AND (c.state = 'active' OR t.status IN ('scheduled', 'setting', 'set', 'removing'))
           AND NOT (c.schedule_kind = 'once' AND c.ends_at < $3 AND t.status IN ('removed', 'failed'))
         ORDER BY t.id LIMIT $2`,
        [after, pageSize, new Date(now - 86_400_000), new Date(now)],
      );
      for (const row of page.rows) {
        const schedule = scheduleOfRow(row);
        if (schedule === null) continue;
        const code = {
          codeId: row.access_code_id,
          kind: row.kind,
          schedule,
          slot: row.slot,
          revokedAt:
            row.state === 'active' ? (row.revoked_at?.getTime() ?? null) : (row.revoked_at?.getTime() ?? 0),
        };
        const next = nextCodeEdge(code, row.time_zone, now);
        if (next !== null) instants.add(next.at);
        // A target whose next edge is staged (its command waits for it) stores the edge after that.
        const stagedAt = row.staged_at?.getTime() ?? null;
        const expected =
          next !== null && next.at === stagedAt ? nextCodeEdge(code, row.time_zone, stagedAt) : next;
        if (expected !== null) instants.add(expected.at);
        // The stored edge is not the one due next (never planned, or its instant passed unreconciled):
        // the lock's reconciliation plans it again, and writes the instant's job. (A failed target's
        // edges are the planner's to skip; a missed one is still caught just below.)
        const stored = row.next_edge_at?.getTime() ?? null;
        if (row.status !== 'failed' && (expected?.at ?? null) !== stored) dueLocks.add(row.lock_id);
        const since = row.last_reconciled_at?.getTime() ?? 0;
        const missed = nextCodeEdge(code, row.time_zone, since);
        if (missed !== null && missed.at <= now) dueLocks.add(row.lock_id);
      }
      const last = page.rows[page.rows.length - 1];
      if (!last || page.rows.length < pageSize) break;
      after = last.id;
    }
    const edgeJobs = [...instants].flatMap((at) =>
      outboxJobs.windowJobs(at, this.options.stageLeadMs ?? 0, now),
    );
    await this.add(
      QueueName.windows,
      edgeJobs.map((job) => ({
        name: job.name,
        data: job.data,
        opts: { jobId: job.jobId, delay: Math.max(0, (job.runAt?.getTime() ?? now) - now) },
      })),
    );
    report.edgeJobs = instants.size;

    // Locks whose last reconciliation is older than something that happened to them.
    const stale = await this.pool.query<{ id: string }>(
      `SELECT l.id::text FROM locks l
       JOIN devices d ON d.lock_id = l.id
       LEFT JOIN lock_reported_states r ON r.lock_id = l.id
       WHERE l.status <> 'decommissioned'
         AND (l.reconcile_retry_at IS NULL OR l.reconcile_retry_at <= $1)
         AND (
           (l.reconcile_retry_at IS NOT NULL AND l.reconcile_failures < $2 AND d.online)
           OR r.received_at > COALESCE(l.last_reconciled_at, 'epoch'::timestamptz)
           OR EXISTS (SELECT 1 FROM commands c WHERE c.lock_id = l.id AND c.status IN ('applied', 'rejected', 'failed')
                        AND c.resolved_at > COALESCE(l.last_reconciled_at, 'epoch'::timestamptz))
           OR EXISTS (SELECT 1 FROM access_code_targets t JOIN access_codes c ON c.id = t.access_code_id
                      WHERE t.lock_id = l.id AND GREATEST(t.updated_at, c.updated_at) > COALESCE(l.last_reconciled_at, 'epoch'::timestamptz))
         )
       LIMIT 20000`,
      [new Date(now), this.options.retryBudget],
    );
    for (const row of stale.rows) dueLocks.add(row.id);
    const period = Math.floor(now / this.options.intervalMs) * this.options.intervalMs;
    await this.add(
      QueueName.reconcile,
      [...dueLocks].map((lockId) => ({
        name: 'reconcile',
        data: { lockId, reason: 'sweep' },
        opts: { jobId: `sweep-reconcile.${lockId}.${period}` },
      })),
    );
    report.reconciles = dueLocks.size;

    // Move-outs: rotate the due ones now, give the coming ones (next two days) their precise job.
    const tenancies = await this.pool.query<{ id: string; ends_on: string; time_zone: string }>(
      `SELECT t.id::text, t.ends_on::text, p.time_zone FROM tenancies t
       JOIN units u ON u.id = t.unit_id JOIN properties p ON p.id = u.property_id
       WHERE t.ends_on IS NOT NULL AND t.primary_rotated_at IS NULL AND t.ends_on <= ($1::timestamptz)::date + 2
       LIMIT 5000`,
      [new Date(now)],
    );
    const moveOutJobs: { name: string; data: unknown; opts: Record<string, unknown> }[] = [];
    for (const tenancy of tenancies.rows) {
      const at = moveOutInstant(tenancy.ends_on, tenancy.time_zone);
      if (at <= now) {
        try {
          const result = await this.moveOuts.rotate(tenancy.id);
          if (result.kind === 'rotated') report.moveOuts++;
        } catch (error) {
          this.logger.error(
            { err: error, tenancyId: tenancy.id },
            'move-out rotation failed; the next sweep retries',
          );
        }
      } else {
        moveOutJobs.push({
          name: 'move-out',
          data: { sweep: 'move_out', tenancyId: tenancy.id },
          opts: { jobId: jobId.moveOut(tenancy.id, at), delay: at - now },
        });
      }
    }
    await this.add(QueueName.sweeps, moveOutJobs);
    report.moveOutJobs = moveOutJobs.length;

    this.metrics.sweeps.inc({ kind: 'windows' });
    this.metrics.sweepRepairs.inc({ kind: 'edge_jobs' }, report.edgeJobs);
    this.metrics.sweepRepairs.inc({ kind: 'reconciles' }, report.reconciles);
    this.metrics.sweepRepairs.inc({ kind: 'move_outs' }, report.moveOuts);
    this.logger.debug(report, 'windows sweep');
    return report;
  }

  /**
   * The gateway's step job of every pending or sent command, re-added where Redis lost it. A command
   * names the job that carries it (`job_id`, one per reconciliation batch): that job is re-added with
   * its id and its open commands, a no-op while it exists. So a live batch never gets a second job per
   * command: before, each sweep gave every open command one, and at a window burst's edge the gateway
   * stepped its 10,000 staged commands twice, as 10,000 more jobs. A command without a job id (older
   * rows), or unchanged for {@link STRANDED_AFTER_MS} past its send time (its job failed or ended
   * without it; a live command is published, retried or failed well within that), gets a job of its own.
   */
  async sweepCommands(): Promise<number> {
    const now = this.clock.now();
    const rows = await this.pool.query<{
      id: string;
      job_id: string | null;
      send_at: Date | null;
      stranded: boolean;
    }>(
      // In the database's time, as updated_at is.
      `SELECT id::text, job_id, send_at,
              (updated_at < now() - make_interval(secs => $1::float8 / 1000)
               AND (send_at IS NULL OR send_at < now() - make_interval(secs => $1::float8 / 1000))) AS stranded
       FROM commands WHERE status IN ('pending', 'sent') ORDER BY created_at LIMIT 20000`,
      [STRANDED_AFTER_MS],
    );
    const batches = new Map<string, { commandIds: string[]; sendAt: number | null }>();
    const singles: string[] = [];
    for (const row of rows.rows) {
      if (row.job_id === null || row.stranded) {
        singles.push(row.id);
        continue;
      }
      const batch = batches.get(row.job_id);
      if (batch) batch.commandIds.push(row.id);
      else batches.set(row.job_id, { commandIds: [row.id], sendAt: row.send_at?.getTime() ?? null });
    }
    await this.add(QueueName.commands, [
      ...[...batches].map(([id, batch]) => {
        const job = outboxJobs.commandBatch(batch.commandIds, id);
        return {
          name: job.name,
          data: job.data,
          // A staged batch still waits for its edge (the gateway would only delay it there itself).
          opts: {
            jobId: job.jobId,
            ...(batch.sendAt !== null && batch.sendAt > now ? { delay: batch.sendAt - now } : {}),
          },
        };
      }),
      ...singles.map((commandId) => {
        const job = outboxJobs.command(commandId);
        return { name: job.name, data: job.data, opts: { jobId: job.jobId } };
      }),
    ]);
    this.metrics.sweeps.inc({ kind: 'commands' });
    this.metrics.sweepRepairs.inc({ kind: 'command_jobs' }, rows.rows.length);
    return rows.rows.length;
  }
}
