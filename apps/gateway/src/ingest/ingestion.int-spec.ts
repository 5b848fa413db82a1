import { randomUUID } from 'node:crypto';
import { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_MESSAGES, MAX_PAYLOAD_BYTES, topics } from '@lockstep/lock-protocol';
import { createDevice, eventually, messages, type DeviceFixture } from '../../test/factories.js';
import { counterValue, createHarness, type Harness } from '../../test/gateway-harness.js';
import { connectClient } from '../../test/mqtt-helpers.js';
import { MemoryDomainEventBus } from '../events/domain-event-bus.js';
import { type Gateway } from '../gateway.js';

const json = (value: unknown) => JSON.stringify(value);

describe('ingestion: Mosquitto → gateway → Postgres', () => {
  let harness: Harness;
  let gateway: Gateway;
  const bus = new MemoryDomainEventBus();
  let lock: DeviceFixture;
  let stranger: DeviceFixture;
  let client: MqttClient;

  beforeAll(async () => {
    harness = await createHarness('gw_ingest');
    lock = await createDevice(harness.database.db);
    // In the broker's password file but not in the registry (deleted after the file was generated).
    stranger = await createDevice(harness.database.db);
    await harness.syncBroker();
    await harness.database.db.device.delete({ where: { id: stranger.deviceId } });
    gateway = await harness.start({}, { bus, commands: false });
    client = await connectClient(harness.broker.url, {
      clientId: lock.deviceId,
      username: lock.deviceId,
      password: lock.secret,
    });
  });
  afterAll(async () => {
    await client?.endAsync();
    await harness?.close();
  });

  const rows = async (sql: string, params: unknown[] = []) =>
    harness.database.db.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...params);

  it('stores telemetry once per message id, even when QoS 1 redelivers it', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids)
      await client.publishAsync(topics.telemetry(lock.deviceId), json(messages.telemetry(id)), { qos: 1 });
    // The same message again (a redelivery, as after a reconnect).
    await client.publishAsync(topics.telemetry(lock.deviceId), json(messages.telemetry(ids[0])), { qos: 1 });
    await eventually(
      async () =>
        (await counterValue(gateway, 'lockstep_gateway_duplicates_total', { table: 'telemetry' })) >= 1,
    );
    const stored = await rows(`SELECT message_id FROM telemetry WHERE device_id = $1`, [lock.deviceId]);
    expect(stored.map((r) => r.message_id).sort()).toEqual([...ids].sort());
  });

  it('stores events with attribution from slot_assignments and puts them on the bus', async () => {
    const db = harness.database.db;
    const holder = await db.user.create({ data: { email: `t-${randomUUID()}@test.dev`, name: 'Tess' } });
    await db.slotAssignment.create({
      data: {
        organizationId: lock.organizationId,
        lockId: lock.lockId,
        slot: 2,
        holderUserId: holder.id,
        fromAt: new Date(Date.now() - 3_600_000),
      },
    });
    const id = randomUUID();
    await client.publishAsync(topics.event(lock.deviceId), json(messages.unlockedKeypad(2, id)), { qos: 1 });
    const event = await eventually(
      async () => (await rows(`SELECT * FROM lock_events WHERE message_id = $1`, [id]))[0],
    );
    expect(event).toMatchObject({ type: 'unlocked', method: 'keypad', slot: 2, user_id: holder.id });
    await eventually(() =>
      Promise.resolve(bus.events.some((e) => e.type === 'lock.event.unlocked' && e.refId === event.id)),
    );
  });

  it('closes slot assignments at a code programmed locally (its slot) and at a factory reset (all)', async () => {
    const db = harness.database.db;
    const since = new Date(Date.now() - 3_600_000);
    const assign = (slot: number) =>
      db.slotAssignment.create({
        data: { organizationId: lock.organizationId, lockId: lock.lockId, slot, fromAt: since },
      });
    const [s7, s8, s9] = [await assign(7), await assign(8), await assign(9)];
    const programmedAt = Date.now() - 10_000;
    const programmed = {
      ...EXAMPLE_MESSAGES.eventCodeProgrammedLocally,
      id: randomUUID(),
      ts: programmedAt,
      slot: 7,
    };
    await client.publishAsync(topics.event(lock.deviceId), json(programmed), { qos: 1 });
    await eventually(
      async () => (await db.slotAssignment.findUniqueOrThrow({ where: { id: s7.id } })).toAt ?? undefined,
    );
    expect((await db.slotAssignment.findUniqueOrThrow({ where: { id: s7.id } })).toAt?.getTime()).toBe(
      programmedAt,
    );
    expect((await db.slotAssignment.findUniqueOrThrow({ where: { id: s8.id } })).toAt).toBeNull();
    // A redelivery of the same event is stored once and closes nothing again.
    await client.publishAsync(topics.event(lock.deviceId), json(programmed), { qos: 1 });
    const resetAt = Date.now() - 5_000;
    const reset = { ...EXAMPLE_MESSAGES.eventFactoryReset, id: randomUUID(), ts: resetAt };
    await client.publishAsync(topics.event(lock.deviceId), json(reset), { qos: 1 });
    await eventually(
      async () => (await db.slotAssignment.findUniqueOrThrow({ where: { id: s9.id } })).toAt ?? undefined,
    );
    for (const row of [s8, s9]) {
      expect((await db.slotAssignment.findUniqueOrThrow({ where: { id: row.id } })).toAt?.getTime()).toBe(
        resetAt,
      );
    }
    expect((await db.slotAssignment.findUniqueOrThrow({ where: { id: s7.id } })).toAt?.getTime()).toBe(
      programmedAt,
    );
    expect(await db.slotAssignment.count({ where: { lockId: lock.lockId, toAt: null } })).toBe(0);
    await eventually(() =>
      Promise.resolve(
        bus.events.some((e) => e.type === 'lock.event.factory_reset' && e.lockId === lock.lockId),
      ),
    );
  });

  it('keeps the newest reported state per lock and ignores an older or repeated report', async () => {
    const newer = randomUUID();
    await client.publishAsync(topics.state(lock.deviceId), json(messages.state(newer, Date.now())), {
      qos: 1,
    });
    await eventually(
      async () => (await rows(`SELECT 1 FROM lock_reported_states WHERE message_id = $1`, [newer]))[0],
    );
    const older = randomUUID();
    await client.publishAsync(topics.state(lock.deviceId), json(messages.state(older, Date.now() - 60_000)), {
      qos: 1,
    });
    await client.publishAsync(topics.state(lock.deviceId), json(messages.state(newer, Date.now())), {
      qos: 1,
    });
    const marker = randomUUID();
    await client.publishAsync(topics.telemetry(lock.deviceId), json(messages.telemetry(marker)), { qos: 1 });
    await eventually(async () => (await rows(`SELECT 1 FROM telemetry WHERE message_id = $1`, [marker]))[0]);
    await gateway.ingest.flush();
    const state = await rows(
      `SELECT message_id, held_version FROM lock_reported_states WHERE lock_id = $1::uuid`,
      [lock.lockId],
    );
    expect(state).toEqual([{ message_id: newer, held_version: 42 }]);
    const reported = () =>
      bus.events.filter((e) => e.type === 'lock.state.reported' && e.lockId === lock.lockId);
    await eventually(() => Promise.resolve(reported().length > 0));
    expect(reported()).toHaveLength(1);
  });

  it('rejects bad payloads, counted per reason, and stores nothing for them', async () => {
    const before = await rows(`SELECT count(*)::int AS n FROM telemetry`);
    const t = topics.telemetry(lock.deviceId);
    await client.publishAsync(t, 'not json', { qos: 1 });
    await client.publishAsync(
      t,
      json({ ...messages.telemetry(), battery: { percent: 300, millivolts: 1 } }),
      { qos: 1 },
    );
    await client.publishAsync(t, json({ ...messages.telemetry(), extra: 'field' }), { qos: 1 });
    await client.publishAsync(t, json(messages.state()), { qos: 1 }); // a state on the telemetry channel
    await client.publishAsync(t, Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x20), { qos: 1 });
    await client.publishAsync(t, Buffer.from([0xff, 0xfe, 0x00]), { qos: 1 });
    await eventually(
      async () =>
        (await counterValue(gateway, 'lockstep_gateway_rejects_total', { reason: 'invalid_utf8' })) === 1,
    );
    for (const reason of [
      'invalid_json',
      'invalid_field',
      'unknown_field',
      'wrong_channel',
      'payload_too_large',
    ]) {
      expect(await counterValue(gateway, 'lockstep_gateway_rejects_total', { reason })).toBe(1);
    }
    expect(await rows(`SELECT count(*)::int AS n FROM telemetry`)).toEqual(before);
  });

  it('rejects a device that is not in the registry', async () => {
    const other = await connectClient(harness.broker.url, {
      clientId: stranger.deviceId,
      username: stranger.deviceId,
      password: stranger.secret,
    });
    await other.publishAsync(topics.telemetry(stranger.deviceId), json(messages.telemetry()), { qos: 1 });
    await other.endAsync();
    await eventually(
      async () =>
        (await counterValue(gateway, 'lockstep_gateway_rejects_total', { reason: 'unknown_device' })) === 1,
    );
  });

  it('tracks presence: birth online, stale will ignored, will of the current session offline, heartbeat timeout', async () => {
    const s1 = randomUUID();
    const s2 = randomUUID();
    await client.publishAsync(topics.birth(lock.deviceId), json(messages.birth(s1)), { qos: 1 });
    const device = () => harness.database.db.device.findUniqueOrThrow({ where: { id: lock.deviceId } });
    await eventually(async () => (await device()).online && (await device()).sessionId === s1);
    // Announced through the outbox, so it reaches the bus shortly after the commit.
    await eventually(() =>
      Promise.resolve(bus.reconciles.some((r) => r.lockId === lock.lockId && r.reason === 'reconnect')),
    );
    // Reconnect with a new session, then the old session's will arrives late.
    await client.publishAsync(topics.birth(lock.deviceId), json(messages.birth(s2)), { qos: 1 });
    await eventually(async () => (await device()).sessionId === s2);
    await client.publishAsync(topics.presence(lock.deviceId), json(messages.presence('offline', s1)), {
      qos: 1,
    });
    const marker = randomUUID();
    await client.publishAsync(topics.telemetry(lock.deviceId), json(messages.telemetry(marker)), { qos: 1 });
    await eventually(async () => (await rows(`SELECT 1 FROM telemetry WHERE message_id = $1`, [marker]))[0]);
    expect((await device()).online).toBe(true);
    await client.publishAsync(topics.presence(lock.deviceId), json(messages.presence('offline', s2)), {
      qos: 1,
    });
    await eventually(async () => !(await device()).online);
    await eventually(() =>
      Promise.resolve(bus.events.some((e) => e.type === 'device.offline' && e.lockId === lock.lockId)),
    );

    // Online again, then silent for longer than the timeout.
    await client.publishAsync(topics.presence(lock.deviceId), json(messages.presence('online', s2)), {
      qos: 1,
    });
    await eventually(async () => (await device()).online);
    await gateway.presence.flushLastSeen();
    await harness.database.db.device.update({
      where: { id: lock.deviceId },
      data: { lastSeenAt: new Date(Date.now() - 3_600_000) },
    });
    await gateway.presence.sweep();
    expect((await device()).online).toBe(false);
    await eventually(() =>
      Promise.resolve(
        bus.events.filter((e) => e.type === 'device.offline' && e.data?.cause === 'heartbeat_timeout')
          .length === 1,
      ),
    );
  });

  it('ignores a zero-length retained presence (a retained clear)', async () => {
    await client.publishAsync(topics.presence(lock.deviceId), Buffer.alloc(0), { qos: 1, retain: true });
    await eventually(
      async () =>
        (await counterValue(gateway, 'lockstep_gateway_messages_ignored_total', {
          reason: 'retained_clear',
        })) === 1,
    );
    expect(await counterValue(gateway, 'lockstep_gateway_rejects_total', { reason: 'invalid_json' })).toBe(1);
  });

  it('rejects a birth whose public key differs from the registered one', async () => {
    const birth = { ...messages.birth(randomUUID()), publicKey: 'A'.repeat(43) };
    await client.publishAsync(topics.birth(lock.deviceId), json(birth), { qos: 1 });
    await eventually(
      async () =>
        (await counterValue(gateway, 'lockstep_gateway_rejects_total', { reason: 'public_key_mismatch' })) ===
        1,
    );
  });
});
