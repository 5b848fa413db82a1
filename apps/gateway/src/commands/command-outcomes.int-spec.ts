import { OUTBOX_ENTRIES } from '@lockstep/queue';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_OPTIONS } from '@lockstep/db/session';
import { createTestDatabase, type TestDatabase } from '@lockstep/db/testing';
import { ZAckMessageSchema, type TAckMessage } from '@lockstep/lock-protocol';
import {
  createCodeTarget,
  createCommand,
  createDevice,
  createOrganization,
  messages,
  type DeviceFixture,
} from '../../test/factories.js';
import { counterValue } from '../../test/gateway-harness.js';
import { type DeviceRecord } from '../devices/device-registry.js';
import { Rejections } from '../ingest/rejections.js';
import { ManualClock } from '../observability/clock.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics, type GatewayMetrics } from '../observability/metrics.js';
import { CommandOutcomeService } from './command-acks.service.js';
import { CommandsRepository } from './commands.repository.js';

/**
 * Acks resolved in batches (one transaction per turn of the event loop), against the real Postgres:
 * the service and repository as the gateway wires them, without MQTT (the router hands acks over the
 * same way: many `ackReceived` calls in one turn).
 */
describe('command outcomes in batches (real Postgres)', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let repository: CommandsRepository;
  const clock = new ManualClock(Date.parse('2026-12-02T10:00:00.000Z'));
  let metrics: GatewayMetrics;
  let service: CommandOutcomeService;
  /** Transactions the repository ran (one per batch). */
  let batches: number[];
  let commits = 0;

  beforeAll(async () => {
    database = await createTestDatabase('gw_outcomes');
    pool = new pg.Pool({ connectionString: database.url, max: 4, options: SESSION_OPTIONS });
    repository = new CommandsRepository(pool);
    const resolveMany = repository.resolveMany.bind(repository);
    repository.resolveMany = (requests) => {
      batches.push(requests.length);
      return resolveMany(requests);
    };
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  /** A fresh service (and metrics) per test, so counters start at zero. */
  function freshService() {
    metrics = createMetrics();
    const logger = createLogger('silent');
    batches = [];
    commits = 0;
    service = new CommandOutcomeService(
      repository,
      clock,
      metrics,
      logger,
      new Rejections(metrics, logger),
      () => commits++,
    );
  }

  const db = () => database.db;
  const record = (lock: DeviceFixture): DeviceRecord => ({
    id: lock.deviceId,
    organizationId: lock.organizationId,
    lockId: lock.lockId,
    model: lock.model,
    state: 'active',
    publicKey: lock.publicKey,
    credentialHash: null,
  });
  const ack = (commandId: string, result: 'applied' | 'rejected' = 'applied'): TAckMessage =>
    ZAckMessageSchema.parse(messages.ack(commandId, result));
  const topic = (lock: DeviceFixture) => `lockstep/v1/${lock.deviceId}/ack`;
  const outboxFor = (lockId: string) =>
    db().$queryRawUnsafe<{ queue: string; name: string; reason: string | null; ref: string | null }[]>(
      `SELECT queue, name, data->>'reason' AS reason, data->>'refId' AS ref FROM ${OUTBOX_ENTRIES} outbox
       WHERE data->>'lockId' = $1 ORDER BY id`,
      lockId,
    );
  const openAssignments = (lockId: string, slot: number) =>
    db().slotAssignment.findMany({ where: { lockId, slot, toAt: null } });

  /** A lock with a sent set_code command for a target on `slot`. */
  async function sentSetCode(slot = 2, org?: Awaited<ReturnType<typeof createOrganization>>) {
    const lock = await createDevice(db(), org ? { org } : {});
    const { targetId, accessCodeId } = await createCodeTarget(db(), lock, 'setting', slot);
    const commandId = await createCommand(db(), lock, { type: 'set_code', slot, targetId, accessCodeId });
    await db().command.update({
      where: { id: commandId },
      data: { status: 'sent', attempts: 1, sentAt: new Date() },
    });
    return { lock, targetId, accessCodeId, commandId };
  }

  it('resolves a batch of acks for many locks in one transaction, each exactly once', async () => {
    freshService();
    const org = await createOrganization(db());
    const cases = [];
    for (let i = 0; i < 25; i++) cases.push(await sentSetCode(1 + (i % 2), org));
    await Promise.all(cases.map((c) => service.ackReceived(record(c.lock), ack(c.commandId), topic(c.lock))));
    expect(batches).toEqual([25]);
    expect(commits).toBe(1);
    expect(
      await counterValue({ metrics }, 'lockstep_gateway_command_outcomes_total', { outcome: 'applied' }),
    ).toBe(25);
    for (const c of cases) {
      const command = await db().command.findUniqueOrThrow({ where: { id: c.commandId } });
      expect(command.status).toBe('applied');
      const target = await db().accessCodeTarget.findUniqueOrThrow({ where: { id: c.targetId } });
      expect(target).toMatchObject({ status: 'set', failureReason: null });
      expect(target.installedAt).toEqual(command.resolvedAt);
      expect(await db().accessCodeTransition.findMany({ where: { targetId: c.targetId } })).toMatchObject([
        {
          fromStatus: 'setting',
          toStatus: 'set',
          cause: 'command_applied',
          details: { commandId: c.commandId },
        },
      ]);
      expect(await openAssignments(c.lock.lockId, target.slot as number)).toMatchObject([
        { accessCodeId: c.accessCodeId, fromAt: command.resolvedAt },
      ]);
      const outbox = await outboxFor(c.lock.lockId);
      expect(outbox.map((o) => o.name).sort()).toEqual(['access_code.set_on_device', 'command.applied']);
    }
  });

  it('changes nothing for a redelivered ack, inside the same batch or in a later one', async () => {
    freshService();
    const c = await sentSetCode(3);
    const device = record(c.lock);
    await Promise.all([
      service.ackReceived(device, ack(c.commandId), topic(c.lock)),
      service.ackReceived(device, ack(c.commandId), topic(c.lock)),
    ]);
    expect(batches).toEqual([2]);
    const dup = () => counterValue({ metrics }, 'lockstep_gateway_duplicates_total', { table: 'commands' });
    expect(await dup()).toBe(1);
    const afterFirst = {
      command: await db().command.findUniqueOrThrow({ where: { id: c.commandId } }),
      outbox: await outboxFor(c.lock.lockId),
    };
    expect(afterFirst.command.status).toBe('applied');

    clock.advance(5_000);
    await service.ackReceived(device, ack(c.commandId), topic(c.lock));
    expect(await dup()).toBe(2);
    expect(await db().command.findUniqueOrThrow({ where: { id: c.commandId } })).toEqual(afterFirst.command);
    expect(await outboxFor(c.lock.lockId)).toEqual(afterFirst.outbox);
    expect(await db().accessCodeTransition.count({ where: { targetId: c.targetId } })).toBe(1);
    expect(await db().slotAssignment.count({ where: { lockId: c.lock.lockId } })).toBe(1);
    expect(
      await counterValue({ metrics }, 'lockstep_gateway_command_outcomes_total', { outcome: 'applied' }),
    ).toBe(1);
  });

  it('two acks for the same slot in one batch leave one open assignment, for the later code', async () => {
    freshService();
    const lock = await createDevice(db());
    const holder = await db().user.create({ data: { email: `h-${randomUUID()}@test.dev`, name: 'Hal' } });
    const earlier = await db().slotAssignment.create({
      data: {
        organizationId: lock.organizationId,
        lockId: lock.lockId,
        slot: 4,
        fromAt: new Date(clock.now() - 3_600_000),
      },
    });
    const first = await createCodeTarget(db(), lock, 'setting', 4);
    const second = await createCodeTarget(db(), lock, 'setting', 4, holder.id);
    // Two codes for slot 4 (the reconciler moved the slot on): both commands sent, acked in one turn.
    const firstId = await createCommand(db(), lock, { type: 'set_code', slot: 4, ...first });
    const secondId = await createCommand(db(), lock, { type: 'set_code', slot: 4, ...second });
    // A clear of another slot of the same lock rides in the same batch.
    const cleared = await createCodeTarget(db(), lock, 'removing', 5);
    const clearId = await createCommand(db(), lock, { type: 'clear_slot', slot: 5, ...cleared });
    const device = record(lock);
    const t1 = clock.now();
    const acks = [service.ackReceived(device, ack(firstId), topic(lock))];
    clock.advance(40);
    const t2 = clock.now();
    acks.push(service.ackReceived(device, ack(secondId), topic(lock)));
    acks.push(service.ackReceived(device, ack(clearId), topic(lock)));
    await Promise.all(acks);
    expect(batches).toEqual([3]);

    expect((await db().slotAssignment.findUniqueOrThrow({ where: { id: earlier.id } })).toAt).toEqual(
      new Date(t1),
    );
    const rows = await db().slotAssignment.findMany({
      where: { lockId: lock.lockId, slot: 4, NOT: { id: earlier.id } },
      orderBy: { fromAt: 'asc' },
    });
    expect(rows).toMatchObject([
      { accessCodeId: first.accessCodeId, holderUserId: null, fromAt: new Date(t1), toAt: new Date(t2) },
      { accessCodeId: second.accessCodeId, holderUserId: holder.id, fromAt: new Date(t2), toAt: null },
    ]);
    expect(await openAssignments(lock.lockId, 4)).toHaveLength(1);
    expect(await openAssignments(lock.lockId, 5)).toHaveLength(0);
    expect(await db().accessCodeTarget.findUniqueOrThrow({ where: { id: cleared.targetId } })).toMatchObject({
      status: 'removed',
      removedAt: new Date(t2),
    });

    // The same two acks in one turn at the same instant: arrival order decides.
    const lock2 = await createDevice(db());
    const a = await createCodeTarget(db(), lock2, 'setting', 1);
    const b = await createCodeTarget(db(), lock2, 'setting', 1);
    const aId = await createCommand(db(), lock2, { type: 'set_code', slot: 1, ...a });
    const bId = await createCommand(db(), lock2, { type: 'set_code', slot: 1, ...b });
    await Promise.all([
      service.ackReceived(record(lock2), ack(bId), topic(lock2)),
      service.ackReceived(record(lock2), ack(aId), topic(lock2)),
    ]);
    expect(await openAssignments(lock2.lockId, 1)).toMatchObject([{ accessCodeId: a.accessCodeId }]);
    expect(await db().slotAssignment.count({ where: { lockId: lock2.lockId } })).toBe(2);
  });

  it('rejects an ack for an unknown command and one for another device, and applies the rest of the batch', async () => {
    freshService();
    const mine = await sentSetCode(2);
    const other = await sentSetCode(2);
    const alsoMine = await createCommand(db(), mine.lock, { type: 'request_state' });
    const device = record(mine.lock);
    await Promise.all([
      service.ackReceived(device, ack(randomUUID()), topic(mine.lock)),
      service.ackReceived(device, ack(other.commandId), topic(mine.lock)),
      service.ackReceived(device, ack(mine.commandId), topic(mine.lock)),
      service.ackReceived(device, ack(alsoMine), topic(mine.lock)),
    ]);
    expect(batches).toEqual([4]);
    const rejects = (reason: string) =>
      counterValue({ metrics }, 'lockstep_gateway_rejects_total', { reason });
    expect(await rejects('unknown_command')).toBe(1);
    expect(await rejects('command_device_mismatch')).toBe(1);
    expect((await db().command.findUniqueOrThrow({ where: { id: other.commandId } })).status).toBe('sent');
    expect(await db().accessCodeTarget.findUniqueOrThrow({ where: { id: other.targetId } })).toMatchObject({
      status: 'setting',
    });
    expect(await outboxFor(other.lock.lockId)).toEqual([]);
    expect((await db().command.findUniqueOrThrow({ where: { id: mine.commandId } })).status).toBe('applied');
    expect((await db().command.findUniqueOrThrow({ where: { id: alsoMine } })).status).toBe('applied');
    expect(
      await counterValue({ metrics }, 'lockstep_gateway_command_outcomes_total', { outcome: 'applied' }),
    ).toBe(2);
  });

  it('an applied ack writes no reconcile request; a rejected ack and a give-up do', async () => {
    freshService();
    const applied = await sentSetCode(2);
    const rejected = await sentSetCode(2);
    const failed = await sentSetCode(2);
    await Promise.all([
      service.ackReceived(record(applied.lock), ack(applied.commandId), topic(applied.lock)),
      service.ackReceived(record(rejected.lock), ack(rejected.commandId, 'rejected'), topic(rejected.lock)),
      service.commandFailed(failed.commandId, 'ack_timeout'),
    ]);
    expect(batches).toEqual([3]);
    expect((await outboxFor(applied.lock.lockId)).map((o) => [o.queue, o.name]).sort()).toEqual([
      ['domain-events', 'access_code.set_on_device'],
      ['domain-events', 'command.applied'],
    ]);
    expect((await outboxFor(rejected.lock.lockId)).map((o) => [o.queue, o.name]).sort()).toEqual([
      ['domain-events', 'access_code.failed_to_set'],
      ['domain-events', 'command.rejected'],
      ['reconcile', 'reconcile'],
    ]);
    expect((await outboxFor(failed.lock.lockId)).filter((o) => o.queue === 'reconcile')).toMatchObject([
      { reason: 'ack' },
    ]);
    expect(await db().accessCodeTarget.findUniqueOrThrow({ where: { id: rejected.targetId } })).toMatchObject(
      {
        status: 'failed',
        failureReason: 'rejected: busy',
      },
    );
    expect(await db().command.findUniqueOrThrow({ where: { id: failed.commandId } })).toMatchObject({
      status: 'failed',
      rejectReason: 'ack_timeout',
    });
    expect(await db().accessCodeTarget.findUniqueOrThrow({ where: { id: failed.targetId } })).toMatchObject({
      status: 'failed',
      failureReason: 'ack_timeout',
    });
  });

  it('resolves a command once when its ack and the gateway giving up meet in one batch: the first wins', async () => {
    freshService();
    const c = await sentSetCode(2);
    await Promise.all([
      service.commandFailed(c.commandId, 'ack_timeout'),
      service.ackReceived(record(c.lock), ack(c.commandId), topic(c.lock)),
    ]);
    expect(batches).toEqual([2]);
    expect((await db().command.findUniqueOrThrow({ where: { id: c.commandId } })).status).toBe('failed');
    expect(await counterValue({ metrics }, 'lockstep_gateway_duplicates_total', { table: 'commands' })).toBe(
      1,
    );
    expect(await db().accessCodeTransition.count({ where: { targetId: c.targetId } })).toBe(1);
  });

  it('retries a batch whose transaction fails ack by ack: only the bad ack fails, the rest commit', async () => {
    freshService();
    const first = await sentSetCode(2);
    const second = await sentSetCode(2);
    const good = [first, second];
    const bad = await sentSetCode(2);
    // A real failure inside the transaction, for this one command only.
    await db().$executeRawUnsafe(`
      CREATE FUNCTION refuse_test_command() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id = '${bad.commandId}'::uuid THEN RAISE EXCEPTION 'refused for the test'; END IF;
        RETURN NEW;
      END $$`);
    await db().$executeRawUnsafe(
      `CREATE TRIGGER refuse_test_command BEFORE UPDATE ON commands FOR EACH ROW EXECUTE FUNCTION refuse_test_command()`,
    );
    try {
      const settled = await Promise.allSettled(
        [first, bad, second].map((c) => service.ackReceived(record(c.lock), ack(c.commandId), topic(c.lock))),
      );
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(batches).toEqual([3, 1, 1, 1]);
    } finally {
      await db().$executeRawUnsafe(`DROP TRIGGER refuse_test_command ON commands`);
      await db().$executeRawUnsafe(`DROP FUNCTION refuse_test_command()`);
    }
    for (const c of good) {
      expect((await db().command.findUniqueOrThrow({ where: { id: c.commandId } })).status).toBe('applied');
      expect(await db().accessCodeTransition.count({ where: { targetId: c.targetId } })).toBe(1);
      expect((await outboxFor(c.lock.lockId)).length).toBe(2);
    }
    expect((await db().command.findUniqueOrThrow({ where: { id: bad.commandId } })).status).toBe('sent');
    expect(await outboxFor(bad.lock.lockId)).toEqual([]);
    expect(await db().slotAssignment.count({ where: { lockId: bad.lock.lockId } })).toBe(0);
    expect(
      await counterValue({ metrics }, 'lockstep_gateway_command_outcomes_total', { outcome: 'applied' }),
    ).toBe(2);
  });

  it('two gateways resolving batches over the same slots at once neither deadlock nor leave two open rows', async () => {
    freshService();
    const otherPool = new pg.Pool({ connectionString: database.url, max: 4, options: SESSION_OPTIONS });
    try {
      const logger = createLogger('silent');
      const otherRepository = new CommandsRepository(otherPool);
      const otherBatches: number[] = [];
      const resolveMany = otherRepository.resolveMany.bind(otherRepository);
      otherRepository.resolveMany = (requests) => {
        otherBatches.push(requests.length);
        return resolveMany(requests);
      };
      const other = new CommandOutcomeService(
        otherRepository,
        clock,
        metrics,
        logger,
        new Rejections(metrics, logger),
      );
      const org = await createOrganization(db());
      const locks: { lock: DeviceFixture; firstId: string; secondId: string }[] = [];
      for (let i = 0; i < 30; i++) {
        const lock = await createDevice(db(), { org });
        const first = await createCodeTarget(db(), lock, 'setting', 1);
        const second = await createCodeTarget(db(), lock, 'setting', 1);
        locks.push({
          lock,
          firstId: await createCommand(db(), lock, { type: 'set_code', slot: 1, ...first }),
          secondId: await createCommand(db(), lock, { type: 'set_code', slot: 1, ...second }),
        });
      }
      // Each gateway holds one of each lock's two acks, in opposite orders: the slots' advisory locks
      // are wanted in opposite orders unless they are taken sorted.
      await Promise.all([
        ...locks.map((l) => service.ackReceived(record(l.lock), ack(l.firstId), topic(l.lock))),
        ...[...locks].reverse().map((l) => other.ackReceived(record(l.lock), ack(l.secondId), topic(l.lock))),
      ]);
      // One transaction each, neither aborted (a deadlock would show as a batch retried ack by ack).
      expect(batches).toEqual([30]);
      expect(otherBatches).toEqual([30]);
      expect(
        await counterValue({ metrics }, 'lockstep_gateway_command_outcomes_total', { outcome: 'applied' }),
      ).toBe(60);
      for (const l of locks) {
        expect(await openAssignments(l.lock.lockId, 1)).toHaveLength(1);
        expect(await db().slotAssignment.count({ where: { lockId: l.lock.lockId } })).toBe(2);
      }
    } finally {
      await otherPool.end();
    }
  });
});
