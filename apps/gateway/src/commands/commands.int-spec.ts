import { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZCommandSchema, topics } from '@lockstep/lock-protocol';
import { QueueName, jobId, queueClasses } from '@lockstep/queue';
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
    expect(bus.events.some((e) => e.type === 'command.applied' && e.refId === commandId)).toBe(true);
    expect(bus.reconciles).toContainEqual({ lockId: lock.lockId, reason: 'ack' });
    // A redelivered ack changes nothing.
    await device.publishAsync(topics.ack(lock.deviceId), JSON.stringify(messages.ack(commandId)), { qos: 1 });
    await eventually(
      async () =>
        (await counterValue(gateway, 'lockstep_gateway_duplicates_total', { table: 'commands' })) === 1,
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
    expect(bus.events.some((e) => e.type === 'command.failed' && e.refId === commandId)).toBe(true);
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

    const expiredId = await createCommand(harness.database.db, lock, {
      type: 'request_state',
      notAfter: new Date(Date.now() - 1_000),
    });
    await enqueue(expiredId);
    await eventually(async () => (await commandRow(expiredId)).status === 'failed');
    expect(await commandRow(expiredId)).toMatchObject({ rejectReason: 'expired', attempts: 0 });
    expect(received.some((r) => r.commandId === expiredId)).toBe(false);
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
