import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  createMember,
  createOrganizationFixture,
  type OrganizationFixture,
  PASSWORD,
} from './factories.js';
import { startTestApp, type TestApp } from './test-app.js';

describe('invitations and members', () => {
  let t: TestApp;
  let fx: OrganizationFixture;
  beforeAll(async () => {
    t = await startTestApp('people');
    fx = await createOrganizationFixture(t.database.db, 'people');
  });
  afterAll(async () => {
    await t?.close();
  });

  const invite = (payload: Record<string, unknown>, role: 'owner' | 'manager' = 'owner') =>
    t.app.inject({ method: 'POST', url: '/v1/invitations', headers: authHeaders(fx, role), payload });
  const accept = (payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/invitations/accept',
      payload: { tokenDelivery: 'bearer', ...payload },
    });

  it('invites by token: a new person sets a password, joins with the role and property scope, and is signed in', async () => {
    const created = await invite({
      email: 'New.Manager@Test.Lockstep.dev',
      role: 'manager',
      propertyIds: [fx.properties.p2.id],
    });
    expect(created.statusCode).toBe(201);
    const { token, invitation } = created.json<{
      token: string;
      invitation: { id: string; status: string; email: string };
    }>();
    expect(token).toMatch(/^lsi_/);
    expect(invitation).toMatchObject({ status: 'pending', email: 'new.manager@test.lockstep.dev' });
    const stored = await t.database.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(stored.tokenHash).not.toBe(token);

    const noName = await accept({ token, password: PASSWORD });
    expect(noName.statusCode).toBe(400);
    expect(noName.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('name');

    const joined = await accept({ token, password: PASSWORD, name: 'Nina Manager' });
    expect(joined.statusCode).toBe(200);
    const session = joined.json<{ token: string; memberships: { role: string; propertyIds: string[] }[] }>();
    expect(session.memberships).toEqual([
      expect.objectContaining({ role: 'manager', propertyIds: [fx.properties.p2.id] }),
    ]);
    const properties = await t.app.inject({
      method: 'GET',
      url: '/v1/properties',
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(properties.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toEqual([
      fx.properties.p2.id,
    ]);

    expect((await accept({ token, password: PASSWORD, name: 'Again' })).statusCode).toBe(404);
    const listed = await t.app.inject({
      method: 'GET',
      url: '/v1/invitations?status=accepted',
      headers: authHeaders(fx, 'owner'),
    });
    expect(listed.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(invitation.id);
    const audit = await t.database.db.auditLog.findFirst({
      where: { action: 'invitation.accepted', resourceId: invitation.id },
    });
    expect(audit?.organizationId).toBe(fx.organization.id);
  });

  it('lets an existing account accept only with its own password', async () => {
    const elsewhere = await createOrganizationFixture(t.database.db, 'elsewhere');
    const email = elsewhere.users.manager.user.email;
    const { token } = (await invite({ email, role: 'technician' })).json<{ token: string }>();
    expect((await accept({ token, password: 'a wrong password!' })).statusCode).toBe(401);
    const ok = await accept({ token, password: PASSWORD });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ memberships: unknown[] }>().memberships).toHaveLength(2);
  });

  it('refuses revoked invitations and inviting a member twice', async () => {
    const { token, invitation } = (
      await invite({ email: 'revoked@test.lockstep.dev', role: 'tenant' })
    ).json<{
      token: string;
      invitation: { id: string };
    }>();
    const revoked = await t.app.inject({
      method: 'POST',
      url: `/v1/invitations/${invitation.id}/revoke`,
      headers: authHeaders(fx, 'manager'),
    });
    expect(revoked.json<{ status: string }>().status).toBe('revoked');
    expect((await accept({ token, password: PASSWORD, name: 'Late' })).statusCode).toBe(404);
    const again = await t.app.inject({
      method: 'POST',
      url: `/v1/invitations/${invitation.id}/revoke`,
      headers: authHeaders(fx, 'manager'),
    });
    expect(again.statusCode).toBe(409);

    const member = await invite({ email: fx.users.tenant.user.email, role: 'tenant' });
    expect(member.statusCode).toBe(409);
    expect(member.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('email');
  });

  it('keeps the owner role in owners’ hands', async () => {
    expect((await invite({ email: 'boss@test.lockstep.dev', role: 'owner' }, 'manager')).statusCode).toBe(
      403,
    );
    const ownerMembership = fx.users.owner.membership;
    const byManager = await t.app.inject({
      method: 'PATCH',
      url: `/v1/members/${ownerMembership.id}`,
      headers: { ...authHeaders(fx, 'manager'), 'if-match': `"${ownerMembership.updatedAt.getTime()}"` },
      payload: { role: 'tenant' },
    });
    expect(byManager.statusCode).toBe(403);
    const lastOwner = await t.app.inject({
      method: 'PATCH',
      url: `/v1/members/${ownerMembership.id}`,
      headers: { ...authHeaders(fx, 'owner'), 'if-match': `"${ownerMembership.updatedAt.getTime()}"` },
      payload: { role: 'manager' },
    });
    expect(lastOwner.statusCode).toBe(409);
    const removeLast = await t.app.inject({
      method: 'DELETE',
      url: `/v1/members/${ownerMembership.id}`,
      headers: authHeaders(fx, 'owner'),
    });
    expect(removeLast.statusCode).toBe(409);
  });

  it('scopes a member to properties of the organization only', async () => {
    const { membership } = await createMember(t.database.db, fx.organization.id, 'technician');
    const other = await createOrganizationFixture(t.database.db, 'props');
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/v1/members/${membership.id}`,
      headers: { ...authHeaders(fx, 'owner'), 'if-match': `"${membership.updatedAt.getTime()}"` },
      payload: { propertyIds: [other.properties.p1.id] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('propertyIds');
  });
});
