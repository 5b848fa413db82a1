import { Writable } from 'node:stream';
import { codeSealerFromConfig } from '@lockstep/access-codes';
import { createTestDatabase, type TestDatabase } from '@lockstep/db/testing';
import { ZPinEnvelopeSchema } from '@lockstep/lock-protocol';
import { decryptPin } from '@lockstep/lock-protocol/node';
import { jobId, QueueName } from '@lockstep/queue';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyCommand,
  createCode,
  createLock,
  eventually,
  reportState,
  workerConfig,
  type LockFixture,
} from '../../test/factories.js';
import { ManualClock } from '../observability/clock.js';
import { startWorker, type Worker } from '../worker.js';
import { ReconcileRepository, type TPlanWrite } from './reconcile.repository.js';

// The reconciler against real Postgres and Redis, its clock injected: what it writes at window start
// and end, that it never writes a command twice, that the sweep rebuilds what Redis lost, and that no
// PIN ends up anywhere but sealed.

const T0 = Date.parse('2027-01-04T09:00:00Z');
const MIN = 60_000;
const PIN = '73948261';
const PRIMARY = '51736284';

describe('reconciler (real Postgres + Redis, injected clock)', () => {
  let database: TestDatabase;
  let config: ReturnType<typeof workerConfig>;
  let worker: Worker;
  let redis: Redis;
  const clock = new ManualClock(T0);
  const logLines: string[] = [];
  const sealer = () =>
    codeSealerFromConfig({ keyRing: config.CODE_KEYS, activeKeyId: config.CODE_ACTIVE_KEY_ID });
  const start = () =>
    startWorker(config, {
      clock,
      http: false,
      sweepTimer: false,
      processors: false,
      logger: pino(
        { level: 'debug' },
        new Writable({
          write(chunk: Buffer, _enc, done) {
            logLines.push(chunk.toString());
            done();
          },
        }),
      ),
    });

  beforeAll(async () => {
    database = await createTestDatabase('worker_reconciler');
    config = workerConfig(database.url, { WORKER_STAGE_LEAD_MS: '120000' });
    redis = new Redis(config.REDIS_URL!);
    worker = await start();
  });

  afterAll(async () => {
    await worker?.stop();
    if (redis) {
      const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
    await database?.drop();
  });

  const commands = (lockId: string) =>
    database.db.command.findMany({ where: { lockId }, orderBy: { desiredVersion: 'asc' } });

  async function lockWithPrimary(): Promise<LockFixture> {
    const lock = await createLock(database.db, sealer());
    const primary = await createCode(database.db, sealer(), [lock], { code: PRIMARY, kind: 'primary' });
    await database.db.accessCodeTarget.updateMany({
      where: { organizationId: lock.organizationId, accessCodeId: primary.accessCodeId },
      data: { status: 'set' },
    });
    await reportState(database.db, lock, [lock.fingerprint(1, PRIMARY), null], 1);
    return lock;
  }

  it('sets a code at its window start (PIN sealed to the lock) and clears it at the end', async () => {
    const lock = await lockWithPrimary();
    clock.set(T0);
    const { targetIds } = await createCode(database.db, sealer(), [lock], {
      code: PIN,
      startsAt: T0 + 10 * MIN,
      endsAt: T0 + 20 * MIN,
    });
    expect((await worker.reconciler.reconcile(lock.lockId, 'schedule')).commands).toBe(0);

    clock.set(T0 + 10 * MIN);
    expect(await worker.reconciler.reconcile(lock.lockId, 'schedule')).toMatchObject({ commands: 1 });
    const [set] = await commands(lock.lockId);
    expect(set).toMatchObject({
      type: 'set_code',
      slot: 2,
      status: 'pending',
      notAfter: new Date(T0 + 20 * MIN),
    });
    const payload = set!.payload as { slot: number; pin: unknown; notAfter: number };
    expect(payload.notAfter).toBe(T0 + 20 * MIN);
    const opened = decryptPin({
      envelope: ZPinEnvelopeSchema.parse(payload.pin),
      devicePrivateKey: lock.privateKey,
      commandId: set!.id,
    });
    expect(opened).toEqual({ ok: true, pin: PIN });
    const target = await database.db.accessCodeTarget.findUniqueOrThrow({ where: { id: targetIds[0] } });
    expect(target).toMatchObject({ status: 'setting', lastCommandId: set!.id });

    // The lock applies it and reports it: in sync, nothing more.
    await applyCommand(database.db, set!.id);
    await reportState(
      database.db,
      lock,
      [lock.fingerprint(1, PRIMARY), lock.fingerprint(2, PIN)],
      set!.desiredVersion,
    );
    expect((await worker.reconciler.reconcile(lock.lockId, 'report')).commands).toBe(0);

    clock.set(T0 + 20 * MIN);
    expect((await worker.reconciler.reconcile(lock.lockId, 'schedule')).commands).toBe(1);
    const clear = (await commands(lock.lockId))[1];
    expect(clear).toMatchObject({ type: 'clear_slot', slot: 2, payload: { slot: 2 }, notAfter: null });
    expect(clear!.desiredVersion).toBeGreaterThan(set!.desiredVersion);
    expect(
      await database.db.accessCodeTarget.findUniqueOrThrow({ where: { id: targetIds[0] } }),
    ).toMatchObject({
      status: 'removing',
      lastCommandId: clear!.id,
    });
    const transitions = await database.db.accessCodeTransition.findMany({
      where: { targetId: targetIds[0] },
      orderBy: { at: 'asc' },
    });
    expect(transitions.map((t) => [t.fromStatus, t.toStatus])).toEqual([
      [null, 'scheduled'],
      ['scheduled', 'setting'],
      ['set', 'removing'],
    ]);
  });

  it('writes no duplicate command across repeated reconciles and a restart, and nothing to a lock in sync', async () => {
    const lock = await lockWithPrimary();
    clock.set(T0);
    await createCode(database.db, sealer(), [lock], {
      code: '28461937',
      startsAt: T0 - MIN,
      endsAt: T0 + 30 * MIN,
    });
    await Promise.all([1, 2, 3].map(() => worker.reconciler.reconcile(lock.lockId, 'schedule')));
    await worker.reconciler.reconcile(lock.lockId, 'sweep');
    expect(await commands(lock.lockId)).toHaveLength(1);

    await worker.stop();
    worker = await start();
    await worker.reconciler.reconcile(lock.lockId, 'reconnect');
    const [only] = await commands(lock.lockId);
    expect(await commands(lock.lockId)).toHaveLength(1);

    await applyCommand(database.db, only!.id);
    await reportState(
      database.db,
      lock,
      [lock.fingerprint(1, PRIMARY), lock.fingerprint(2, '28461937')],
      only!.desiredVersion,
    );
    await worker.stop();
    worker = await start();
    for (const reason of ['reconnect', 'sweep', 'report'] as const) {
      expect(await worker.reconciler.reconcile(lock.lockId, reason)).toMatchObject({
        outcome: 'in_sync',
        commands: 0,
      });
    }
    // A report or ack requested before the last reconciliation began is answered by it; a later one runs.
    const before = Date.now() - 1;
    await worker.reconciler.reconcile(lock.lockId, 'sweep');
    expect(await worker.reconciler.reconcileUnlessAnswered(lock.lockId, 'report', before)).toMatchObject({
      outcome: 'answered',
    });
    expect(await worker.reconciler.reconcileUnlessAnswered(lock.lockId, 'schedule', before)).toMatchObject({
      outcome: 'in_sync',
    });
    expect(
      await worker.reconciler.reconcileUnlessAnswered(lock.lockId, 'ack', Date.now() + 1_000),
    ).toMatchObject({
      outcome: 'in_sync',
    });
    expect(await commands(lock.lockId)).toHaveLength(1);
  });

  it('restores the managed primary after a factory reset (the report starts again from version 0)', async () => {
    const lock = await createLock(database.db, sealer());
    await createCode(database.db, sealer(), [lock], { code: PRIMARY, kind: 'primary' });
    await reportState(database.db, lock, [null, null], 0);
    await worker.reconciler.reconcile(lock.lockId, 'report');
    const [install] = await commands(lock.lockId);
    expect(install).toMatchObject({ type: 'set_code', slot: 1 });
    await applyCommand(database.db, install!.id);
    await reportState(database.db, lock, [lock.fingerprint(1, PRIMARY), null], install!.desiredVersion);
    expect(await worker.reconciler.reconcile(lock.lockId, 'report')).toMatchObject({ outcome: 'in_sync' });

    // Factory reset: every slot empty, every version 0 — below the versions the cloud has sent.
    await reportState(database.db, lock, [null, null], 0);
    expect(await worker.reconciler.reconcile(lock.lockId, 'drift')).toMatchObject({ commands: 1 });
    const restore = (await commands(lock.lockId))[1];
    expect(restore).toMatchObject({ type: 'set_code', slot: 1, accessCodeId: install!.accessCodeId });
    expect(await database.db.alert.findMany({ where: { lockId: lock.lockId } })).toEqual([
      expect.objectContaining({ type: 'modified_on_device', status: 'open' }),
    ]);
  });

  it('offline at window end: removal_overdue alert; on reconnect the clear_slot is the first command', async () => {
    const lock = await lockWithPrimary();
    clock.set(T0);
    const { targetIds } = await createCode(database.db, sealer(), [lock], {
      code: '39184726',
      startsAt: T0 - 10 * MIN,
      endsAt: T0 + MIN,
    });
    await database.db.accessCodeTarget.update({ where: { id: targetIds[0] }, data: { status: 'set' } });
    await reportState(database.db, lock, [lock.fingerprint(1, PRIMARY), lock.fingerprint(2, '39184726')], 2);
    await database.db.device.update({ where: { id: lock.deviceId }, data: { online: false } });
    clock.set(T0 + 2 * MIN);
    expect(await worker.reconciler.reconcile(lock.lockId, 'schedule')).toMatchObject({
      outcome: 'offline',
      commands: 0,
    });
    await worker.reconciler.reconcile(lock.lockId, 'sweep');
    const alerts = await database.db.alert.findMany({ where: { lockId: lock.lockId } });
    expect(alerts).toEqual([
      expect.objectContaining({ type: 'removal_overdue', severity: 'critical', status: 'open' }),
    ]);
    expect(
      (await database.db.accessCodeTarget.findUniqueOrThrow({ where: { id: targetIds[0] } })).warnings,
    ).toEqual(['removal_overdue']);

    await database.db.device.update({ where: { id: lock.deviceId }, data: { online: true } });
    await worker.reconciler.reconcile(lock.lockId, 'reconnect');
    const sent = await commands(lock.lockId);
    expect(sent.map((c) => [c.type, c.slot])).toEqual([['clear_slot', 2]]);
  });

  it('a warning planned from a read before the gateway published the staged command still lands; a move does not', async () => {
    const lock = await lockWithPrimary();
    clock.set(T0 + 400 * MIN);
    const { targetIds } = await createCode(database.db, sealer(), [lock], {
      code: '48193726',
      startsAt: T0 + 390 * MIN,
      endsAt: T0 + 400 * MIN,
    });
    const targetId = targetIds[0]!;
    // The plan read `set`; the gateway has since published the staged clear and moved it to removing.
    await database.db.accessCodeTarget.update({
      where: { id: targetId },
      data: { status: 'removing', slot: 2 },
    });
    const row = await database.db.lock.findUniqueOrThrow({ where: { id: lock.lockId } });
    const at = new Date(T0 + 400 * MIN);
    const plan = (targets: TPlanWrite['targets']): TPlanWrite => ({
      lockId: lock.lockId,
      organizationId: lock.organizationId,
      deviceId: lock.deviceId,
      at,
      desiredVersion: row.desiredVersion,
      bookkeeping: { adoptedPrimaryFingerprint: null, reconcileFailures: 0, reconcileRetryAt: null },
      supersede: [],
      supersedeStaged: [],
      commands: [],
      targets,
      edges: [],
      jobs: [],
    });
    const repository = new ReconcileRepository();
    await repository.write(worker.pool, [
      plan([
        {
          targetId,
          from: 'set',
          to: 'set',
          addWarning: 'removal_overdue',
          transition: { cause: 'lock_offline', warning: 'removal_overdue', details: { slot: 2 } },
          commandId: null,
        },
      ]),
    ]);
    const target = () => database.db.accessCodeTarget.findUniqueOrThrow({ where: { id: targetId } });
    expect(await target()).toMatchObject({ status: 'removing', warnings: ['removal_overdue'] });
    const transitions = () => database.db.accessCodeTransition.findMany({ where: { targetId } });
    const afterWarning = (await transitions()).length;
    expect((await transitions()).filter((t) => t.warning !== null)).toEqual([
      expect.objectContaining({ fromStatus: 'removing', toStatus: 'removing', warning: 'removal_overdue' }),
    ]);

    // A status move from a stale read does not land: the gateway's move stands.
    await repository.write(worker.pool, [
      plan([
        {
          targetId,
          from: 'set',
          to: 'removed',
          transition: { cause: 'not_on_lock', details: { slot: 2 } },
          commandId: null,
        },
      ]),
    ]);
    expect(await target()).toMatchObject({ status: 'removing' });
    expect(await transitions()).toHaveLength(afterWarning);
  });

  it('reconciles locks asked for in one turn in one batch, and a lock whose plan fails fails alone', async () => {
    clock.set(T0);
    const good = await lockWithPrimary();
    const bad = await lockWithPrimary();
    const window = { startsAt: T0 - MIN, endsAt: T0 + 30 * MIN };
    await createCode(database.db, sealer(), [good], { code: '61829374', ...window });
    const broken = await createCode(database.db, sealer(), [bad], { code: '72930485', ...window });
    // A sealed code that no longer opens (a wrong key, a corrupted row): its lock's plan throws.
    await database.db.$executeRawUnsafe(
      `UPDATE access_codes SET code_sealed = '\\x00' WHERE id = $1::uuid`,
      broken.accessCodeId,
    );
    const [ok, failed] = await Promise.allSettled([
      worker.reconciler.reconcile(good.lockId, 'schedule'),
      worker.reconciler.reconcile(bad.lockId, 'schedule'),
    ]);
    expect(ok).toMatchObject({ status: 'fulfilled', value: { lockId: good.lockId, commands: 1 } });
    expect(failed.status).toBe('rejected');
    expect((await commands(good.lockId)).filter((c) => c.slot === 2)).toHaveLength(1);
    expect((await commands(bad.lockId)).filter((c) => c.slot === 2)).toHaveLength(0);
  });

  it('fires a window instant: every lock whose edge is due is reconciled in one pass, and the next edge is stored', async () => {
    clock.set(T0);
    const locks = [await lockWithPrimary(), await lockWithPrimary(), await lockWithPrimary()];
    const startsAt = T0 + 30 * MIN;
    const endsAt = T0 + 40 * MIN;
    const codes = [];
    for (const [index, lock] of locks.entries()) {
      codes.push(
        await createCode(database.db, sealer(), [lock], { code: `8${index}736152`, startsAt, endsAt }),
      );
    }
    // A lock whose code starts later is not touched by this instant.
    const later = await lockWithPrimary();
    await createCode(database.db, sealer(), [later], {
      code: '90817263',
      startsAt: startsAt + MIN,
      endsAt,
    });
    await Promise.all([...locks, later].map((l) => worker.reconciler.reconcile(l.lockId, 'schedule')));
    const edgeOf = async (lockId: string) =>
      (
        await database.db.accessCodeTarget.findMany({
          where: { lockId, accessCode: { kind: { not: 'primary' } } },
        })
      ).map((t) => t.nextEdgeAt?.getTime() ?? null);
    for (const lock of locks) expect(await edgeOf(lock.lockId)).toEqual([startsAt]);
    expect(await edgeOf(later.lockId)).toEqual([startsAt + MIN]);
    // One instant job however many locks share the instant (the batch collapses their outbox rows).
    const jobKey = `${config.QUEUE_PREFIX}:${QueueName.windows}:${jobId.windowEdge(startsAt)}`;
    await eventually(async () => (await redis.exists(jobKey)) === 1);

    clock.set(startsAt);
    // (Earlier tests' locks with edges due by then are picked up too: the query is "due by", not "at".)
    const report = await worker.windows.fire(startsAt);
    expect(report.failed).toBe(0);
    expect(report.locks).toBeGreaterThanOrEqual(locks.length);
    for (const lock of locks) {
      const sets = (await commands(lock.lockId)).filter((c) => c.type === 'set_code' && c.slot === 2);
      expect(sets).toHaveLength(1);
      expect(await edgeOf(lock.lockId)).toEqual([endsAt]);
    }
    expect((await commands(later.lockId)).filter((c) => c.slot === 2)).toHaveLength(0);
    // Firing the same instant again finds nothing due: no second command.
    expect(await worker.windows.fire(startsAt)).toEqual({ locks: 0, failed: 0 });
  });

  it('stages a near edge: the command waits for the instant, which then needs no reconciliation; a change before it re-plans', async () => {
    const base = T0 + 200 * MIN;
    clock.set(base);
    const startsAt = base + MIN;
    const endsAt = startsAt + 10 * MIN;
    const [a, b, c] = [await lockWithPrimary(), await lockWithPrimary(), await lockWithPrimary()];
    const codes: Awaited<ReturnType<typeof createCode>>[] = [];
    for (const [index, lock] of [a, b, c].entries()) {
      codes.push(
        await createCode(database.db, sealer(), [lock], { code: `6${index}183729`, startsAt, endsAt }),
      );
    }
    const results = await Promise.all(
      [a, b, c].map((l) => worker.reconciler.reconcile(l.lockId, 'schedule')),
    );
    expect(results.map((r) => r.outcome)).toEqual(['staged', 'staged', 'staged']);
    // Staged at once, so no target ever stored the start: its instant's job is enqueued all the same
    // (it reconciles a lock that is offline by then).
    expect(
      await eventually(async () => {
        const row = await worker.pool.query(`SELECT 1 FROM outbox WHERE job_id = $1`, [
          jobId.windowEdge(startsAt),
        ]);
        if (row.rowCount) return true;
        const keys = await redis.keys(`${config.QUEUE_PREFIX}:*:${jobId.windowEdge(startsAt)}`);
        return keys.length > 0 ? true : undefined;
      }),
    ).toBe(true);

    const [staged] = await commands(a.lockId).then((cs) => cs.filter((x) => x.slot === 2));
    expect(staged).toMatchObject({
      type: 'set_code',
      status: 'pending',
      sendAt: new Date(startsAt),
      cause: 'window_start',
      notAfter: new Date(endsAt),
    });
    const targetOf = (i: number) =>
      database.db.accessCodeTarget.findUniqueOrThrow({ where: { id: codes[i]!.targetIds[0] } });
    // Not setting yet (the window has not started), but pointing at the command its ack will apply;
    // its next edge is the one after the staged start.
    expect(await targetOf(0)).toMatchObject({
      status: 'scheduled',
      lastCommandId: staged!.id,
      nextEdgeAt: new Date(endsAt),
    });
    // Its gateway job is delayed to the start: in the outbox, or already relayed to Redis (the relay
    // runs in this worker), where BullMQ keeps its creation time and delay.
    const dueAt = await eventually(async () => {
      const row = await worker.pool.query<{ run_at: Date }>(
        `SELECT run_at FROM outbox WHERE queue = 'commands' AND data->'commandIds' ? $1`,
        [staged!.id],
      );
      if (row.rows[0]) return row.rows[0].run_at.getTime();
      for (const key of await redis.keys(`${config.QUEUE_PREFIX}:${QueueName.commands}:commands.*`)) {
        const [data, timestamp, delay] = await redis.hmget(key, 'data', 'timestamp', 'delay');
        if (data?.includes(staged!.id)) return Number(timestamp) + Number(delay);
      }
      return undefined;
    });
    // BullMQ's timestamp is taken a moment after the relay computed the delay.
    expect(dueAt).toBeGreaterThanOrEqual(startsAt);
    expect(dueAt - startsAt).toBeLessThan(5_000);

    // Reconciled again before the start (a report, a sweep): the same staged command stands.
    clock.set(base + 10_000);
    expect(await worker.reconciler.reconcile(a.lockId, 'report')).toMatchObject({
      outcome: 'in_sync',
      commands: 0,
    });
    expect((await commands(a.lockId)).filter((x) => x.slot === 2).map((x) => [x.id, x.status])).toEqual([
      [staged!.id, 'pending'],
    ]);

    // B's code is revoked before the start: its staged command is superseded, nothing is sent.
    await database.db.accessCode.update({
      where: { id: codes[1]!.accessCodeId },
      data: { state: 'revoked', revokedAt: new Date(base + 20_000) },
    });
    clock.set(base + 20_000);
    await worker.reconciler.reconcile(b.lockId, 'manual');
    expect((await commands(b.lockId)).filter((x) => x.slot === 2).map((x) => x.status)).toEqual([
      'superseded',
    ]);
    expect(await targetOf(1)).toMatchObject({ status: 'removed' });

    // C goes offline before the start, and the gateway publishes its staged command at the start
    // before the instant's job runs: the instant still reconciles it (set_late), its command kept.
    await database.db.device.update({ where: { id: c.deviceId }, data: { online: false } });
    await database.db.command.updateMany({
      where: { organizationId: c.organizationId, lockId: c.lockId, slot: 2, status: 'pending' },
      data: { status: 'sent', attempts: 1, sentAt: new Date(startsAt) },
    });
    await database.db.accessCodeTarget.update({
      where: { id: codes[2]!.targetIds[0] },
      data: { status: 'setting' },
    });

    const before = await database.db.lock.findUniqueOrThrow({ where: { id: a.lockId } });
    clock.set(startsAt);
    const report = await worker.windows.fire(startsAt);
    expect(report.failed).toBe(0);
    // A is left to the gateway, which publishes its command now (and moves the target to setting).
    expect(await targetOf(0)).toMatchObject({ status: 'scheduled', lastCommandId: staged!.id });
    // A was not reconciled at the instant: the staged command was all it needed.
    expect((await database.db.lock.findUniqueOrThrow({ where: { id: a.lockId } })).lastReconciledAt).toEqual(
      before.lastReconciledAt,
    );
    expect((await commands(a.lockId)).filter((x) => x.slot === 2)).toHaveLength(1);
    // C was: late, still waiting to be installed by the command it already has.
    expect(await targetOf(2)).toMatchObject({ status: 'setting', warnings: ['set_late'] });
    expect((await commands(c.lockId)).filter((x) => x.slot === 2).map((x) => x.status)).toEqual(['sent']);
  });

  it('the sweep rebuilds the window jobs and command jobs after Redis lost every key', async () => {
    const lock = await lockWithPrimary();
    clock.set(T0);
    const { accessCodeId } = await createCode(database.db, sealer(), [lock], {
      code: '46182937',
      startsAt: T0 + 5 * MIN,
      endsAt: T0 + 15 * MIN,
    });
    const running = await createCode(database.db, sealer(), [await lockWithPrimary()], {
      code: '64829173',
      startsAt: T0 - MIN,
      endsAt: T0 + 15 * MIN,
    });
    void running;
    await worker.reconciler.reconcile(lock.lockId, 'schedule');
    void accessCodeId;
    const edgeId = jobId.windowEdge(T0 + 5 * MIN);
    const jobKey = (queue: string, id: string) => `${config.QUEUE_PREFIX}:${queue}:${id}`;
    await eventually(async () => (await redis.exists(jobKey(QueueName.windows, edgeId))) === 1);

    // Redis loses everything of ours (a FLUSHALL, as far as this prefix is concerned).
    const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
    await redis.del(...keys);
    expect(await redis.exists(jobKey(QueueName.windows, edgeId))).toBe(0);

    const report = await worker.sweeper.sweepWindows();
    expect(report.edgeJobs).toBeGreaterThanOrEqual(1);
    expect(await redis.exists(jobKey(QueueName.windows, edgeId))).toBe(1);
    // The other lock's code is inside its window but that lock was never reconciled: the sweep asks.
    expect(report.reconciles).toBeGreaterThanOrEqual(1);

    const pending = await database.db.command.findMany({ where: { status: { in: ['pending', 'sent'] } } });
    expect(pending.length).toBeGreaterThan(0);
    await worker.sweeper.sweepCommands();
    // Each command's own batch job is back (its stored id), and no second job per command was added.
    for (const command of pending) {
      expect(command.jobId).toMatch(/^commands\./);
      expect(await redis.exists(jobKey(QueueName.commands, command.jobId!))).toBe(1);
      expect(await redis.exists(jobKey(QueueName.commands, jobId.command({ commandId: command.id })))).toBe(
        0,
      );
    }
    // A command unchanged long past its send time has no live job to collapse into: it gets its own.
    const stranded = pending[0]!;
    await database.db.$executeRaw`UPDATE commands SET updated_at = now() - interval '6 minutes',
      send_at = CASE WHEN send_at IS NULL THEN NULL ELSE now() - interval '6 minutes' END WHERE id = ${stranded.id}::uuid`;
    await worker.sweeper.sweepCommands();
    expect(await redis.exists(jobKey(QueueName.commands, jobId.command({ commandId: stranded.id })))).toBe(1);
    // Sweeping again adds nothing new: deterministic ids.
    const before = (await redis.keys(`${config.QUEUE_PREFIX}:*`)).length;
    await worker.sweeper.sweepWindows();
    await worker.sweeper.sweepCommands();
    expect((await redis.keys(`${config.QUEUE_PREFIX}:*`)).length).toBe(before);
  });

  it('never writes a PIN in clear: commands, Redis jobs and logs hold none', async () => {
    await eventually(async () => (await database.db.outboxEntry.count()) === 0);
    const rows = await database.db.command.findMany();
    expect(rows.length).toBeGreaterThan(0);
    const secrets = [PIN, PRIMARY, '28461937', '39184726', '46182937', '64829173'];
    const haystacks: string[] = [JSON.stringify(rows.map((r) => r.payload)), logLines.join('\n')];
    for (const key of await redis.keys(`${config.QUEUE_PREFIX}:*`)) {
      const type = await redis.type(key);
      if (type === 'hash') haystacks.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'string') haystacks.push((await redis.get(key)) ?? '');
      else if (type === 'list') haystacks.push(JSON.stringify(await redis.lrange(key, '0', '-1')));
      else if (type === 'zset') haystacks.push(JSON.stringify(await redis.zrange(key, '0', '-1')));
    }
    expect(logLines.length).toBeGreaterThan(0);
    for (const text of haystacks) for (const secret of secrets) expect(text.includes(secret)).toBe(false);
  });
});
