import { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudSubscriptions, sharedDeviceFilter, topics } from '@lockstep/lock-protocol';
import { connectClient, nextMessageOn, recordTopics, subscribeGranted } from '../../test/mqtt-helpers.js';
import { generateDeviceSecret, mosquittoPasswordHash } from '@lockstep/device-credentials';
import { startMosquitto, type MosquittoProcess } from './mosquitto-process.js';

const secrets = { 'dev-a': generateDeviceSecret(), 'dev-b': generateDeviceSecret() };
const servicePassword = generateDeviceSecret();

describe('generated Mosquitto config: per-device credentials and ACL (deny by default)', () => {
  let broker: MosquittoProcess;
  const clients: MqttClient[] = [];
  const device = async (id: keyof typeof secrets, protocolVersion: 4 | 5 = 4) => {
    const c = await connectClient(broker.url, {
      clientId: id,
      username: id,
      password: secrets[id],
      protocolVersion,
    });
    clients.push(c);
    return c;
  };
  const service = async (clientId: string) => {
    const c = await connectClient(broker.url, {
      clientId,
      username: 'svc.gateway',
      password: servicePassword,
    });
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
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync()));
    await broker?.stop();
  });

  it('refuses a wrong password, an unknown device and an anonymous login', async () => {
    await expect(
      connectClient(broker.url, { clientId: 'dev-a', username: 'dev-a', password: 'wrong' }),
    ).rejects.toThrow(/not authori[sz]ed|bad user/i);
    await expect(
      connectClient(broker.url, { clientId: 'dev-c', username: 'dev-c', password: secrets['dev-a'] }),
    ).rejects.toThrow();
    await expect(connectClient(broker.url, { clientId: 'anon' })).rejects.toThrow();
  });

  // Mosquitto's acl_file does not refuse a SUBSCRIBE (2.0 grants it, see README); it checks `read` on
  // every delivery, so a subscription outside the device's own topics receives nothing.
  it('delivers nothing to a device subscribed to other devices’ topics or fleet wildcards', async () => {
    const a = await device('dev-a');
    const b = await device('dev-b');
    for (const filter of [
      topics.command('dev-b'),
      'lockstep/v1/+/cmd',
      'lockstep/v1/+/+',
      'lockstep/#',
      '#',
      topics.state('dev-b'),
    ]) {
      await a.subscribeAsync(filter, { qos: 1 });
    }
    await a.subscribeAsync(topics.command('dev-a'), { qos: 1 });
    await b.subscribeAsync(topics.command('dev-b'), { qos: 1 });
    const seenByA = recordTopics(a);
    const gw = await service('gw-pub');
    const toB = nextMessageOn(b, topics.command('dev-b'));
    await b.publishAsync(topics.state('dev-b'), 'b state', { qos: 1 });
    await b.publishAsync(topics.event('dev-b'), 'b event', { qos: 1 });
    await gw.publishAsync(topics.command('dev-b'), 'for b', { qos: 1 });
    expect((await toB).toString()).toBe('for b');
    const toA = nextMessageOn(a, topics.command('dev-a'));
    await gw.publishAsync(topics.command('dev-a'), 'for a', { qos: 1 });
    expect((await toA).toString()).toBe('for a');
    // Per-connection ordering: everything published before 'for a' would have arrived before it.
    expect(seenByA).toEqual([topics.command('dev-a')]);
  });

  it('drops a device’s publish on another device’s topics (MQTT 3.1.1 and MQTT 5)', async () => {
    const gw = await service('gw-sub');
    for (const filter of cloudSubscriptions()) expect(await subscribeGranted(gw, filter)).toBe(1);
    const seen = recordTopics(gw);
    const a = await device('dev-a');
    await a.publishAsync(topics.state('dev-b'), 'spoofed', { qos: 1 });
    await a.publishAsync(topics.command('dev-a'), 'own cmd topic is read-only', { qos: 1 });
    const own = nextMessageOn(gw, topics.state('dev-a'));
    await a.publishAsync(topics.state('dev-a'), 'genuine', { qos: 1 });
    expect((await own).toString()).toBe('genuine');
    expect(seen).toEqual([topics.state('dev-a')]);

    // MQTT 5 says so explicitly: PUBACK reason 0x87 (not authorized).
    const a5 = await device('dev-a', 5);
    const refused = a5.publishAsync(topics.telemetry('dev-b'), 'spoofed', { qos: 1 });
    await expect(refused).rejects.toThrow();
  });

  it('splits a shared subscription over MQTT 3.1.1 between gateway connections', async () => {
    const filter = sharedDeviceFilter('acl-test', 'telemetry');
    const g1 = await service('gw-share-1');
    const g2 = await service('gw-share-2');
    expect(await subscribeGranted(g1, filter)).toBe(1);
    expect(await subscribeGranted(g2, filter)).toBe(1);
    const got1 = recordTopics(g1);
    const got2 = recordTopics(g2);
    const a = await device('dev-a');
    for (let i = 0; i < 20; i++) await a.publishAsync(topics.telemetry('dev-a'), `m${i}`, { qos: 1 });
    const last = new Promise<void>((resolve) => {
      const check = () => (got1.length + got2.length >= 21 ? resolve() : undefined);
      g1.on('message', check);
      g2.on('message', check);
    });
    await a.publishAsync(topics.telemetry('dev-a'), 'last', { qos: 1 });
    await last;
    expect(got1.length + got2.length).toBe(21);
    expect(got1.length).toBeGreaterThan(0);
    expect(got2.length).toBeGreaterThan(0);
  });
});
