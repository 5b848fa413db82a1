import { randomUUID } from 'node:crypto';
import { type TCodeSealer } from '@lockstep/access-codes';
import { encryptPin, slotFingerprint } from '@lockstep/lock-protocol/node';
import { enqueueInOutbox, type TOutboxJob } from '@lockstep/queue';
import type pg from 'pg';
import { type Clock } from '../observability/clock.js';
import { type Logger } from '../observability/logger.js';
import { type WorkerMetrics } from '../observability/metrics.js';
import { outboxJobs } from '../queues/outbox-jobs.js';
import { LockCoalescer } from './lock-coalescer.js';
import {
  planReconcile,
  type TPlanOptions,
  type TReconcilePlan,
  type TReconcileReason,
} from './reconcile-plan.js';
import { ReconcileRepository } from './reconcile.repository.js';

/** Reasons whose reconciliation re-plans window edges (reports and acks do not change schedules). */
const PLANS_EDGES: ReadonlySet<TReconcileReason> = new Set([
  'schedule',
  'sweep',
  'reconnect',
  'manual',
  'use_limit',
  'move_out',
  'retry',
]);

/** Reasons a later reconciliation answers fully (they plan no edges of their own). */
const ANSWERABLE: ReadonlySet<TReconcileReason> = new Set(['ack', 'report', 'drift']);

export interface TReconcileResult {
  lockId: string;
  outcome: TReconcilePlan['outcome'] | 'missing' | 'answered';
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

  constructor(
    private readonly pool: pg.Pool,
    private readonly sealer: TCodeSealer,
    private readonly clock: Clock,
    private readonly metrics: WorkerMetrics,
    private readonly logger: Logger,
    private readonly options: TPlanOptions,
    private readonly onCommitted: () => void = () => undefined,
  ) {}

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

  private async reconcileNow(lockId: string, reason: TReconcileReason): Promise<TReconcileResult> {
    const stopTimer = this.metrics.reconcileSeconds.startTimer();
    const client = await this.pool.connect();
    try {
      // Wall time, like BullMQ's job timestamps; taken before the snapshot is read.
      this.noteStart(lockId, Date.now());
      await client.query('BEGIN');
      const result = await this.reconcileIn(client, lockId, reason);
      await client.query('COMMIT');
      this.metrics.reconciles.inc({ outcome: result.outcome });
      if (result.commands > 0 || result.outcome !== 'in_sync') this.onCommitted();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      this.metrics.reconciles.inc({ outcome: 'error' });
      throw error;
    } finally {
      client.release();
      stopTimer();
    }
  }

  private async reconcileIn(
    client: pg.PoolClient,
    lockId: string,
    reason: TReconcileReason,
  ): Promise<TReconcileResult> {
    const snapshot = await this.repository.load(client, lockId);
    if (!snapshot) return { lockId, outcome: 'missing', commands: 0 };
    const now = this.clock.now();
    const at = new Date(now);
    const { state } = snapshot;
    for (const codeId of snapshot.unreadable) {
      this.logger.error({ lockId, accessCodeId: codeId }, 'access code schedule does not parse; skipped');
    }

    let deviceKey: Buffer | null = null;
    const device = snapshot.device;
    if (device?.fingerprintKeySealed && device.keyId) {
      try {
        deviceKey = this.sealer.openDeviceKey(device.fingerprintKeySealed, device.keyId);
      } catch (error) {
        this.logger.error(
          { lockId, deviceId: device.deviceId, err: error },
          'device fingerprint key does not open',
        );
      }
    }
    if (state.device) state.device.hasFingerprintKey = deviceKey !== null;

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
    const fingerprints = new Map<string, string>();
    const fingerprintOf = (slot: number, codeId: string): string => {
      const key = `${slot}:${codeId}`;
      let value = fingerprints.get(key);
      if (value === undefined) {
        if (deviceKey === null || device === null) throw new Error('no device key');
        // Codes the lock has never held (unknown ids in commands) fingerprint to nothing it reports.
        value = sealedById.has(codeId)
          ? slotFingerprint({ deviceKey, deviceId: device.deviceId, slot, code: codeOf(codeId) })
          : `?missing:${codeId}`;
        fingerprints.set(key, value);
      }
      return value;
    };

    const plan = planReconcile({
      lock: state,
      targets: snapshot.targets,
      inFlight: snapshot.inFlight,
      fingerprintOf,
      now,
      reason,
      options: this.options,
    });

    if (plan.supersede.length > 0) this.metrics.superseded.inc(plan.supersede.length);
    const firstVersion = snapshot.desiredVersion + 1;
    const commandIds = plan.commands.map(() => randomUUID());
    const rows = plan.commands.map((command, index) => {
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
      };
    });
    for (const update of plan.targets) {
      if (update.addWarning) this.metrics.warnings.inc({ warning: update.addWarning });
    }

    const jobs: TOutboxJob[] = [];
    for (const id of commandIds) jobs.push(outboxJobs.command(id));
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
    if (PLANS_EDGES.has(reason)) {
      for (const edge of plan.edges) jobs.push(outboxJobs.windowEdge({ ...edge, lockId }));
    }
    if (plan.retryAt !== null) jobs.push(outboxJobs.reconcile(lockId, 'retry', new Date(plan.retryAt)));

    await this.repository.write(client, {
      lockId,
      organizationId: state.organizationId,
      deviceId: device?.deviceId ?? '',
      at,
      desiredVersion: snapshot.desiredVersion + plan.commands.length,
      bookkeeping: plan.lock,
      supersede: plan.supersede,
      commands: rows,
      targets: plan.targets.map((u) => ({
        ...u,
        commandId: u.command === undefined ? null : (commandIds[u.command] ?? null),
      })),
      jobs,
    });
    // Rare paths, after the target moves they depend on.
    await this.repository.openAlerts(client, state.organizationId, lockId, plan.alerts, at);
    await this.repository.resolveAlerts(client, lockId, plan.resolveAlerts, at);
    const superseded = await this.repository.supersedeCodes(client, plan.supersedeCodes);
    await enqueueInOutbox(
      client,
      superseded.map((codeId) =>
        outboxJobs.event({
          type: 'access_code.superseded',
          organizationId: state.organizationId,
          lockId,
          refId: codeId,
          at: now,
          data: { accessCodeId: codeId, lockId },
        }),
      ),
    );

    if (plan.commands.length > 0 || plan.events.length > 0) {
      this.logger.debug(
        {
          lockId,
          reason,
          outcome: plan.outcome,
          commands: plan.commands.map((c) => ({ type: c.type, slot: c.slot, cause: c.cause })),
          superseded: plan.supersede.length,
          events: plan.events.map((e) => e.type),
        },
        'lock reconciled',
      );
    }
    return { lockId, outcome: plan.outcome, commands: plan.commands.length };
  }
}

/** Of two pending reasons for one lock, the one that decides more (reconnect and report override backoff). */
function strongerReason(a: TReconcileReason, b: TReconcileReason): TReconcileReason {
  const rank = (r: TReconcileReason) =>
    r === 'reconnect' ? 3 : r === 'report' ? 2 : PLANS_EDGES.has(r) ? 1 : 0;
  return rank(b) > rank(a) ? b : a;
}
