import { readFile } from 'node:fs/promises';
import { SEED_MODEL_PROFILE } from '@lockstep/lock-protocol';
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
const CLOUD = { username: 'cloud', password: 'cloud-secret' };

beforeAll(async () => {
  broker = await MosquittoProcess.start({
    tls: true,
    users: {
      [CLOUD.username]: CLOUD.password,
      'tls-lock-aws-crt-mqtt5': 's5',
      'tls-lock-aws-crt-mqtt311': 's3',
      'tls-lock-mqttjs-5': 'sj',
    },
  });
});
afterAll(async () => {
  await broker.dispose();
});

const PASSWORDS: Record<string, string> = {
  [TransportName.AwsCrtMqtt5]: 's5',
  [TransportName.AwsCrtMqtt311]: 's3',
  [TransportName.MqttJs5]: 'sj',
};

describe.each([TransportName.AwsCrtMqtt5, TransportName.AwsCrtMqtt311, TransportName.MqttJs5])(
  'TLS and a password to Mosquitto over %s',
  (transport: TTransportName) => {
    it('connects with the broker verified against its CA and logs in with username/password', async () => {
      const deviceId = `tls-lock-${transport}`;
      const cloud = await CloudDouble.connect(broker.url, deviceId, {
        ...CLOUD,
        ca: await readFile(broker.caPath),
      });
      const endpoint = brokerEndpointFromUrl(broker.url, {
        username: deviceId,
        password: PASSWORDS[transport],
        caPath: broker.caPath,
      });
      const device = await startLockDevice({
        deviceId,
        profile: SEED_MODEL_PROFILE,
        clock: new SystemClock(),
        store: new MemoryNvmStore(),
        transport: createTransport(transport, endpoint),
        logger: silentLogger(),
        telemetryIntervalMs: 0,
        link: { persistentSession: false },
      });
      try {
        const birth = await cloud.next(isType('birth'));
        expect(birth.publicKey).toBe(device.firmware.publicKey);
      } finally {
        await device.stop();
        await cloud.close();
      }
    });
  },
);
