import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '@lockstep/lock-protocol';
import { createDevice, eventually, messages, type DeviceFixture } from '../../test/factories.js';
import { counterValue, createHarness, type Harness } from '../../test/gateway-harness.js';
import { connectClient, subscribeGranted } from '../../test/mqtt-helpers.js';
import { MemoryDomainEventBus } from '../events/domain-event-bus.js';
import { type Gateway } from '../gateway.js';
import { freePort } from './mosquitto-process.js';

describe('embedded broker (Aedes): same authentication and ACL as Mosquitto', () => {
  let harness: Harness;
  let gateway: Gateway;
  let url: string;
  let a: DeviceFixture;
  let b: DeviceFixture;

  beforeAll(async () => {
    harness = await createHarness('gw_embedded');
    a = await createDevice(harness.database.db);
    b = await createDevice(harness.database.db);
    const port = await freePort();
    url = `mqtt://127.0.0.1:${port}`;
    gateway = await harness.start(
      { GATEWAY_EMBEDDED_BROKER_PORT: String(port), MQTT_URL: url },
      { bus: new MemoryDomainEventBus(), commands: false },
    );
  });
  afterAll(async () => {
    await harness?.close();
  });

  const login = (d: DeviceFixture, over: { clientId?: string; password?: string } = {}) =>
    connectClient(url, {
      clientId: over.clientId ?? d.deviceId,
      username: d.deviceId,
      password: over.password ?? d.secret,
    });

  it('refuses a wrong password, a borrowed client id and anonymous logins', async () => {
    await expect(login(a, { password: 'wrong' })).rejects.toThrow(/bad user|not authori[sz]ed/i);
    await expect(login(a, { clientId: b.deviceId })).rejects.toThrow(/not authori[sz]ed/i);
    await expect(connectClient(url, { clientId: 'anon' })).rejects.toThrow(/not authori[sz]ed/i);
  });

  it('lets a device subscribe to its own command topic only', async () => {
    const client = await login(a);
    expect(await subscribeGranted(client, topics.command(a.deviceId))).toBe(1);
    expect(await subscribeGranted(client, topics.command(b.deviceId))).toBe(128);
    expect(await subscribeGranted(client, 'lockstep/v1/+/cmd')).toBe(128);
    expect(await subscribeGranted(client, '#')).toBe(128);
    await client.endAsync();
  });

  it('stores a device’s own telemetry, and cuts off a device publishing on another’s topic', async () => {
    const client = await login(a);
    const id = randomUUID();
    await client.publishAsync(topics.telemetry(a.deviceId), JSON.stringify(messages.telemetry(id)), {
      qos: 1,
    });
    await eventually(
      async () =>
        (await harness.database.db.telemetry.count({ where: { deviceId: a.deviceId, messageId: id } })) === 1,
    );
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.publish(topics.telemetry(b.deviceId), JSON.stringify(messages.telemetry()), { qos: 1 });
    await closed;
    expect(
      await counterValue(gateway, 'lockstep_gateway_embedded_broker_denials_total', { kind: 'publish' }),
    ).toBe(1);
    expect(await harness.database.db.telemetry.count({ where: { deviceId: b.deviceId } })).toBe(0);
  });
});
