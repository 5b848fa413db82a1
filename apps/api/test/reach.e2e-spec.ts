import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  createMember,
  createOrganizationFixture,
  createSession,
  type OrganizationFixture,
  type TestRole,
} from './factories.js';
import { startTestApp, type TestApp } from './test-app.js';

/**
 * What each role's lists contain: a tenant reaches their unit, a technician the locks of the codes
 * issued to them, a scoped manager their properties, and nobody anything of another organization.
 */
describe('list contents by role', () => {
  let t: TestApp;
  let a: OrganizationFixture;
  let b: OrganizationFixture;

  beforeAll(async () => {
    t = await startTestApp('reach');
    a = await createOrganizationFixture(t.database.db, 'a');
    b = await createOrganizationFixture(t.database.db, 'b');
  });
  afterAll(async () => {
    await t?.close();
  });

  async function ids(role: TestRole, url: string): Promise<string[]> {
    const res = await t.app.inject({ method: 'GET', url, headers: authHeaders(a, role) });
    expect(res.statusCode, res.body).toBe(200);
    return res
      .json<{ items: { id: string }[] }>()
      .items.map((i) => i.id)
      .sort();
  }
  const sorted = (...values: string[]) => values.sort();

  it.each([
    ['owner', 'all'],
    ['manager', 'all'],
    ['apiKey', 'all'],
    ['scopedManager', 'p1'],
    ['tenant', 'u1'],
    ['technician', 'u2'],
  ] as const)('%s sees %s', async (role, reach) => {
    const { p1, p2 } = a.properties;
    const { u1, u2, u3 } = a.units;
    const { l1, l2, l3 } = a.locks;
    const expected = {
      all: { properties: [p1, p2], units: [u1, u2, u3], locks: [l1, l2, l3], events: ['l1', 'l2', 'l3'] },
      p1: { properties: [p1], units: [u1, u2], locks: [l1, l2], events: ['l1', 'l2'] },
      u1: { properties: [p1], units: [u1], locks: [l1], events: ['l1'] },
      u2: { properties: [p1], units: [u2], locks: [l2], events: ['l2'] },
    }[reach];
    expect(await ids(role, '/v1/properties')).toEqual(sorted(...expected.properties.map((x) => x.id)));
    expect(await ids(role, '/v1/units')).toEqual(sorted(...expected.units.map((x) => x.id)));
    expect(await ids(role, '/v1/locks')).toEqual(sorted(...expected.locks.map((x) => x.id)));
    expect(await ids(role, '/v1/lock-events')).toEqual(
      sorted(...expected.events.map((k) => a.events[k as 'l1' | 'l2' | 'l3'].id)),
    );
  });

  it('shows a tenant only their own tenancy', async () => {
    expect(await ids('tenant', '/v1/tenancies')).toEqual([a.tenancy.id]);
  });

  it('gives a tenant reach only while the tenancy runs (move-in and move-out days included)', async () => {
    const day = 86_400_000;
    const date = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString().slice(0, 10);
    const cases: [string, string | null, boolean][] = [
      [date(2), null, false], // moves in the day after tomorrow
      [date(-30), date(-2), false], // moved out two days ago
      [date(-30), date(2), true],
      [date(-30), null, true],
    ];
    for (const [startsOn, endsOn, reaches] of cases) {
      const { user } = await createMember(t.database.db, a.organization.id, 'tenant');
      await t.database.db.tenancy.create({
        data: {
          organizationId: a.organization.id,
          unitId: a.units.u3.id,
          userId: user.id,
          startsOn: new Date(`${startsOn}T00:00:00Z`),
          endsOn: endsOn ? new Date(`${endsOn}T00:00:00Z`) : null,
        },
      });
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/units',
        headers: { authorization: `Bearer ${await createSession(t.database.db, user.id)}` },
      });
      const units = res.json<{ items: { id: string }[] }>().items.map((u) => u.id);
      expect(units, `${startsOn}..${endsOn ?? 'open'}`).toEqual(reaches ? [a.units.u3.id] : []);
    }
  });

  it('filters lists by the query on top of reach', async () => {
    expect(await ids('owner', `/v1/units?propertyId=${a.properties.p2.id}`)).toEqual([a.units.u3.id]);
    expect(await ids('owner', `/v1/locks?unitId=${a.units.u1.id}`)).toEqual([a.locks.l1.id]);
    expect(await ids('owner', `/v1/locks?status=commissioned`)).toEqual([a.locks.l1.id]);
    expect(await ids('owner', `/v1/lock-events?propertyId=${a.properties.p2.id}`)).toEqual([a.events.l3.id]);
    expect(await ids('owner', `/v1/lock-events?lockId=${a.locks.l2.id}`)).toEqual([a.events.l2.id]);
    expect(await ids('owner', `/v1/lock-events?type=jammed`)).toEqual([]);
    expect(await ids('owner', `/v1/lock-events?from=2026-11-01T10:30:00Z&to=2026-11-01T11:30:00Z`)).toEqual([
      a.events.l2.id,
    ]);
    // A filter naming a unit outside the tenant's reach finds nothing rather than failing.
    expect(await ids('tenant', `/v1/locks?unitId=${a.units.u2.id}`)).toEqual([]);
  });

  it("never lists another organization's objects, whoever asks", async () => {
    const foreign = [
      ...Object.values(b.properties),
      ...Object.values(b.units),
      ...Object.values(b.locks),
      ...Object.values(b.events),
      b.tenancy,
      ...Object.values(b.users).map((u) => u.membership),
    ].map((x) => x.id);
    const lists = [
      '/v1/properties',
      '/v1/units',
      '/v1/locks',
      '/v1/lock-events',
      '/v1/tenancies',
      '/v1/members',
      '/v1/invitations',
      '/v1/api-keys',
      '/v1/audit-entries',
      '/v1/organizations',
    ];
    for (const role of ['owner', 'manager', 'scopedManager', 'technician', 'tenant', 'apiKey'] as const) {
      for (const url of lists) {
        const res = await t.app.inject({ method: 'GET', url, headers: authHeaders(a, role) });
        for (const id of foreign) expect(res.body.includes(id), `${role} ${url} leaks ${id}`).toBe(false);
        expect(res.body.includes(b.organization.id), `${role} ${url} names the other organization`).toBe(
          false,
        );
      }
    }
  });
});
