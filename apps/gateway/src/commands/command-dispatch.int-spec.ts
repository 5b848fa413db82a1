import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_OPTIONS } from '@lockstep/db/session';
import { createTestDatabase, type TestDatabase } from '@lockstep/db/testing';
import { ZCommandSchema } from '@lockstep/lock-protocol';
import { createCodeTarget, createCommand, createDevice, type DeviceFixture } from '../../test/factories.js';
import { counterValue } from '../../test/gateway-harness.js';
import { Rejections } from '../ingest/rejections.js';
import { ManualClock } from '../observability/clock.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics, type GatewayMetrics } from '../observability/metrics.js';
import { CommandOutcomeService } from './command-acks.service.js';
import { CommandDispatcher } from './command-dispatcher.js';
import { CommandsRepository } from './commands.repository.js';
import { PublisherPool, type PublishConnection } from './publisher-pool.js';

const policy = { ackTimeoutMs: 15_000, maxAttempts: 4, retryBaseMs: 2_000 };

/**
 * Command steps running together share their statements (one load, one sent mark per turn), against
 * the real Postgres. The broker side is a recording connection: what is under test is the database.
 */
describe('command dispatch in batches (real Postgres)', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let repository: CommandsRepository;
  const clock = new ManualClock(Date.now());
  let metrics: GatewayMetrics;
  let dispatcher: CommandDispatcher;
  let loads: number[];
  let marks: number[];
  const published: { topic: string; commandId: string }[] = [];
  /** Runs while a command is being published (an ack overtaking the sent mark). */
  let duringPublish: (commandId: string) => Promise<void> = () => Promise.resolve();
  let lock: DeviceFixture;

  beforeAll(async () => {
    database = await createTestDatabase('gw_dispatch');
    pool = new pg.Pool({ connectionString: database.url, max: 4, options: SESSION_OPTIONS });
    repository = new CommandsRepository(pool);
    const loadMany = repository.loadMany.bind(repository);
    repository.loadMany = (ids) => {
      loads.push(ids.length);
      return loadMany(ids);
    };
    const markSentMany = repository.markSentMany.bind(repository);
    repository.markSentMany = (sent) => {
      marks.push(sent.length);
      return markSentMany(sent);
    };
    lock = await createDevice(database.db);
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  function freshDispatcher() {
    metrics = createMetrics();
    const logger = createLogger('silent');
    loads = [];
    marks = [];
    published.length = 0;
    duringPublish = () => Promise.resolve();
    const connection: PublishConnection = {
      name: 'recording',
      isConnected: () => true,
      publish: async (topic, payload) => {
        const command = ZCommandSchema.parse(JSON.parse(Buffer.from(payload).toString()));
        published.push({ topic, commandId: command.commandId });
        await duringPublish(command.commandId);
      },
    };
    const outcomes = new CommandOutcomeService(
      repository,
      clock,
      metrics,
      logger,
      new Rejections(metrics, logger),
    );
    dispatcher = new CommandDispatcher(
      repository,
      new PublisherPool([connection], clock, 10_000),
      outcomes,
      clock,
      metrics,
      logger,
      policy,
    );
  }

  const commandRow = (id: string) => database.db.command.findUniqueOrThrow({ where: { id } });

  it('steps arriving together share one load and one sent mark, and each gets its own outcome', async () => {
    freshDispatcher();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await createCommand(database.db, lock, { type: 'request_state' }));
    const outcomes = await Promise.all(ids.map((id) => dispatcher.step(id)));
    expect(loads).toEqual([20]);
    expect(marks).toEqual([20]);
    for (const outcome of outcomes) expect(outcome).toEqual({ kind: 'recheck', at: clock.now() + 15_000 });
    expect(published.map((p) => p.commandId).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect(await commandRow(id)).toMatchObject({
        status: 'sent',
        attempts: 1,
        sentAt: new Date(clock.now()),
      });
    }
    expect(
      await counterValue({ metrics }, 'lockstep_gateway_messages_out_total', { type: 'request_state' }),
    ).toBe(20);

    // Their ack deadlines pass: the retries go out together, each its attempt 2.
    clock.advance(15_000 + 2_000);
    const retries = await Promise.all(ids.map((id) => dispatcher.step(id)));
    expect(loads).toEqual([20, 20]);
    expect(marks).toEqual([20, 20]);
    for (const outcome of retries) expect(outcome).toEqual({ kind: 'recheck', at: clock.now() + 15_000 });
    for (const id of ids) expect((await commandRow(id)).attempts).toBe(2);
    expect(await counterValue({ metrics }, 'lockstep_gateway_command_retries_total', {})).toBe(20);
  });

  it('holds a staged command until its send_at, then publishes it and starts the target it serves', async () => {
    freshDispatcher();
    const { targetId, accessCodeId } = await createCodeTarget(database.db, lock, 'scheduled', 4);
    const id = await createCommand(database.db, lock, { type: 'set_code', slot: 4, targetId, accessCodeId });
    const sendAt = clock.now() + 30_000;
    await database.db.command.update({
      where: { id },
      data: { sendAt: new Date(sendAt), cause: 'window_start' },
    });
    const target = () => database.db.accessCodeTarget.findUniqueOrThrow({ where: { id: targetId } });

    expect(await dispatcher.step(id)).toEqual({ kind: 'recheck', at: sendAt });
    expect(published).toEqual([]);
    expect(await commandRow(id)).toMatchObject({ status: 'pending', attempts: 0, sentAt: null });
    expect(await target()).toMatchObject({ status: 'scheduled' });

    clock.advance(sendAt - clock.now());
    expect(await dispatcher.step(id)).toEqual({ kind: 'recheck', at: sendAt + 15_000 });
    expect(published.map((p) => p.commandId)).toEqual([id]);
    expect(await commandRow(id)).toMatchObject({ status: 'sent', attempts: 1, sentAt: new Date(sendAt) });
    expect(await target()).toMatchObject({ status: 'setting', lastCommandId: id });
    const transitions = await database.db.accessCodeTransition.findMany({ where: { targetId } });
    expect(transitions).toEqual([
      expect.objectContaining({
        fromStatus: 'scheduled',
        toStatus: 'setting',
        cause: 'window_start',
        at: new Date(sendAt),
        details: { slot: 4, commandId: id, staged: true },
      }),
    ]);

    // A retry is not a second start.
    clock.advance(15_000 + 2_000);
    await dispatcher.step(id);
    expect(await commandRow(id)).toMatchObject({ attempts: 2 });
    expect(await database.db.accessCodeTransition.count({ where: { targetId } })).toBe(1);
  });

  it('decides each command of a mixed batch on its own row', async () => {
    freshDispatcher();
    const pending = await createCommand(database.db, lock, { type: 'request_state' });
    const waiting = await createCommand(database.db, lock, { type: 'request_state' });
    const sentAt = new Date(clock.now() - 1_000);
    await database.db.command.update({
      where: { id: waiting },
      data: { status: 'sent', attempts: 1, sentAt },
    });
    const applied = await createCommand(database.db, lock, { type: 'request_state' });
    await database.db.command.update({ where: { id: applied }, data: { status: 'applied' } });
    const { targetId } = await createCodeTarget(database.db, lock, 'removing', 3);
    const expired = await createCommand(database.db, lock, {
      type: 'clear_slot',
      slot: 3,
      targetId,
      notAfter: new Date(clock.now() - 1_000),
    });
    const unknown = randomUUID();
    const outcomes = await Promise.all(
      [pending, waiting, applied, expired, unknown, 'not-a-uuid'].map((id) => dispatcher.step(id)),
    );
    expect(outcomes).toEqual([
      { kind: 'recheck', at: clock.now() + 15_000 },
      { kind: 'recheck', at: sentAt.getTime() + 15_000 },
      { kind: 'done' },
      { kind: 'done' },
      { kind: 'done' },
      { kind: 'done' },
    ]);
    expect(loads).toEqual([6]);
    expect(marks).toEqual([1]);
    expect(published.map((p) => p.commandId)).toEqual([pending]);
    expect(await commandRow(expired)).toMatchObject({
      status: 'failed',
      rejectReason: 'expired',
      attempts: 0,
    });
    expect(await database.db.accessCodeTarget.findUniqueOrThrow({ where: { id: targetId } })).toMatchObject({
      status: 'failed',
      failureReason: 'expired',
    });
    expect(await commandRow(waiting)).toMatchObject({ status: 'sent', attempts: 1, sentAt });
    expect((await commandRow(applied)).attempts).toBe(0);
  });

  it('marks a command sent only while it is pending or sent: an ack that overtakes the mark wins', async () => {
    freshDispatcher();
    const overtaken = await createCommand(database.db, lock, { type: 'request_state' });
    const plain = await createCommand(database.db, lock, { type: 'request_state' });
    // The ack lands while both are being published; both publishes complete once it is stored.
    let ackStored: Promise<unknown> | undefined;
    duringPublish = async () => {
      ackStored ??= database.db.command.update({
        where: { id: overtaken },
        data: { status: 'applied', resolvedAt: new Date() },
      });
      await ackStored;
    };
    const outcomes = await Promise.all([overtaken, plain].map((id) => dispatcher.step(id)));
    expect(outcomes).toEqual([{ kind: 'done' }, { kind: 'recheck', at: clock.now() + 15_000 }]);
    expect(marks).toEqual([2]);
    expect(await commandRow(overtaken)).toMatchObject({ status: 'applied', attempts: 0, sentAt: null });
    expect(await commandRow(plain)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('counts two concurrent steps of one command as two attempts, as one after the other would', async () => {
    freshDispatcher();
    const id = await createCommand(database.db, lock, { type: 'request_state' });
    const outcomes = await Promise.all([dispatcher.step(id), dispatcher.step(id)]);
    expect(outcomes).toEqual([
      { kind: 'recheck', at: clock.now() + 15_000 },
      { kind: 'recheck', at: clock.now() + 15_000 },
    ]);
    expect(loads).toEqual([2]);
    // One statement per round of distinct ids.
    expect(marks).toEqual([1, 1]);
    expect(await commandRow(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });
});
