import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MemoryNvmStore,
  SystemClock,
  TransportName,
  brokerEndpointFromUrl,
  createTransport,
  seededBrokerSecret,
  seededLockKeys,
  startLockDevice,
  type TLockDevice,
} from '@lockstep/edge';
import { SEED_MODEL_PROFILE, buttonOfDigit } from '@lockstep/lock-protocol';
import { encryptPin, slotFingerprint } from '@lockstep/lock-protocol/node';
import { QueueName, ZDomainEventsJobSchema, domainEventsOf, jobId, queueClasses } from '@lockstep/queue';
import { createDevice, eventually as eventuallyWithin, type DeviceFixture } from '../../test/factories.js';
import { createHarness, type Harness } from '../../test/gateway-harness.js';
import { createLogger } from '../observability/logger.js';

interface TQueue {
  add(name: string, data: object, opts: object): Promise<unknown>;
  getJobs(types: string[]): Promise<{ name: string; data: Record<string, unknown> }[]>;
  close(): Promise<void>;
}

/**
 * The gateway against real apps/edge locks (the firmware over MQTT.js 3.1.1), a private Mosquitto with
 * the registry's credentials and ACL, Postgres and Redis — no stand-ins. The lock's keys and broker
 * secret are derived from a fleet seed and registered in the test database, as commissioning does.
 */
// Generous waits: this machine is shared and loaded; every wait is for a condition, never a duration.
const WAIT = 60_000;
const eventually = <T>(check: () => Promise<T | undefined | false>) => eventuallyWithin(check, WAIT);

describe('gateway ↔ apps/edge lock (Mosquitto, Postgres, Redis)', { timeout: 180_000 }, () => {
  const seed = `gw-edge-${randomBytes(4).toString('hex')}`;
  const deviceId = `edge-${randomBytes(4).toString('hex')}`;
  const keys = seededLockKeys(seed, deviceId);
  const pin = '135790';
  let harness: Harness;
  let lock: DeviceFixture;
  let device: TLockDevice | undefined;
  let queues: Record<'commands' | 'domainEvents' | 'reconcile', TQueue>;

  beforeAll(async () => {
    harness = await createHarness('gw_edge');
    lock = await createDevice(harness.database.db, {
      deviceId,
      publicKey: keys.publicKey,
      secret: seededBrokerSecret(seed, deviceId),
    });
    await harness.syncBroker();
    await harness.start({ GATEWAY_ACK_TIMEOUT_MS: '10000' });
    const q = queueClasses(harness.config());
    const Queue = q.Queue as unknown as new (name: string, o: object) => TQueue;
    const open = (name: string) => new Queue(name, { connection: q.connection, prefix: q.prefix });
    queues = {
      commands: open(QueueName.commands),
      domainEvents: open(QueueName.domainEvents),
      reconcile: open(QueueName.reconcile),
    };
  });
  afterAll(async () => {
    await device?.stop();
    if (queues) await Promise.all(Object.values(queues).map((queue) => queue.close()));
    await harness?.close();
  });

  const db = () => harness.database.db;
  const deviceRow = () => db().device.findUniqueOrThrow({ where: { id: deviceId } });
  /** Domain events that reached the real `domain-events` BullMQ queue (through the outbox relay). */
  const busEvents = async (type: string) =>
    (await queues.domainEvents.getJobs(['waiting', 'delayed', 'active', 'completed']))
      .flatMap((job) => domainEventsOf(ZDomainEventsJobSchema.parse(job.data)))
      .filter((event) => event.type === type && event.lockId === lock.lockId)
      .map((data) => ({ data }));

  it('birth → online presence and the connect state stored, announced on the bus', async () => {
    device = await startLockDevice({
      deviceId,
      profile: SEED_MODEL_PROFILE,
      clock: new SystemClock(),
      store: new MemoryNvmStore(),
      transport: createTransport(
        TransportName.MqttJs311,
        brokerEndpointFromUrl(harness.broker.url, {
          username: deviceId,
          password: seededBrokerSecret(seed, deviceId),
        }),
      ),
      logger: createLogger('silent'),
      commissioningKeys: () => keys,
      telemetryIntervalMs: 0,
      link: { persistentSession: false, backoff: { minMs: 100, maxMs: 1_000, resetAfterMs: 10_000 } },
    });
    // The lock's birth and its retained `online` presence arrive together and may be stored in either
    // order: wait for the birth's row (the presence alone carries no firmware version).
    const online = await eventually(async () => {
      const row = await deviceRow();
      return row.online && row.sessionId !== null && row.firmwareVersion !== null ? row : undefined;
    });
    expect(online.firmwareVersion).not.toBeNull();
    await eventually(
      async () => (await db().lockReportedState.findUnique({ where: { lockId: lock.lockId } })) ?? undefined,
    );
    await eventually(async () => (await busEvents('device.online')).length > 0);
    await eventually(async () => (await busEvents('lock.state.reported')).length > 0);
    await eventually(async () =>
      (await queues.reconcile.getJobs(['waiting', 'delayed', 'active', 'completed'])).some(
        (job) => job.data.lockId === lock.lockId && job.data.reason === 'reconnect',
      ),
    );
  });

  it('a set_code command row is published, applied by the lock and acked: target set, slot assigned, fingerprint reported', async () => {
    const holder = await db().user.create({ data: { email: `r-${randomUUID()}@test.dev`, name: 'Rae' } });
    const code = await db().accessCode.create({
      data: {
        organizationId: lock.organizationId,
        unitId: lock.unitId,
        kind: 'guest',
        label: 'Guest',
        codeSealed: Buffer.from('sealed elsewhere'),
        keyId: 'test-key',
        codeLength: pin.length,
        codeHint: '••••90',
        holderUserId: holder.id,
        scheduleKind: 'once',
        startsAt: new Date(Date.now() - 60_000),
        endsAt: new Date(Date.now() + 3_600_000),
      },
    });
    const target = await db().accessCodeTarget.create({
      data: {
        organizationId: lock.organizationId,
        accessCodeId: code.id,
        lockId: lock.lockId,
        slot: 2,
        status: 'setting',
      },
    });
    // As the reconciler writes it: the PIN sealed to the lock's key with the command id as AAD.
    const commandId = randomUUID();
    const notAfter = Date.now() + 3_600_000;
    await db().command.create({
      data: {
        id: commandId,
        organizationId: lock.organizationId,
        lockId: lock.lockId,
        deviceId,
        type: 'set_code',
        slot: 2,
        accessCodeId: code.id,
        desiredVersion: 1,
        payload: { slot: 2, pin: encryptPin({ devicePublicKey: keys.publicKey, pin, commandId }), notAfter },
        notAfter: new Date(notAfter),
      },
    });
    await db().accessCodeTarget.update({ where: { id: target.id }, data: { lastCommandId: commandId } });
    await queues.commands.add(QueueName.commands, { commandId }, { jobId: jobId.command({ commandId }) });

    const applied = await eventually(async () => {
      const row = await db().command.findUniqueOrThrow({ where: { id: commandId } });
      return row.status === 'applied' ? row : undefined;
    });
    expect(await db().accessCodeTarget.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({
      status: 'set',
      installedAt: applied.resolvedAt,
    });
    expect(
      await db().slotAssignment.findMany({ where: { lockId: lock.lockId, slot: 2, toAt: null } }),
    ).toMatchObject([{ accessCodeId: code.id, holderUserId: holder.id }]);
    const fingerprint = slotFingerprint({ deviceKey: keys.fingerprintKey, deviceId, slot: 2, code: pin });
    await eventually(async () => {
      const state = await db().lockReportedState.findUnique({ where: { lockId: lock.lockId } });
      return (state?.slots as (string | null)[] | undefined)?.[1] === fingerprint;
    });
    await eventually(async () =>
      (await busEvents('access_code.set_on_device')).some((job) => job.data.refId === code.id),
    );

    // Someone types the code on the lock's keypad: the unlock is stored and attributed.
    for (const digit of pin) device?.firmware.pressButton(buttonOfDigit(digit));
    const unlock = await eventually(
      async () =>
        (await db().lockEvent.findFirst({ where: { lockId: lock.lockId, type: 'unlocked' } })) ?? undefined,
    );
    expect(unlock).toMatchObject({ method: 'keypad', slot: 2, accessCodeId: code.id, userId: holder.id });
    const announced = await eventually(async () => (await busEvents('lock.event.unlocked'))[0]);
    expect(announced.data).toMatchObject({
      refId: unlock.id,
      data: { slot: 2, accessCodeId: code.id, userId: holder.id },
    });
  });

  it('the will marks the lock offline when it loses the network', async () => {
    const before = await deviceRow();
    expect(before.online).toBe(true);
    await device?.link.goOfflineFor(600_000);
    await eventually(async () => !(await deviceRow()).online);
    await eventually(async () =>
      (await busEvents('device.offline')).some(
        (job) => (job.data.data as { cause?: string }).cause === 'will',
      ),
    );
  });
});
