import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageType, SEED_MODEL_PROFILE, randomUuid, type TCommand } from '@lockstep/lock-protocol';
import { encryptPin } from '@lockstep/lock-protocol/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../src/clock/system-clock.js';
import { brokerEndpointFromUrl } from '../src/connectivity/broker-endpoint.js';
import { createTransport } from '../src/connectivity/transport-factory.js';
import { TransportName, type TTransportName } from '../src/connectivity/transport.js';
import { startLockDevice, type TLockDevice } from '../src/device/lock-device.js';
import { silentLogger } from '../src/logging/logger.js';
import { FileNvmStore } from '../src/nvm/file-nvm-store.js';
import { CloudDouble, isType } from './cloud-double.js';

const MOSQUITTO_URL = 'mqtt://127.0.0.1:1883';
const FAST_RECONNECT = { minMs: 100, maxMs: 1_000, resetAfterMs: 10_000 };

let stateDir: string;
const running: TLockDevice[] = [];
const clouds: CloudDouble[] = [];

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'edge-int-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((device) => device.stop()));
  await Promise.all(clouds.splice(0).map((cloud) => cloud.close()));
});
afterAll(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

function uniqueId(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.floor(Math.random() * 1e9)}`;
}

async function startLock(
  deviceId: string,
  transport: TTransportName,
  url = MOSQUITTO_URL,
): Promise<TLockDevice> {
  const device = await startLockDevice({
    deviceId,
    profile: SEED_MODEL_PROFILE,
    clock: new SystemClock(),
    store: new FileNvmStore(stateDir, deviceId),
    transport: createTransport(transport, brokerEndpointFromUrl(url)),
    logger: silentLogger(),
    telemetryIntervalMs: 0,
    link: { backoff: FAST_RECONNECT, persistentSession: false },
  });
  running.push(device);
  return device;
}

async function cloudFor(deviceId: string, url = MOSQUITTO_URL): Promise<CloudDouble> {
  const cloud = await CloudDouble.connect(url, deviceId);
  clouds.push(cloud);
  return cloud;
}

function setCode(
  publicKey: string,
  slot: number,
  pin: string,
  version: number,
  commandId = randomUuid(),
): TCommand {
  return {
    v: 1,
    type: MessageType.SetCode,
    id: randomUuid(),
    ts: Date.now(),
    commandId,
    desiredVersion: version,
    slot,
    pin: encryptPin({ devicePublicKey: publicKey, pin, commandId }),
    notAfter: Date.now() + 3_600_000,
  };
}

describe.each([TransportName.AwsCrtMqtt5, TransportName.AwsCrtMqtt311, TransportName.MqttJs5])(
  'a lock over %s to Mosquitto',
  (transport) => {
    it('connects with birth, presence and a connect state; command → applied → ack → state report', async () => {
      const deviceId = uniqueId('int-cmd');
      const cloud = await cloudFor(deviceId);
      const device = await startLock(deviceId, transport);
      const birth = await cloud.next(isType('birth'));
      expect(birth.publicKey).toBe(device.firmware.publicKey);
      await cloud.next(isType('state', (m) => m.reason === 'connect'));
      await cloud.next(isType('presence', (m) => m.status === 'online' && m.session === birth.session));

      const command = setCode(birth.publicKey, 1, '135790', 11);
      const mark = cloud.mark();
      await cloud.send(command);
      const ack = await cloud.next(
        isType('ack', (m) => m.commandId === command.commandId),
        mark,
      );
      expect(ack).toMatchObject({ result: 'applied', desiredVersion: 11 });
      const state = await cloud.next(
        isType('state', (m) => m.reason === 'change'),
        mark,
      );
      expect(state.slots[0]).toMatchObject({ slot: 1, version: 11 });
      expect(state.slots[0]?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      expect(cloud.received.indexOf(ack)).toBeLessThan(cloud.received.indexOf(state));
    });

    it('a duplicate command (QoS 1 redelivery) is acknowledged again with no second effect', async () => {
      const deviceId = uniqueId('int-dup');
      const cloud = await cloudFor(deviceId);
      const device = await startLock(deviceId, transport);
      await cloud.next(isType('state', (m) => m.reason === 'connect'));
      const command = setCode(device.firmware.publicKey, 1, '135790', 3);
      let mark = cloud.mark();
      await cloud.send(command);
      await cloud.next(
        isType('state', (m) => m.reason === 'change'),
        mark,
      );

      mark = cloud.mark();
      await cloud.send({ ...command, id: randomUuid() });
      const again = await cloud.next(
        isType('ack', (m) => m.commandId === command.commandId),
        mark,
      );
      expect(again).toMatchObject({ result: 'applied', desiredVersion: 3 });
      // A request_state after it proves the lock has handled the duplicate: no change report in between.
      const probe = {
        v: 1,
        type: MessageType.RequestState,
        id: randomUuid(),
        ts: Date.now(),
        commandId: randomUuid(),
        desiredVersion: 3,
      } as const;
      await cloud.send(probe);
      const answer = await cloud.next(
        isType('state', (m) => m.commandId === probe.commandId),
        mark,
      );
      const between = cloud.received.slice(mark, cloud.received.indexOf(answer));
      expect(between.filter((m) => m.type === 'state')).toEqual([]);
    });
  },
);

describe('a lock restarted', () => {
  it('keeps its codes, versions and keys (non-volatile memory), and reports them on connect', async () => {
    const deviceId = uniqueId('int-restart');
    const cloud = await cloudFor(deviceId);
    const first = await startLock(deviceId, TransportName.AwsCrtMqtt5);
    await cloud.next(isType('state', (m) => m.reason === 'connect'));
    const mark = cloud.mark();
    await cloud.send(setCode(first.firmware.publicKey, 2, '975311', 8));
    const changed = await cloud.next(
      isType('state', (m) => m.reason === 'change'),
      mark,
    );
    await first.stop();
    running.splice(running.indexOf(first), 1);
    await cloud.next(
      isType('presence', (m) => m.status === 'offline'),
      mark,
    );

    const restartMark = cloud.mark();
    const second = await startLock(deviceId, TransportName.AwsCrtMqtt5);
    const birth = await cloud.next(isType('birth'), restartMark);
    const state = await cloud.next(
      isType('state', (m) => m.reason === 'connect'),
      restartMark,
    );
    expect(birth.publicKey).toBe(first.firmware.publicKey);
    expect(state.slots).toEqual(changed.slots);
    expect(state.desiredVersion).toBe(8);
    expect(second.firmware.slots.hasCode(2)).toBe(true);
  });
});
