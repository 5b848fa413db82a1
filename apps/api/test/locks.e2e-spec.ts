import { pbkdf2Sync, scryptSync, timingSafeEqual } from 'node:crypto';
import { DEVICE_ID_PATTERN } from '@lockstep/lock-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createOrganizationFixture, type OrganizationFixture } from './factories.js';
import { startTestApp, type TestApp } from './test-app.js';

/** Verifies a secret against the stored hashes the way the gateway and Mosquitto do. */
function scryptMatches(secret: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  expect(scheme).toBe('scrypt');
  const expected = Buffer.from(hash ?? '', 'base64url');
  const actual = scryptSync(secret, Buffer.from(salt ?? '', 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(actual, expected);
}
function mosquittoMatches(secret: string, stored: string): boolean {
  const [, seven, iterations, salt, hash] = stored.split('$');
  expect(seven).toBe('7');
  const expected = Buffer.from(hash ?? '', 'base64');
  return timingSafeEqual(
    pbkdf2Sync(secret, Buffer.from(salt ?? '', 'base64'), Number(iterations), expected.length, 'sha512'),
    expected,
  );
}

describe('lock lifecycle', () => {
  let t: TestApp;
  let fx: OrganizationFixture;
  beforeAll(async () => {
    t = await startTestApp('locks', { DEVICE_MQTT_URL: 'mqtts://devices.example:8883' });
    fx = await createOrganizationFixture(t.database.db, 'locks');
  });
  afterAll(async () => {
    await t?.close();
  });
  const owner = () => authHeaders(fx, 'owner');

  it('registers by serial and model, assigns to a unit, commissions once, decommissions and recommissions', async () => {
    const registered = await t.app.inject({
      method: 'POST',
      url: '/v1/locks',
      headers: owner(),
      payload: {
        propertyId: fx.properties.p1.id,
        name: 'Garage',
        serial: 'KW-916-000777',
        model: 'lockstep-db30',
      },
    });
    expect(registered.statusCode).toBe(201);
    const lock = registered.json<{ id: string; status: string; unitId: string | null; device: unknown }>();
    expect(lock).toMatchObject({ status: 'registered', unitId: null, device: null });

    const assigned = await t.app.inject({
      method: 'PATCH',
      url: `/v1/locks/${lock.id}`,
      headers: { ...owner(), 'if-match': '"1"' },
      payload: { unitId: fx.units.u2.id },
    });
    expect(assigned.json<{ unitId: string; version: number }>()).toMatchObject({
      unitId: fx.units.u2.id,
      version: 2,
    });

    const commissioned = await t.app.inject({
      method: 'POST',
      url: `/v1/locks/${lock.id}/commission`,
      headers: owner(),
    });
    expect(commissioned.statusCode).toBe(200);
    const { credentials, lock: after } = commissioned.json<{
      credentials: { deviceId: string; username: string; password: string; mqttUrl: string };
      lock: { status: string; device: { id: string; state: string } };
    }>();
    expect(credentials.deviceId).toMatch(DEVICE_ID_PATTERN);
    expect(credentials.username).toBe(credentials.deviceId);
    expect(credentials.mqttUrl).toBe('mqtts://devices.example:8883');
    expect(after).toMatchObject({
      status: 'commissioned',
      device: { id: credentials.deviceId, state: 'provisioned' },
    });

    const device = await t.database.db.device.findUniqueOrThrow({ where: { id: credentials.deviceId } });
    expect(scryptMatches(credentials.password, device.credentialHash ?? '')).toBe(true);
    expect(scryptMatches('another secret', device.credentialHash ?? '')).toBe(false);
    expect(mosquittoMatches(credentials.password, device.brokerPasswordHash ?? '')).toBe(true);
    expect(JSON.stringify(device)).not.toContain(credentials.password);
    const audit = await t.database.db.auditLog.findMany({ where: { resourceId: lock.id } });
    expect(audit.map((a) => a.action)).toEqual(['lock.registered', 'lock.updated', 'lock.commissioned']);
    expect(JSON.stringify(audit)).not.toContain(credentials.password);

    const twice = await t.app.inject({
      method: 'POST',
      url: `/v1/locks/${lock.id}/commission`,
      headers: owner(),
    });
    expect(twice.statusCode).toBe(409);

    const retired = await t.app.inject({
      method: 'POST',
      url: `/v1/locks/${lock.id}/decommission`,
      headers: owner(),
    });
    expect(retired.json<{ status: string; device: { state: string } }>()).toMatchObject({
      status: 'decommissioned',
      device: { state: 'retired' },
    });
    const cleared = await t.database.db.device.findUniqueOrThrow({ where: { id: credentials.deviceId } });
    expect(cleared).toMatchObject({ credentialHash: null, brokerPasswordHash: null, online: false });

    const again = await t.app.inject({
      method: 'POST',
      url: `/v1/locks/${lock.id}/commission`,
      headers: owner(),
    });
    const renewed = again.json<{ credentials: { deviceId: string; password: string } }>().credentials;
    expect(renewed.deviceId).toBe(credentials.deviceId);
    expect(renewed.password).not.toBe(credentials.password);
  });

  it('refuses decommissioning a lock that is not commissioned', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/locks/${fx.locks.l2.id}/decommission`,
      headers: owner(),
    });
    expect(res.statusCode).toBe(409);
  });

  it('unassigns a lock with unitId null and refuses a unit of another property', async () => {
    const unassign = await t.app.inject({
      method: 'PATCH',
      url: `/v1/locks/${fx.locks.l3.id}`,
      headers: { ...owner(), 'if-match': '"1"' },
      payload: { unitId: null },
    });
    expect(unassign.json<{ unitId: string | null }>().unitId).toBeNull();
    const wrongProperty = await t.app.inject({
      method: 'PATCH',
      url: `/v1/locks/${fx.locks.l3.id}`,
      headers: { ...owner(), 'if-match': '"2"' },
      payload: { unitId: fx.units.u1.id },
    });
    expect(wrongProperty.statusCode).toBe(400);
    expect(wrongProperty.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('unitId');
  });
});
