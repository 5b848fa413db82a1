import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  createApiKeyToken,
  createOrganizationFixture,
  type OrganizationFixture,
} from './factories.js';
import { startTestApp, type TestApp } from './test-app.js';

describe('organization API keys', () => {
  let t: TestApp;
  let fx: OrganizationFixture;
  beforeAll(async () => {
    t = await startTestApp('api_keys', { API_KEY_RATE_LIMIT: '5' });
    fx = await createOrganizationFixture(t.database.db, 'keys');
  });
  afterAll(async () => {
    await t?.close();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('shows a new key once, stores only its hash, and lists it by prefix', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: authHeaders(fx, 'owner'),
      payload: { name: 'PMS sync', scopes: ['properties:read'] },
    });
    expect(created.statusCode).toBe(201);
    const { key, apiKey } = created.json<{
      key: string;
      apiKey: { id: string; prefix: string; role: string };
    }>();
    expect(key).toMatch(/^lsk_[0-9a-f]{12}_/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey.role).toBe('manager');
    const row = await t.database.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(JSON.stringify(row)).not.toContain(key.split('_')[2]);

    const listed = await t.app.inject({
      method: 'GET',
      url: '/v1/api-keys',
      headers: authHeaders(fx, 'owner'),
    });
    expect(listed.body).not.toContain(key);
    expect(listed.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(apiKey.id);

    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/properties', headers: bearer(key) })).statusCode,
    ).toBe(200);
    // Scoped to properties:read: units are out of scope, and so are writes.
    expect((await t.app.inject({ method: 'GET', url: '/v1/units', headers: bearer(key) })).statusCode).toBe(
      403,
    );
  });

  it('stops authenticating once revoked or expired', async () => {
    const live = await createApiKeyToken(t.database.db, fx.organization.id);
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/locks', headers: bearer(live.token) })).statusCode,
    ).toBe(200);
    const revoke = await t.app.inject({
      method: 'POST',
      url: `/v1/api-keys/${live.id}/revoke`,
      headers: authHeaders(fx, 'owner'),
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json<{ revokedAt: string | null }>().revokedAt).not.toBeNull();
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/locks', headers: bearer(live.token) })).statusCode,
    ).toBe(401);

    const expired = await createApiKeyToken(t.database.db, fx.organization.id, {
      expiresAt: new Date(Date.now() - 1),
    });
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/locks', headers: bearer(expired.token) })).statusCode,
    ).toBe(401);
    const tampered = `${live.token.slice(0, -4)}AAAA`;
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/locks', headers: bearer(tampered) })).statusCode,
    ).toBe(401);
  });

  it('acts only in its own organization', async () => {
    const other = await createOrganizationFixture(t.database.db, 'other');
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/properties',
      headers: { ...bearer(fx.apiKey.token), 'lockstep-organization': other.organization.id },
    });
    expect(res.statusCode).toBe(404);
  });

  it('rate-limits each key', async () => {
    const key = await createApiKeyToken(t.database.db, fx.organization.id);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push(
        (await t.app.inject({ method: 'GET', url: '/v1/units', headers: bearer(key.token) })).statusCode,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const other = await createApiKeyToken(t.database.db, fx.organization.id);
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/units', headers: bearer(other.token) })).statusCode,
    ).toBe(200);
  });

  it('are created by people only, so a leaked key cannot mint others', async () => {
    const ownerKey = await createApiKeyToken(t.database.db, fx.organization.id, { role: 'owner' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: bearer(ownerKey.token),
      payload: { name: 'successor' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('validates the scopes and the role', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: authHeaders(fx, 'owner'),
      payload: { name: 'bad', scopes: ['everything'], role: 'tenant' },
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['scopes', 'role']));
  });
});
