import { MessageType, SEED_MODEL_PROFILE, randomUuid } from '@lockstep/lock-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../src/clock/system-clock.js';
import { brokerEndpointFromUrl } from '../src/connectivity/broker-endpoint.js';
import { createTransport } from '../src/connectivity/transport-factory.js';
import { TransportName, type TTransportName } from '../src/connectivity/transport.js';
import { startLockDevice } from '../src/device/lock-device.js';
import { silentLogger } from '../src/logging/logger.js';
import { MemoryNvmStore } from '../src/nvm/nvm-store.js';
import { CloudDouble, isType } from './cloud-double.js';
import { MosquittoProcess } from './mosquitto-process.js';

let broker: MosquittoProcess;

beforeAll(async () => {
  broker = await MosquittoProcess.start();
});
afterAll(async () => {
  await broker.dispose();
});

async function lockOn(url: string, transport: TTransportName, deviceId: string) {
  return startLockDevice({
    deviceId,
    profile: SEED_MODEL_PROFILE,
    clock: new SystemClock(),
    store: new MemoryNvmStore(),
    transport: createTransport(transport, brokerEndpointFromUrl(url)),
    logger: silentLogger(),
    telemetryIntervalMs: 0,
    link: {
      backoff: { minMs: 100, maxMs: 800, resetAfterMs: 60_000 },
      persistentSession: false,
      keepAliveSeconds: 5,
    },
  });
}

describe.each([TransportName.AwsCrtMqtt5, TransportName.AwsCrtMqtt311, TransportName.MqttJs5])(
  'over %s',
  (transport) => {
    it('reconnects after a broker restart: a new session, birth and connect state, and commands work again', async () => {
      const deviceId = `int-restart-broker-${transport}-${process.pid}`;
      let cloud = await CloudDouble.connect(broker.url, deviceId);
      const device = await lockOn(broker.url, transport, deviceId);
      try {
        const firstBirth = await cloud.next(isType('birth'));
        await cloud.next(isType('state', (m) => m.reason === 'connect'));
        await cloud.close();

        await broker.kill();
        await broker.resume();

        // The lock may be back before this subscriber: its retained `online` presence tells either way.
        cloud = await CloudDouble.connect(broker.url, deviceId);
        const online = await cloud.next(
          isType('presence', (m) => m.status === 'online' && m.session !== firstBirth.session),
        );
        expect(online.session).not.toBe(firstBirth.session);
        const commandId = randomUuid();
        await cloud.send({
          v: 1,
          type: MessageType.SetAutoLock,
          id: randomUuid(),
          ts: Date.now(),
          commandId,
          desiredVersion: 2,
          autoLockSeconds: 30,
        });
        const ack = await cloud.next(isType('ack', (m) => m.commandId === commandId));
        expect(ack).toMatchObject({ result: 'applied', desiredVersion: 2 });
      } finally {
        await cloud.close();
        await device.stop();
      }
    });
  },
);

describe.each([TransportName.AwsCrtMqtt5, TransportName.MqttJs5])('the will over %s', (transport) => {
  it('a lock that loses the network is marked offline by its will, naming its session', async () => {
    const deviceId = `int-will-${transport}-${process.pid}`;
    const cloud = await CloudDouble.connect(broker.url, deviceId);
    const device = await lockOn(broker.url, transport, deviceId);
    try {
      const birth = await cloud.next(isType('birth'));
      await cloud.next(isType('presence', (m) => m.status === 'online'));
      const mark = cloud.mark();
      await device.link.goOfflineFor(60_000);
      const offline = await cloud.next(
        isType('presence', (m) => m.status === 'offline'),
        mark,
      );
      expect(offline.session).toBe(birth.session);
    } finally {
      await cloud.close();
      await device.stop();
    }
  });
});
