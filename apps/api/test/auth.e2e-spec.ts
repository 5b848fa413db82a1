import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMember,
  createOrganizationFixture,
  createSession,
  type OrganizationFixture,
  PASSWORD,
} from './factories.js';
import { startTestApp, type TestApp } from './test-app.js';

function cookiesOf(setCookie: string | string[] | undefined): Record<string, string> {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return Object.fromEntries(list.map((c) => [c.split('=')[0] ?? '', c]));
}
const cookieValue = (header: string) => header.split(';')[0]?.split('=').slice(1).join('=') ?? '';

describe('sessions', () => {
  let t: TestApp;
  let fx: OrganizationFixture;
  beforeAll(async () => {
    t = await startTestApp('auth');
    fx = await createOrganizationFixture(t.database.db, 'auth');
  });
  afterAll(async () => {
    await t?.close();
  });

  const login = (email: string, password: string, tokenDelivery?: 'cookie' | 'bearer') =>
    t.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email, password, ...(tokenDelivery ? { tokenDelivery } : {}) },
    });

  it('signs in with an HTTP-only SameSite cookie and requires the CSRF header on unsafe methods', async () => {
    const res = await login(fx.users.owner.user.email.toUpperCase(), PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ token: string | null; csrfToken: string; memberships: { role: string }[] }>();
    expect(body.token).toBeNull();
    expect(body.memberships.map((m) => m.role)).toEqual(['owner']);
    const cookies = cookiesOf(res.headers['set-cookie']);
    const session = cookies.lockstep_session ?? '';
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(cookies.lockstep_csrf).not.toMatch(/HttpOnly/);
    expect(cookieValue(cookies.lockstep_csrf ?? '')).toBe(body.csrfToken);
    const cookie = `lockstep_session=${cookieValue(session)}`;

    const me = await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ user: { email: string } }>().user.email).toBe(fx.users.owner.user.email);

    const property = {
      name: 'Cookie Court',
      addressLine1: '9 Cookie Court',
      city: 'Leeds',
      postalCode: 'LS1 1AA',
      country: 'GB',
      timeZone: 'Europe/London',
    };
    const forged = await t.app.inject({
      method: 'POST',
      url: '/v1/properties',
      headers: { cookie },
      payload: property,
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json<{ type: string }>().type).toMatch(/csrf-rejected$/);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/v1/properties',
      headers: { cookie, 'x-csrf-token': 'not-the-token' },
      payload: property,
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/v1/properties',
      headers: { cookie, 'x-csrf-token': body.csrfToken },
      payload: property,
    });
    expect(ok.statusCode).toBe(201);
  });

  it('hands out a bearer token without cookies when asked', async () => {
    const res = await login(fx.users.manager.user.email, PASSWORD, 'bearer');
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    const { token, csrfToken } = res.json<{ token: string; csrfToken: string | null }>();
    expect(token).toMatch(/^lss_/);
    expect(csrfToken).toBeNull();
    const stored = await t.database.db.session.findMany({ where: { userId: fx.users.manager.user.id } });
    expect(stored.some((s) => s.tokenHash === token)).toBe(false);
    const list = await t.app.inject({
      method: 'GET',
      url: '/v1/properties',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(list.statusCode).toBe(200);
  });

  it('refuses a wrong password and audits it in the account’s organizations, without the password', async () => {
    const res = await login(fx.users.tenant.user.email, 'not the password at all');
    expect(res.statusCode).toBe(401);
    expect(res.json<{ detail: string }>().detail).toBe('Wrong e-mail address or password.');
    const entries = await t.database.db.auditLog.findMany({
      where: { action: 'auth.login_failed', actorUserId: fx.users.tenant.user.id },
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.organizationId).toBe(fx.organization.id);
    expect(entries[0]?.after).toEqual({ email: fx.users.tenant.user.email, reason: 'bad_credentials' });
    expect(JSON.stringify(entries)).not.toContain('not the password at all');
  });

  it('answers an unknown address exactly like a wrong password, and audits it outside any organization', async () => {
    const res = await login('nobody@test.lockstep.dev', PASSWORD);
    expect(res.statusCode).toBe(401);
    expect(res.json<{ detail: string }>().detail).toBe('Wrong e-mail address or password.');
    const entry = await t.database.db.auditLog.findFirst({
      where: {
        action: 'auth.login_failed',
        organizationId: null,
        requestId: String(res.headers['x-request-id']),
      },
    });
    expect(entry?.after).toEqual({ email: 'nobody@test.lockstep.dev', reason: 'bad_credentials' });
  });

  it('refuses disabled accounts', async () => {
    const { user } = await createMember(t.database.db, fx.organization.id, 'manager');
    await t.database.db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect((await login(user.email, PASSWORD)).statusCode).toBe(401);
  });

  it('signs out: the session stops working and the cookies are cleared', async () => {
    const token = await createSession(t.database.db, fx.users.technician.user.id);
    const headers = { authorization: `Bearer ${token}` };
    const out = await t.app.inject({ method: 'POST', url: '/v1/auth/logout', headers });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/lockstep_session=;/);
    const after = await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers });
    expect(after.statusCode).toBe(401);
    expect(after.headers['content-type']).toMatch(/problem\+json/);
  });

  it('refuses expired sessions, unknown tokens and malformed Authorization headers', async () => {
    const token = await createSession(t.database.db, fx.users.owner.user.id);
    await t.database.db.session.updateMany({
      where: { userId: fx.users.owner.user.id, expiresAt: { gt: new Date() } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    for (const authorization of [`Bearer ${token}`, 'Bearer lss_unknown', 'Basic abc', 'Bearer']) {
      const res = await t.app.inject({ method: 'GET', url: '/v1/properties', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
    }
  });

  it('picks the organization from the Lockstep-Organization header when a user has several', async () => {
    const other = await createOrganizationFixture(t.database.db, 'second');
    const { user } = await createMember(t.database.db, fx.organization.id, 'manager');
    await t.database.db.membership.create({
      data: { organizationId: other.organization.id, userId: user.id, role: 'tenant' },
    });
    const headers = { authorization: `Bearer ${await createSession(t.database.db, user.id)}` };
    const none = await t.app.inject({ method: 'GET', url: '/v1/properties', headers });
    expect(none.statusCode).toBe(400);
    expect(none.json<{ type: string }>().type).toMatch(/organization-required$/);
    const bySlug = await t.app.inject({
      method: 'GET',
      url: '/v1/properties',
      headers: { ...headers, 'lockstep-organization': fx.organization.slug },
    });
    expect(bySlug.statusCode).toBe(200);
    expect(bySlug.json<{ items: unknown[] }>().items.length).toBeGreaterThanOrEqual(2);
    // As a tenant without a tenancy in the second organization, that user reaches no property there.
    const asTenant = await t.app.inject({
      method: 'GET',
      url: '/v1/properties',
      headers: { ...headers, 'lockstep-organization': other.organization.id },
    });
    expect(asTenant.json<{ items: unknown[] }>().items).toEqual([]);
    const foreign = await createOrganizationFixture(t.database.db, 'foreign');
    const notMine = await t.app.inject({
      method: 'GET',
      url: '/v1/properties',
      headers: { ...headers, 'lockstep-organization': foreign.organization.id },
    });
    expect(notMine.statusCode).toBe(404);
  });
});

describe('login rate limiting', () => {
  let t: TestApp;
  let fx: OrganizationFixture;
  beforeAll(async () => {
    t = await startTestApp('auth_limits', { LOGIN_RATE_LIMIT: '3' });
    fx = await createOrganizationFixture(t.database.db, 'limits');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 with Retry-After once an address has used its attempts, even with the right password', async () => {
    const email = fx.users.owner.user.email;
    const attempt = (password: string) =>
      t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password } });
    for (let i = 0; i < 3; i += 1) expect((await attempt('wrong password')).statusCode).toBe(401);
    const limited = await attempt(PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json<{ type: string }>().type).toMatch(/rate-limited$/);
    const audited = await t.database.db.auditLog.count({
      where: { action: 'auth.login_failed', actorUserId: fx.users.owner.user.id },
    });
    expect(audited).toBe(4);
    // Another address is not affected.
    const other = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: fx.users.manager.user.email, password: PASSWORD },
    });
    expect(other.statusCode).toBe(200);
  });
});
