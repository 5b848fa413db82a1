import { SEED_MODEL_PROFILE } from '@lockstep/lock-protocol';
import { describe, expect, it } from 'vitest';
import { SystemClock } from '../src/clock/system-clock.js';
import { brokerEndpointFromUrl } from '../src/connectivity/broker-endpoint.js';
import { TransportName } from '../src/connectivity/transport.js';
import { generatedDeviceIds } from '../src/fleet/device-list.js';
import { startFleet } from '../src/fleet/fleet.js';
import { DEFAULT_TRAFFIC } from '../src/fleet/resident-traffic.js';
import { silentLogger } from '../src/logging/logger.js';
import { CloudDouble, isType } from './cloud-double.js';

describe('a fleet against Mosquitto', () => {
  it('connects every lock with its seeded identity and programmed primary code', async () => {
    const prefix = `int-fleet-${process.pid}`;
    const deviceIds = generatedDeviceIds(20, prefix);
    const cloud = await CloudDouble.connect('mqtt://127.0.0.1:1883', deviceIds[0] ?? '');
    const fleet = await startFleet({
      deviceIds,
      profile: SEED_MODEL_PROFILE,
      endpoint: brokerEndpointFromUrl('mqtt://127.0.0.1:1883'),
      transport: TransportName.MqttJs311,
      credentials: () => undefined,
      clock: new SystemClock(),
      logger: silentLogger(),
      seed: 'int-fleet',
      stateDir: '',
      nvm: 'memory',
      traffic: { ...DEFAULT_TRAFFIC, entriesPerHour: 0 },
      telemetryIntervalMs: 0,
      persistentSession: false,
      drainFactor: 1,
      startRatePerSecond: 1_000,
      control: false,
      programCodes: true,
    });
    try {
      const state = await cloud.next(isType('state', (m) => m.reason === 'connect'));
      expect(state.slots[0]?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      const birth = await cloud.next(isType('birth'));
      expect(birth.publicKey).toBe(fleet.devices.get(deviceIds[0] ?? '')?.firmware.publicKey);
      for (const id of deviceIds) {
        const device = fleet.devices.get(id);
        if (device === undefined) throw new Error(`fleet lost ${id}`);
        await new Promise<void>((resolve) => {
          if (device.link.isConnected) resolve();
          else device.link.observe({ connected: resolve });
        });
      }
      expect(fleet.stats.connected).toBe(20);
      expect(fleet.summary()).toMatch(/connected=20\/20/);
    } finally {
      await fleet.stop();
      await cloud.close();
      await CloudDouble.clearRetainedPresence('mqtt://127.0.0.1:1883', deviceIds);
    }
  });
});
