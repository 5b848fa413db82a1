import { existsSync } from 'node:fs';
import { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDeviceSecret, mosquittoPasswordHash } from '@lockstep/device-credentials';
import { sharedDeviceFilter, topics } from '@lockstep/lock-protocol';
import { connectClient, nextMessageOn, recordTopics, subscribeGranted } from '../../test/mqtt-helpers.js';
import { DEFAULT_DYNSEC_PLUGIN } from './mosquitto-dynsec.js';
import { startMosquitto, type MosquittoProcess } from './mosquitto-process.js';

const PLUGIN = process.env.MOSQUITTO_DYNSEC_PLUGIN ?? DEFAULT_DYNSEC_PLUGIN;
const secrets = { 'dyn-a': generateDeviceSecret(), 'dyn-b': generateDeviceSecret() };
const servicePassword = generateDeviceSecret();

// The plugin ships with Mosquitto 2 (Debian/Ubuntu: the path above); CI and this machine have it.
describe.skipIf(!existsSync(PLUGIN))(
  'generated dynamic-security config: client id bound to the device',
  () => {
    let broker: MosquittoProcess;
    const clients: MqttClient[] = [];
    const connect = async (clientId: string, username: keyof typeof secrets) => {
      const c = await connectClient(broker.url, { clientId, username, password: secrets[username] });
      clients.push(c);
      return c;
    };

    beforeAll(async () => {
      broker = await startMosquitto({
        devices: Object.entries(secrets).map(([deviceId, s]) => ({
          deviceId,
          brokerPasswordHash: mosquittoPasswordHash(s),
        })),
        services: [{ username: 'svc.gateway', brokerPasswordHash: mosquittoPasswordHash(servicePassword) }],
        dynsecPluginPath: PLUGIN,
      });
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.endAsync()));
      await broker?.stop();
    });

    it('refuses a device that borrows another device’s client id, a wrong password and anonymous', async () => {
      await expect(
        connectClient(broker.url, { clientId: 'dyn-b', username: 'dyn-a', password: secrets['dyn-a'] }),
      ).rejects.toThrow(/not authori[sz]ed|bad user/i);
      await expect(
        connectClient(broker.url, { clientId: 'dyn-a', username: 'dyn-a', password: 'wrong' }),
      ).rejects.toThrow(/not authori[sz]ed|bad user/i);
      await expect(connectClient(broker.url, { clientId: 'anon' })).rejects.toThrow();
      // Its own id works.
      await connect('dyn-a', 'dyn-a');
    });

    it('confines a device to its own topics and lets the gateway share the fleet’s channels', async () => {
      const a = clients[0] ?? (await connect('dyn-a', 'dyn-a'));
      const b = await connect('dyn-b', 'dyn-b');
      // Wildcards over the fleet and another device's command topic: refused at SUBSCRIBE (0x80).
      expect(await subscribeGranted(b, 'lockstep/v1/+/cmd')).toBe(128);
      expect(await subscribeGranted(b, topics.command('dyn-a'))).toBe(128);
      expect(await subscribeGranted(b, '#')).toBe(128);
      expect(await subscribeGranted(b, topics.command('dyn-b'))).toBe(1);

      const gateway = await connectClient(broker.url, {
        clientId: 'gw-in-0',
        username: 'svc.gateway',
        password: servicePassword,
      });
      clients.push(gateway);
      expect(await subscribeGranted(gateway, sharedDeviceFilter('grp', 'telemetry'))).toBe(1);
      const seen = recordTopics(gateway);
      // b publishes as a (QoS 1: the broker has dealt with it once it acks): dropped. a's own: delivered.
      await b.publishAsync(topics.telemetry('dyn-a'), 'spoofed', { qos: 1 });
      const own = nextMessageOn(gateway, topics.telemetry('dyn-a'));
      await a.publishAsync(topics.telemetry('dyn-a'), 'genuine', { qos: 1 });
      expect((await own).toString()).toBe('genuine');
      await b.publishAsync(topics.telemetry('dyn-a'), 'spoofed again', { qos: 1 });
      const marker = nextMessageOn(gateway, topics.telemetry('dyn-b'));
      await b.publishAsync(topics.telemetry('dyn-b'), 'marker', { qos: 1 });
      await marker;
      expect(seen.filter((t) => t === topics.telemetry('dyn-a'))).toHaveLength(1);

      // The gateway's command reaches only its device.
      const bSeen = recordTopics(b);
      const aCommand = nextMessageOn(a, topics.command('dyn-a'));
      await a.subscribeAsync(topics.command('dyn-a'), { qos: 1 });
      await gateway.publishAsync(topics.command('dyn-a'), 'cmd', { qos: 1 });
      expect((await aCommand).toString()).toBe('cmd');
      expect(bSeen).not.toContain(topics.command('dyn-a'));
    });
  },
);
