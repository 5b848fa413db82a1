import { randomUUID } from 'node:crypto';
import { type TCodeSealer } from '@lockstep/access-codes';
import { encryptPin, slotFingerprint } from '@lockstep/lock-protocol/node';
import { enqueueInOutbox, type TOutboxJob } from '@lockstep/queue';
import type pg from 'pg';
import { type Clock } from '../observability/clock.js';
import { type Logger } from '../observability/logger.js';
import { type WorkerMetrics } from '../observability/metrics.js';
import { outboxJobs } from '../queues/outbox-jobs.js';
import { FingerprintCache } from './fingerprint-cache.js';
import { LockCoalescer } from './lock-coalescer.js';
import { TurnBatcher } from '@lockstep/db/turn-batcher';
import {
  planReconcile,
  planStage,
  type TPlannedCommand,
  type TPlanOptions,
  type TReconcilePlan,
  type TReconcileReason,
} from './reconcile-plan.js';
import { ReconcileRepository, type TLockSnapshot, type TPlanWrite } from './reconcile.repository.js';

/** Reasons that come from a schedule, a repair or a person (ranked above acks and reports). */
const SCHEDULE_REASONS: ReadonlySet<TReconcileReason> = new Set([
  'schedule',
  'sweep',
  'reconnect',
  'manual',
  'use_limit',
  'move_out',
  'retry',
]);

/** Fingerprints remembered per device before its entry starts afresh. */
const MAX_FINGERPRINTS_PER_DEVICE = 256;

/** Reasons a later reconciliation answers fully (they plan no edges of their own). */
const ANSWERABLE: ReadonlySet<TReconcileReason> = new Set(['ack', 'report', 'drift']);

interface TBatchItem {
  lockId: string;
  reason: TReconcileReason;
}

/** One lock's result in a batch: a lock whose plan could not be built fails alone. */
type TBatchOutcome = { ok: true; result: TReconcileResult } | { ok: false; error: unknown };

interface TPreparedReconcile {
  write: TPlanWrite;
  plan: TReconcilePlan;
  lockId: string;
  organizationId: string;
  now: number;
  result: TReconcileResult;
}

export interface TReconcileBatching {
  /** Transactions in flight at once (each holds one connection). */
  maxBatches: number;
  /** Locks per transaction. */
  maxBatchSize: number;
}

export interface TReconcileResult {
  lockId: string;
  outcome: TReconcilePlan['outcome'] | 'missing' | 'answered' | 'staged';
  commands: number;
}

/**
 * Reconciles one lock in one transaction: lock the row, read, plan (pure), write commands, target
 * moves, transitions, alerts and outbox jobs, commit, and wake the outbox relay. The only writer of
 * commands. Reconciliations of one lock are serialised by the row lock across processes and coalesced
 * within this one; different locks run concurrently and never wait for each other.
 */
export class Reconciler {
  private readonly coalescer = new LockCoalescer<TReconcileReason, TReconcileResult>(strongerReason);
  private readonly repository = new ReconcileRepository();
  private readonly fingerprintCache = new FingerprintCache();

  constructor(
    private readonly pool: pg.Pool,
    private readonly sealer: TCodeSealer,
    private readonly clock: Clock,
    private readonly metrics: WorkerMetrics,
    private readonly logger: Logger,
    private readonly options: TPlanOptions,
    private readonly onCommitted: () => void = () => undefined,
    batching: TReconcileBatching = { maxBatches: 4, maxBatchSize: 250 },
  ) {
    this.batcher = new TurnBatcher({ ...batching, run: (items) => this.runBatch(items) });
  }

  private readonly batcher: TurnBatcher<TBatchItem, TBatchOutcome>;

  reconcile(lockId: string, reason: TReconcileReason): Promise<TReconcileResult> {
    return this.coalescer.run(lockId, reason, (r) => this.reconcileNow(lockId, r));
  }

  /**
   * As {@link reconcile}, unless this process began a reconciliation of the lock after `requestedAt`
   * (the request's job was created): that one read everything committed before the request, so the
   * request is already answered. Only for reasons that plan nothing of their own (ack, report, drift):
   * an ack and the state report that follows it then cost one reconciliation, not two.
   */
  reconcileUnlessAnswered(
    lockId: string,
    reason: TReconcileReason,
    requestedAt: number,
  ): Promise<TReconcileResult> {
    const started = this.lastStarted.get(lockId);
    if (started !== undefined && started > requestedAt && ANSWERABLE.has(reason)) {
      this.metrics.reconciles.inc({ outcome: 'answered' });
      return Promise.resolve({ lockId, outcome: 'answered', commands: 0 });
    }
    return this.reconcile(lockId, reason);
  }

  private readonly lastStarted = new Map<string, number>();

  private noteStart(lockId: string, at: number): void {
    // Bounded: the oldest entries go first (a Map iterates in insertion order).
    this.lastStarted.delete(lockId);
    this.lastStarted.set(lockId, at);
    if (this.lastStarted.size > 200_000) {
      const oldest = this.lastStarted.keys().next().value;
      if (oldest !== undefined) this.lastStarted.delete(oldest);
    }
  }

  /**
   * Queues one lock for the next batch. Requests arriving in the same turn of the event loop (a window
   * instant's thousands) share one transaction: four reads for all their locks, one statement writes
   * all their plans. Under light load a batch is a single lock and runs at once.
   */
  private async reconcileNow(lockId: string, reason: TReconcileReason): Promise<TReconcileResult> {
    let outcome: TBatchOutcome;
    try {
      outcome = await this.batcher.submit({ lockId, reason });
    } catch (error) {
      this.metrics.reconciles.inc({ outcome: 'error' });
      throw error;
    }
    if (!outcome.ok) {
      this.metrics.reconciles.inc({ outcome: 'error' });
      throw outcome.error;
    }
    return outcome.result;
  }

  /**
   * One batch in one transaction; one outcome per item, in order. Throws (after ROLLBACK) when the
   * transaction fails, and the batcher then runs the items one by one, so one bad lock fails alone.
   */
  private async runBatch(items: TBatchItem[]): Promise<TBatchOutcome[]> {
    const stopTimer = this.metrics.reconcileSeconds.startTimer();
    let client: pg.PoolClient | undefined;
    let broken: Error | undefined;
    try {
      client = await this.pool.connect();
      // Wall time, like BullMQ's job timestamps; taken before the snapshots are read.
      const started = Date.now();
      for (const item of items) this.noteStart(item.lockId, started);
      await client.query('BEGIN');
      const snapshots = await this.repository.loadMany(
        client,
        items.map((i) => i.lockId),
      );
      const outcomes: TBatchOutcome[] = [];
      const prepared: { index: number; work: TPreparedReconcile }[] = [];
      items.forEach((item, index) => {
        const snapshot = snapshots.get(item.lockId);
        if (!snapshot) {
          outcomes[index] = { ok: true, result: { lockId: item.lockId, outcome: 'missing', commands: 0 } };
          return;
        }
        try {
          prepared.push({ index, work: this.prepare(snapshot, item.lockId, item.reason) });
        } catch (error) {
          outcomes[index] = { ok: false, error };
        }
      });
      // The batch's commands go to the gateway as a few jobs, not one each.
      const writes = prepared.map((p) => p.work.write);
      await this.repository.write(client, writes, commandJobs(writes));
      for (const { work } of prepared) await this.finish(client, work);
      await client.query('COMMIT');
      for (const { index, work } of prepared) outcomes[index] = { ok: true, result: work.result };
      let wake = false;
      for (const outcome of outcomes) {
        if (!outcome.ok) continue;
        this.metrics.reconciles.inc({ outcome: outcome.result.outcome });
        wake ||= outcome.result.commands > 0 || outcome.result.outcome !== 'in_sync';
      }
      if (wake) this.onCommitted();
      return outcomes;
    } catch (error) {
      await client?.query('ROLLBACK').catch((rollbackError: unknown) => {
        // The connection itself failed: do not give it back to the pool.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      client?.release(broken);
      stopTimer();
    }
  }

  /** Plans one lock from its snapshot and builds its rows (pure but for the clock and the crypto). */
  private prepare(snapshot: TLockSnapshot, lockId: string, reason: TReconcileReason): TPreparedReconcile {
    const now = this.clock.now();
    const at = new Date(now);
    const { state } = snapshot;
    for (const codeId of snapshot.unreadable) {
      this.logger.error({ lockId, accessCodeId: codeId }, 'access code schedule does not parse; skipped');
    }

    // The device key is opened once per sealed key and process (then only for a fingerprint this
    // worker has not computed yet); the fingerprints themselves are remembered.
    const device = snapshot.device;
    const sealedKey = device?.fingerprintKeySealed ?? null;
    const keyId = device?.keyId ?? null;
    let deviceKey: Buffer | null = null;
    let known: Map<string, string> | undefined;
    if (device !== null && sealedKey !== null && keyId) {
      known = this.fingerprintCache.lookup(device.deviceId, sealedKey, keyId);
      if (known === undefined) {
        try {
          deviceKey = this.sealer.openDeviceKey(sealedKey, keyId);
          known = this.fingerprintCache.remember(device.deviceId, sealedKey, keyId);
        } catch (error) {
          this.logger.error(
            { lockId, deviceId: device.deviceId, err: error },
            'device fingerprint key does not open',
          );
        }
      }
    }
    if (state.device) state.device.hasFingerprintKey = known !== undefined;

    const sealedById = new Map(snapshot.targets.map((t) => [t.codeId, t]));
    const codes = new Map<string, string>();
    const codeOf = (codeId: string): string => {
      let code = codes.get(codeId);
      if (code === undefined) {
        const row = sealedById.get(codeId);
        if (!row) throw new Error(`access code ${codeId} is not among the lock's targets`);
        code = this.sealer.open(row.codeSealed, row.codeKeyId);
        codes.set(codeId, code);
      }
      return code;
    };
    const fingerprintOf = (slot: number, codeId: string): string => {
      if (known === undefined || device === null || sealedKey === null || !keyId) {
        throw new Error('no device key');
      }
      // Codes the lock has never held (unknown ids in commands) fingerprint to nothing it reports.
      if (!sealedById.has(codeId)) return `?missing:${codeId}`;
      const key = `${slot}:${codeId}`;
      let value = known.get(key);
      if (value === undefined) {
        deviceKey ??= this.sealer.openDeviceKey(sealedKey, keyId);
        value = slotFingerprint({ deviceKey, deviceId: device.deviceId, slot, code: codeOf(codeId) });
        // A lock's codes come and go over the years: its entry starts afresh past a few hundred.
        if (known.size >= MAX_FINGERPRINTS_PER_DEVICE) known.clear();
        known.set(key, value);
      }
      return value;
    };

    // Staged commands (written ahead of an edge) are not in flight yet: this plan decides afresh, and
    // keeps them only if it stages the same again.
    const inFlight = snapshot.inFlight.filter((c) => c.sendAt === null || c.sendAt <= now);
    const staged = snapshot.inFlight.filter((c) => c.sendAt !== null && c.sendAt > now);
    const input = {
      lock: state,
      targets: snapshot.targets,
      inFlight,
      fingerprintOf,
      now,
      reason,
      options: this.options,
    };
    const plan = planReconcile(input);
    const stage = planStage(input, plan, this.options.stageLeadMs ?? 0);
    // Staged already, and the same: kept as they are (their edges stand too).
    const keep = stage !== null && staged.length > 0 && sameStaged(staged, stage.at, stage.commands);
    const supersedeStaged = keep ? [] : staged.map((c) => c.commandId);
    const stageWrite = keep ? null : stage;
    if (stageWrite !== null) this.metrics.staged.inc(stageWrite.commands.length);

    const superseded = plan.supersede.length + supersedeStaged.length;
    if (superseded > 0) this.metrics.superseded.inc(superseded);
    const firstVersion = snapshot.desiredVersion + 1;
    const planned: (TPlannedCommand & { sendAt: number | null })[] = [
      ...plan.commands.map((c) => ({ ...c, sendAt: null })),
      ...(stageWrite?.commands ?? []).map((c) => ({ ...c, sendAt: stageWrite?.at ?? null })),
    ];
    const commandIds = planned.map(() => randomUUID());
    const rows = planned.map((command, index) => {
      const id = commandIds[index] as string;
      const payload: Record<string, unknown> =
        command.type === 'set_code'
          ? {
              slot: command.slot,
              pin: encryptPin({
                devicePublicKey: device?.publicKey ?? '',
                pin: codeOf(command.accessCodeId ?? ''),
                commandId: id,
              }),
              notAfter: command.notAfter,
            }
          : { slot: command.slot };
      this.metrics.commands.inc({ type: command.type });
      return {
        id,
        type: command.type,
        slot: command.slot,
        accessCodeId: command.accessCodeId,
        desiredVersion: firstVersion + index,
        payload,
        notAfter: command.notAfter === null ? null : new Date(command.notAfter),
        sendAt: command.sendAt === null ? null : new Date(command.sendAt),
        cause: command.cause,
      };
    });
    for (const update of plan.targets) {
      if (update.addWarning) this.metrics.warnings.inc({ warning: update.addWarning });
    }

    const jobs: TOutboxJob[] = [];
    for (const event of plan.events) {
      jobs.push(
        outboxJobs.event({
          type: event.type,
          organizationId: state.organizationId,
          lockId,
          refId: event.accessCodeId ?? lockId,
          at: now,
          data: event.data,
        }),
      );
    }
    // Each target's next edge: stored where it changed, and its instant's job enqueued (the instant
    // job then reconciles every lock with an edge due by then, this one included).
    // A staged lock's targets store the edges after the staged one (the instant finds that one
    // through the commands' send_at).
    const plannedEdge = new Map((stage ?? plan).edges.map((e) => [e.accessCodeId, e.at]));
    const edges: { targetId: string; at: Date | null }[] = [];
    for (const target of snapshot.targets) {
      const at = plannedEdge.get(target.codeId) ?? null;
      if (at === target.nextEdgeAt) continue;
      edges.push({ targetId: target.targetId, at: at === null ? null : new Date(at) });
      if (at !== null) jobs.push(...outboxJobs.windowJobs(at, this.options.stageLeadMs ?? 0, now));
    }
    // The staged instant's own job too: staged straight away (a code issued within the lead), no target
    // ever stored that edge, and the instant must still reconcile the lock if it is offline by then.
    if (stageWrite !== null) jobs.push(outboxJobs.windowEdge(stageWrite.at));
    if (plan.retryAt !== null) jobs.push(outboxJobs.reconcile(lockId, 'retry', new Date(plan.retryAt)));

    const write: TPlanWrite = {
      lockId,
      organizationId: state.organizationId,
      deviceId: device?.deviceId ?? '',
      at,
      desiredVersion: snapshot.desiredVersion + planned.length,
      bookkeeping: plan.lock,
      supersede: plan.supersede,
      supersedeStaged,
      commands: rows,
      targets: [
        ...plan.targets.map((u) => ({
          ...u,
          commandId: u.command === undefined ? null : (commandIds[u.command] ?? null),
        })),
        ...(stageWrite?.targets ?? []).map((u) => ({
          ...u,
          commandId: u.command === undefined ? null : (commandIds[plan.commands.length + u.command] ?? null),
        })),
      ],
      edges,
      jobs,
    };
    if (planned.length > 0 || plan.events.length > 0) {
      this.logger.debug(
        {
          lockId,
          reason,
          outcome: plan.outcome,
          commands: planned.map((c) => ({ type: c.type, slot: c.slot, cause: c.cause, sendAt: c.sendAt })),
          superseded,
          events: plan.events.map((e) => e.type),
        },
        'lock reconciled',
      );
    }
    return {
      write,
      plan,
      lockId,
      organizationId: state.organizationId,
      now,
      result: {
        lockId,
        outcome: stageWrite === null ? plan.outcome : 'staged',
        commands: planned.length,
      },
    };
  }

  /** The rare writes, after the batch's target moves they depend on: alerts, superseded codes. */
  private async finish(client: pg.PoolClient, work: TPreparedReconcile): Promise<void> {
    const { plan, lockId, organizationId, now } = work;
    if (plan.alerts.length === 0 && plan.resolveAlerts.length === 0 && plan.supersedeCodes.length === 0)
      return;
    const at = new Date(now);
    await this.repository.openAlerts(client, organizationId, lockId, plan.alerts, at);
    await this.repository.resolveAlerts(client, lockId, plan.resolveAlerts, at);
    const superseded = await this.repository.supersedeCodes(client, plan.supersedeCodes);
    await enqueueInOutbox(
      client,
      superseded.map((codeId) =>
        outboxJobs.event({
          type: 'access_code.superseded',
          organizationId,
          lockId,
          refId: codeId,
          at: now,
          data: { accessCodeId: codeId, lockId },
        }),
      ),
    );
  }
}

/**
 * The gateway's jobs for a batch's commands: those to send now in a few jobs, and the staged ones in a
 * few per edge, delayed to it.
 */
function commandJobs(writes: readonly TPlanWrite[]): TOutboxJob[] {
  const now: string[] = [];
  const byEdge = new Map<number, string[]>();
  for (const write of writes) {
    for (const command of write.commands) {
      if (command.sendAt === null) {
        now.push(command.id);
        continue;
      }
      const at = command.sendAt.getTime();
      const ids = byEdge.get(at);
      if (ids) ids.push(command.id);
      else byEdge.set(at, [command.id]);
    }
  }
  return [
    ...outboxJobs.commands(now),
    ...[...byEdge].flatMap(([at, ids]) => outboxJobs.commands(ids, new Date(at))),
  ];
}

/** The staged commands are those the plan would stage (same edge, and per command what it does). */
function sameStaged(
  staged: readonly {
    type: string;
    slot: number | null;
    accessCodeId: string | null;
    notAfter: number | null;
    sendAt: number | null;
  }[],
  at: number,
  commands: readonly TPlannedCommand[],
): boolean {
  return (
    staged.length === commands.length &&
    staged.every((s, i) => {
      const c = commands[i];
      return (
        c !== undefined &&
        s.sendAt === at &&
        s.type === c.type &&
        s.slot === c.slot &&
        s.accessCodeId === c.accessCodeId &&
        s.notAfter === c.notAfter
      );
    })
  );
}

/** Of two pending reasons for one lock, the one that decides more (reconnect and report override backoff). */
function strongerReason(a: TReconcileReason, b: TReconcileReason): TReconcileReason {
  const rank = (r: TReconcileReason) =>
    r === 'reconnect' ? 3 : r === 'report' ? 2 : SCHEDULE_REASONS.has(r) ? 1 : 0;
  return rank(b) > rank(a) ? b : a;
}
