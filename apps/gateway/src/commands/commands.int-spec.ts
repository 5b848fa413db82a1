import { randomUUID } from 'node:crypto';
import { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZCommandSchema, topics } from '@lockstep/lock-protocol';
import { QueueName, jobId, queueClasses, OUTBOX_ENTRIES } from '@lockstep/queue';
import {
  createCodeTarget,
  createCommand,
  createDevice,
  eventually,
  messages,
  type DeviceFixture,
} from '../../test/factories.js';
import { counterValue, createHarness, type Harness } from '../../test/gateway-harness.js';
import { connectClient } from '../../test/mqtt-helpers.js';
import { MemoryDomainEventBus } from '../events/domain-event-bus.js';
import { type Gateway } from '../gateway.js';

describe('commands: queue → gateway → lock, acks, retries and failure (real Redis, Mosquitto, Postgres)', () => {
  let harness: Harness;
  let gateway: Gateway;
  const bus = new MemoryDomainEventBus();
  let lock: DeviceFixture;
  let device: MqttClient;
  const received: { commandId: string; id: string; type: string }[] = [];
  let enqueue: (commandId: string) => Promise<void>;
  let enqueueBatch: (commandIds: string[]) => Promise<void>;
  let closeQueue: () => Promise<void>;

  beforeAll(async () => {
    harness = await createHarness('gw_commands');
    lock = await createDevice(harness.database.db);
    await harness.syncBroker();
    const env = {
      GATEWAY_ACK_TIMEOUT_MS: '400',
      GATEWAY_COMMAND_RETRY_BASE_MS: '100',
      GATEWAY_COMMAND_MAX_ATTEMPTS: '2',
    };
    gateway = await harness.start(env, { bus });
    const q = queueClasses(harness.config(env));
    const Queue = q.Queue as unknown as new (
      name: string,
      o: object,
    ) => { add(n: string, d: object, o: object): Promise<unknown>; close(): Promise<void> };
    const queue = new Queue(QueueName.commands, { connection: q.connection, prefix: q.prefix });
    enqueue = async (commandId) => {
      await queue.add(QueueName.commands, { commandId }, { jobId: jobId.command({ commandId }) });
    };
    enqueueBatch = async (commandIds) => {
      await queue.add(QueueName.commands, { commandIds }, { jobId: jobId.command({ commandIds }) });
    };
    closeQueue = () => queue.close();
    device = await connectClient(harness.broker.url, {
      clientId: lock.deviceId,
      username: lock.deviceId,
      password: lock.secret,
    });
    device.on('message', (_topic, payload) => {
      const parsed = ZCommandSchema.parse(JSON.parse(payload.toString()));
      received.push({ commandId: parsed.commandId, id: parsed.id, type: parsed.type });
    });
    await device.subscribeAsync(topics.command(lock.deviceId), { qos: 1 });
  });
  afterAll(async () => {
    await device?.endAsync();
    await closeQueue?.();
    await harness?.close();
  });

  const commandRow = (id: string) => harness.database.db.command.findUniqueOrThrow({ where: { id } });
  const targetRow = (id: string) => harness.database.db.accessCodeTarget.findUniqueOrThrow({ where: { id } });

  it('publishes the command, and an applied ack moves the command and its access-code target', async () => {
    const { targetId } = await createCodeTarget(harness.database.db, lock, 'removing');
    const commandId = await createCommand(harness.database.db, lock, {
      type: 'clear_slot',
      slot: 2,
      targetId,
    });
    await enqueue(commandId);
    await eventually(() => Promise.resolve(received.some((r) => r.commandId === commandId)));
    await eventually(async () => (await commandRow(commandId)).status === 'sent');
    await device.publishAsync(topics.ack(lock.deviceId), JSON.stringify(messages.ack(commandId)), { qos: 1 });
    await eventually(async () => (await commandRow(commandId)).status === 'applied');
    expect(await targetRow(targetId)).toMatchObject({ status: 'removed', failureReason: null });
    const transitions = await harness.database.db.accessCodeTransition.findMany({ where: { targetId } });
    expect(transitions).toMatchObject([
      { fromStatus: 'removing', toStatus: 'removed', cause: 'command_applied' },
    ]);
    // Announced through the outbox (same transaction), relayed shortly after the commit.
    await eventually(() =>
      Promise.resolve(bus.events.some((e) => e.type === 'command.applied' && e.refId === commandId)),
    );
    // An applied command asks for no reconciliation of its own (the lock's state report does).
    expect(bus.reconciles.some((r) => r.lockId === lock.lockId && r.reason === 'ack')).toBe(false);
    // A redelivered ack changes nothing.
    await device.publishAsync(topics.ack(lock.deviceId), JSON.stringify(messages.ack(commandId)), { qos: 1 });
    await eventually(
      async () =>
        (await counterValue(gateway, 'lockstep_gateway_duplicates_total', { table: 'commands' })) === 1,
    );
  });

  it('an applied set_code sets the target and opens the slot assignment for the code holder; clear_slot closes it', async () => {
    const db = harness.database.db;
    const holder = await db.user.create({ data: { email: `h-${randomUUID()}@test.dev`, name: 'Hal' } });
    // Slot 5 was held by an earlier code until now: its attribution row must be closed at the ack.
    const earlier = await db.slotAssignment.create({
      data: {
        organizationId: lock.organizationId,
        lockId: lock.lockId,
        slot: 5,
        fromAt: new Date(Date.now() - 3_600_000),
      },
    });
    const { targetId, accessCodeId } = await createCodeTarget(db, lock, 'setting', 5, holder.id);
    const setId = await createCommand(db, lock, { type: 'set_code', slot: 5, targetId, accessCodeId });
    await enqueue(setId);
    await eventually(async () => (await commandRow(setId)).status === 'sent');
    await device.publishAsync(topics.ack(lock.deviceId), JSON.stringify(messages.ack(setId)), { qos: 1 });
    await eventually(async () => (await commandRow(setId)).status === 'applied');
    const ackedAt = (await commandRow(setId)).resolvedAt as Date;
    const set = await targetRow(targetId);
    expect(set).toMatchObject({ status: 'set', removedAt: null });
    expect(set.installedAt?.getTime()).toBe(ackedAt.getTime());
    expect((await db.slotAssignment.findUniqueOrThrow({ where: { id: earlier.id } })).toAt).toEqual(ackedAt);
    const open = await db.slotAssignment.findMany({ where: { lockId: lock.lockId, slot: 5, toAt: null } });
    expect(open).toMatchObject([{ accessCodeId, holderUserId: holder.id, fromAt: ackedAt }]);
    const setEvent = await eventually(() =>
      Promise.resolve(
        bus.events.find((e) => e.type === 'access_code.set_on_device' && e.data?.commandId === setId),
      ),
    );
    expect(setEvent).toMatchObject({
      organizationId: lock.organizationId,
      lockId: lock.lockId,
      refId: accessCodeId,
      data: { accessCodeId, lockId: lock.lockId, targetId, commandId: setId },
    });
    expect(bus.events.find((e) => e.type === 'command.applied' && e.refId === setId)?.data).toMatchObject({
      targetIds: [targetId],
      commandType: 'set_code',
    });

    // Now the code is taken off again.
    await db.accessCodeTarget.update({ where: { id: targetId }, data: { status: 'removing' } });
    const clearId = await createCommand(db, lock, { type: 'clear_slot', slot: 5, targetId, accessCodeId });
    await enqueue(clearId);
    await eventually(async () => (await commandRow(clearId)).status === 'sent');
    await device.publishAsync(topics.ack(lock.deviceId), JSON.stringify(messages.ack(clearId)), { qos: 1 });
    await eventually(async () => (await commandRow(clearId)).status === 'applied');
    const clearedAt = (await commandRow(clearId)).resolvedAt as Date;
    const removed = await targetRow(targetId);
    expect(removed.status).toBe('removed');
    expect(removed.removedAt?.getTime()).toBe(clearedAt.getTime());
    expect(removed.installedAt?.getTime()).toBe(ackedAt.getTime());
    expect(await db.slotAssignment.count({ where: { lockId: lock.lockId, slot: 5, toAt: null } })).toBe(0);
    expect(
      await db.slotAssignment.findFirstOrThrow({ where: { lockId: lock.lockId, slot: 5, accessCodeId } }),
    ).toMatchObject({ fromAt: ackedAt, toAt: clearedAt });
    await eventually(() =>
      Promise.resolve(
        bus.events.some((e) => e.type === 'access_code.removed_from_device' && e.data?.commandId === clearId),
      ),
    );
  });

  it('loses no announcement while the bus is down: the outbox keeps it until the relay can deliver', async () => {
    const db = harness.database.db;
    const { targetId, accessCodeId } = await createCodeTarget(db, lock, 'setting', 6);
    const commandId = await createCommand(db, lock, { type: 'set_code', slot: 6, targetId, accessCodeId });
    await enqueue(commandId);
    await eventually(async () => (await commandRow(commandId)).status === 'sent');
    bus.down = true;
    try {
      await device.publishAsync(topics.ack(lock.deviceId), JSON.stringify(messages.ack(commandId)), {
        qos: 1,
      });
      await eventually(async () => (await commandRow(commandId)).status === 'applied');
      // Committed with the ack, waiting in the outbox.
      const waiting = await db.$queryRawUnsafe<{ name: string }[]>(
        `SELECT name FROM ${OUTBOX_ENTRIES} outbox WHERE data->>'refId' IN ($1, $2) OR (data->'data'->>'commandId') = $1 ORDER BY id`,
        commandId,
        accessCodeId,
      );
      expect(waiting.map((w) => w.name).sort()).toEqual(['access_code.set_on_device', 'command.applied']);
      await eventually(
        async () => (await counterValue(gateway, 'lockstep_gateway_outbox_relay_errors_total', {})) > 0,
      );
      expect(bus.events.some((e) => e.refId === commandId)).toBe(false);
    } finally {
      bus.down = false;
    }
    await eventually(() =>
      Promise.resolve(
        bus.events.some((e) => e.type === 'command.applied' && e.refId === commandId) &&
          bus.events.some((e) => e.type === 'access_code.set_on_device' && e.data?.commandId === commandId),
      ),
    );
  });

  it('retries an unacknowledged command with a new message id, then records the failure on the command and the target', async () => {
    const { targetId } = await createCodeTarget(harness.database.db, lock, 'removing', 3);
    const commandId = await createCommand(harness.database.db, lock, {
      type: 'clear_slot',
      slot: 3,
      targetId,
    });
    await enqueue(commandId);
    await eventually(async () => (await commandRow(commandId)).status === 'failed', 20_000);
    const publishes = received.filter((r) => r.commandId === commandId);
    expect(publishes).toHaveLength(2);
    expect(new Set(publishes.map((p) => p.id)).size).toBe(2);
    expect(await commandRow(commandId)).toMatchObject({ attempts: 2, rejectReason: 'ack_timeout' });
    expect(await targetRow(targetId)).toMatchObject({ status: 'failed', failureReason: 'ack_timeout' });
    await eventually(() =>
      Promise.resolve(bus.events.some((e) => e.type === 'command.failed' && e.refId === commandId)),
    );
  });

  it('records a rejection reason, and never publishes a command past its notAfter', async () => {
    const { targetId } = await createCodeTarget(harness.database.db, lock, 'removing', 4);
    const rejectedId = await createCommand(harness.database.db, lock, {
      type: 'clear_slot',
      slot: 4,
      targetId,
    });
    await enqueue(rejectedId);
    await eventually(() => Promise.resolve(received.some((r) => r.commandId === rejectedId)));
    await eventually(async () => (await commandRow(rejectedId)).status === 'sent');
    await device.publishAsync(
      topics.ack(lock.deviceId),
      JSON.stringify(messages.ack(rejectedId, 'rejected')),
      { qos: 1 },
    );
    await eventually(async () => (await commandRow(rejectedId)).status === 'rejected');
    expect(await commandRow(rejectedId)).toMatchObject({ rejectReason: 'busy' });
    expect(await targetRow(targetId)).toMatchObject({ status: 'failed', failureReason: 'rejected: busy' });
    const failedEvent = await eventually(() =>
      Promise.resolve(
        bus.events.find((e) => e.type === 'access_code.failed_to_set' && e.data?.commandId === rejectedId),
      ),
    );
    expect(failedEvent.data).toMatchObject({ targetId, reason: 'busy', lockId: lock.lockId });

    const expiredId = await createCommand(harness.database.db, lock, {
      type: 'request_state',
      notAfter: new Date(Date.now() - 1_000),
    });
    await enqueue(expiredId);
    await eventually(async () => (await commandRow(expiredId)).status === 'failed');
    expect(await commandRow(expiredId)).toMatchObject({ rejectReason: 'expired', attempts: 0 });
    expect(received.some((r) => r.commandId === expiredId)).toBe(false);
  });

  it('publishes every command of a batch job, and rechecks only those still unacknowledged', async () => {
    const ids: string[] = [];
    for (const slot of [6, 7, 8]) {
      const { targetId } = await createCodeTarget(harness.database.db, lock, 'removing', slot);
      ids.push(await createCommand(harness.database.db, lock, { type: 'clear_slot', slot, targetId }));
    }
    await enqueueBatch(ids);
    await eventually(async () => {
      const rows = await Promise.all(ids.map(commandRow));
      return rows.every((r) => r.status === 'sent');
    });
    expect(ids.every((id) => received.some((r) => r.commandId === id))).toBe(true);
    // Two acks come back; the third command is retried (a new message id) and then given up.
    for (const id of ids.slice(0, 2)) {
      await device.publishAsync(topics.ack(lock.deviceId), JSON.stringify(messages.ack(id)), { qos: 1 });
    }
    await eventually(async () => (await commandRow(ids[2]!)).status === 'failed', 20_000);
    expect(await Promise.all(ids.map(async (id) => (await commandRow(id)).status))).toEqual([
      'applied',
      'applied',
      'failed',
    ]);
    // Published: once each for the acked ones, MAX_ATTEMPTS (2) times for the one that never was.
    const publishes = (id: string) => received.filter((r) => r.commandId === id).length;
    expect(ids.map(publishes)).toEqual([1, 1, 2]);
  });

  it('refuses an ack for a command of another device', async () => {
    const other = await createDevice(harness.database.db);
    const commandId = await createCommand(harness.database.db, other, { type: 'request_state' });
    await device.publishAsync(topics.ack(lock.deviceId), JSON.stringify(messages.ack(commandId)), { qos: 1 });
    await eventually(
      async () =>
        (await counterValue(gateway, 'lockstep_gateway_rejects_total', {
          reason: 'command_device_mismatch',
        })) === 1,
    );
    expect((await commandRow(commandId)).status).toBe('pending');
  });
});
