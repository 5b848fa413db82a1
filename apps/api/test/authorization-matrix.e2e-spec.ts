import { type OpenAPIObject } from '@nestjs/swagger';
import { generateDeviceKeyPair, generateFingerprintKey } from '@lockstep/lock-protocol/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSecret, sha256Hex, TokenPrefix } from '../src/auth/tokens.js';
import {
  createApiKeyToken,
  createLock,
  createMember,
  createOrganizationFixture,
  createProperty,
  createSealedCode,
  createSession,
  createTenancy,
  createUnit,
  createUser,
  type OrganizationFixture,
  PASSWORD,
  ROLES_UNDER_TEST,
  type TestRole,
  uniq,
  uniqueWindow,
} from './factories.js';
import { startTestApp, type TestApp } from './test-app.js';

/**
 * The authorization matrix: every operation of the OpenAPI document × every kind of caller, in the
 * caller's own organization and against another organization's objects. An operation without an
 * entry here fails the suite, so a new route cannot ship without saying who may call it.
 */

interface Ctx {
  /** The test app (for the sealer of factories that store codes). */
  app: TestApp;
  /** The organization whose objects the request targets (the caller's own, or the other one). */
  target: OrganizationFixture;
  /** The caller's organization. */
  home: OrganizationFixture;
  role: TestRole;
  /** A new session for the role's user (for routes that end the session they are called with). */
  freshToken: () => Promise<string | undefined>;
}
interface Req {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  token?: string | undefined;
}
interface Case {
  name: string;
  build(ctx: Ctx): Promise<Req> | Req;
  /** Status of a successful call. */
  ok: number;
  /** Roles holding the permission (all but anonymous for authenticated routes; every role for public). */
  permitted: readonly TestRole[] | 'public';
  /** Permitted roles the service still refuses (403), e.g. a property-scoped manager adding a property. */
  refused?: readonly TestRole[];
  /** Permitted roles that cannot see the target (404). */
  hidden?: readonly TestRole[];
  /** Other outcomes by role (e.g. 400 for an API key on a session-only route). */
  other?: Partial<Record<TestRole, number>>;
  /** Role the audit entry records, when not the caller's own (a founder becomes the new organization's owner). */
  auditRole?: string;
  /** How the case behaves against the other organization's objects. */
  crossOrg?: 'ids' | 'organization-path';
}

const ALL = ['owner', 'manager', 'scopedManager', 'technician', 'tenant', 'apiKey'] as const;
const USERS = ['owner', 'manager', 'scopedManager', 'technician', 'tenant'] as const;
const MANAGERS = ['owner', 'manager', 'scopedManager', 'apiKey'] as const;
const TENANCY_READERS = ['owner', 'manager', 'scopedManager', 'tenant', 'apiKey'] as const;
const PRIMARY_SETTERS = ['owner', 'manager', 'scopedManager', 'tenant', 'apiKey'] as const;

/** A maintenance code of U1 (the tenant's unit, lock L1), stored sealed with the app's key. */
const u1Code = (app: TestApp, fx: OrganizationFixture, kind: 'primary' | 'maintenance' = 'maintenance') =>
  createSealedCode(fx.db, app.sealer, {
    organizationId: fx.organization.id,
    unitId: fx.units.u1.id,
    lockIds: [fx.locks.l1.id],
    kind,
    code: kind === 'primary' ? '24681357' : '97531864',
  });
const OWNER = ['owner'] as const;

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

const MATRIX: Record<string, Case[]> = {
  health_live: [
    { name: 'live', build: () => ({ method: 'GET', url: '/health/live' }), ok: 200, permitted: 'public' },
  ],
  health_ready: [
    { name: 'ready', build: () => ({ method: 'GET', url: '/health/ready' }), ok: 200, permitted: 'public' },
  ],
  auth_login: [
    {
      name: 'login',
      permitted: 'public',
      ok: 200,
      build: async ({ home }) => {
        const user = await createUser(home.db, 'login');
        return {
          method: 'POST',
          url: '/v1/auth/login',
          payload: { email: user.email, password: PASSWORD, tokenDelivery: 'bearer' },
        };
      },
    },
  ],
  auth_logout: [
    {
      name: 'logout',
      permitted: USERS,
      other: { apiKey: 400 },
      ok: 204,
      build: async ({ freshToken }) => ({
        method: 'POST',
        url: '/v1/auth/logout',
        token: await freshToken(),
      }),
    },
  ],
  auth_session: [
    {
      name: 'session',
      permitted: USERS,
      other: { apiKey: 400 },
      ok: 200,
      build: () => ({ method: 'GET', url: '/v1/auth/session' }),
    },
  ],
  organizations_list: [
    { name: 'list', permitted: ALL, ok: 200, build: () => ({ method: 'GET', url: '/v1/organizations' }) },
  ],
  organizations_create: [
    {
      name: 'create',
      permitted: ALL,
      refused: ['apiKey'],
      ok: 201,
      auditRole: 'owner',
      // A founder with no membership yet, so the shared fixture users keep exactly one organization.
      build: async ({ home, role }) => ({
        method: 'POST',
        url: '/v1/organizations',
        payload: { name: 'New org', slug: uniq('org') },
        ...(role === 'apiKey' || role === 'anonymous'
          ? {}
          : { token: await createSession(home.db, (await createUser(home.db, 'founder')).id) }),
      }),
    },
  ],
  organizations_get: [
    {
      name: 'get',
      permitted: ALL,
      ok: 200,
      crossOrg: 'organization-path',
      build: ({ target }) => ({ method: 'GET', url: `/v1/organizations/${target.organization.id}` }),
    },
  ],
  organizations_update: [
    {
      name: 'update',
      permitted: OWNER,
      ok: 200,
      crossOrg: 'organization-path',
      build: async ({ target }) => {
        const org = await target.db.organization.findUniqueOrThrow({ where: { id: target.organization.id } });
        return {
          method: 'PATCH',
          url: `/v1/organizations/${org.id}`,
          headers: ifMatch(org.updatedAt.getTime()),
          payload: { name: uniq('Renamed') },
        };
      },
    },
  ],
  members_list: [
    { name: 'list', permitted: MANAGERS, ok: 200, build: () => ({ method: 'GET', url: '/v1/members' }) },
  ],
  members_get: [
    {
      name: 'get',
      permitted: MANAGERS,
      ok: 200,
      crossOrg: 'ids',
      build: ({ target }) => ({ method: 'GET', url: `/v1/members/${target.users.technician.membership.id}` }),
    },
  ],
  members_update: [
    {
      name: 'update',
      permitted: MANAGERS,
      refused: ['scopedManager'],
      ok: 200,
      crossOrg: 'ids',
      build: async ({ target }) => {
        const { membership } = await createMember(target.db, target.organization.id, 'technician');
        return {
          method: 'PATCH',
          url: `/v1/members/${membership.id}`,
          headers: ifMatch(membership.updatedAt.getTime()),
          payload: { role: 'tenant' },
        };
      },
    },
  ],
  members_remove: [
    {
      name: 'remove',
      permitted: MANAGERS,
      refused: ['scopedManager'],
      ok: 204,
      crossOrg: 'ids',
      build: async ({ target }) => {
        const { membership } = await createMember(target.db, target.organization.id, 'technician');
        return { method: 'DELETE', url: `/v1/members/${membership.id}` };
      },
    },
  ],
  invitations_list: [
    { name: 'list', permitted: MANAGERS, ok: 200, build: () => ({ method: 'GET', url: '/v1/invitations' }) },
  ],
  invitations_create: [
    {
      name: 'create',
      permitted: MANAGERS,
      refused: ['scopedManager'],
      ok: 201,
      build: () => ({
        method: 'POST',
        url: '/v1/invitations',
        payload: { email: `${uniq('invitee')}@test.lockstep.dev`, role: 'technician' },
      }),
    },
  ],
  invitations_revoke: [
    {
      name: 'revoke',
      permitted: MANAGERS,
      refused: ['scopedManager'],
      ok: 200,
      crossOrg: 'ids',
      build: async ({ target }) => {
        const invitation = await createInvitation(target);
        return { method: 'POST', url: `/v1/invitations/${invitation.id}/revoke` };
      },
    },
  ],
  invitations_accept: [
    {
      name: 'accept',
      permitted: 'public',
      ok: 200,
      build: async ({ home }) => {
        const invitation = await createInvitation(home);
        return {
          method: 'POST',
          url: '/v1/invitations/accept',
          payload: { token: invitation.token, name: 'Invitee', password: PASSWORD, tokenDelivery: 'bearer' },
        };
      },
    },
  ],
  apiKeys_list: [
    { name: 'list', permitted: OWNER, ok: 200, build: () => ({ method: 'GET', url: '/v1/api-keys' }) },
  ],
  apiKeys_create: [
    {
      name: 'create',
      permitted: OWNER,
      ok: 201,
      build: () => ({ method: 'POST', url: '/v1/api-keys', payload: { name: uniq('integration') } }),
    },
  ],
  apiKeys_revoke: [
    {
      name: 'revoke',
      permitted: OWNER,
      ok: 200,
      crossOrg: 'ids',
      build: async ({ target }) => {
        const key = await createApiKeyToken(target.db, target.organization.id);
        return { method: 'POST', url: `/v1/api-keys/${key.id}/revoke` };
      },
    },
  ],
  properties_list: [
    { name: 'list', permitted: ALL, ok: 200, build: () => ({ method: 'GET', url: '/v1/properties' }) },
  ],
  properties_create: [
    {
      name: 'create',
      permitted: MANAGERS,
      refused: ['scopedManager'],
      ok: 201,
      build: () => ({
        method: 'POST',
        url: '/v1/properties',
        payload: {
          name: uniq('Property'),
          addressLine1: '1 Main St',
          city: 'Springfield',
          postalCode: '01101',
          country: 'US',
          timeZone: 'America/Chicago',
        },
      }),
    },
  ],
  properties_get: [
    {
      name: 'a property everyone reaches',
      permitted: ALL,
      ok: 200,
      crossOrg: 'ids',
      build: ({ target }) => ({ method: 'GET', url: `/v1/properties/${target.properties.p1.id}` }),
    },
    {
      name: 'a property outside the scoped roles',
      permitted: ALL,
      hidden: ['scopedManager', 'technician', 'tenant'],
      ok: 200,
      build: ({ target }) => ({ method: 'GET', url: `/v1/properties/${target.properties.p2.id}` }),
    },
  ],
  properties_update: [
    {
      name: 'update',
      permitted: MANAGERS,
      hidden: ['scopedManager'],
      ok: 200,
      crossOrg: 'ids',
      build: async ({ target }) => {
        const property = await createProperty(target.db, target.organization.id);
        return {
          method: 'PATCH',
          url: `/v1/properties/${property.id}`,
          headers: ifMatch(property.version),
          payload: { name: uniq('Renamed'), timeZone: 'Europe/Berlin' },
        };
      },
    },
  ],
  properties_remove: [
    {
      name: 'remove',
      permitted: MANAGERS,
      hidden: ['scopedManager'],
      ok: 204,
      crossOrg: 'ids',
      build: async ({ target }) => {
        const property = await createProperty(target.db, target.organization.id);
        return { method: 'DELETE', url: `/v1/properties/${property.id}` };
      },
    },
  ],
  units_list: [{ name: 'list', permitted: ALL, ok: 200, build: () => ({ method: 'GET', url: '/v1/units' }) }],
  units_create: [
    {
      name: 'create',
      permitted: MANAGERS,
      ok: 201,
      crossOrg: 'ids',
      build: ({ target }) => ({
        method: 'POST',
        url: '/v1/units',
        payload: { propertyId: target.properties.p1.id, name: uniq('Unit'), floor: '3' },
      }),
    },
  ],
  units_get: [
    {
      name: "the tenant's unit",
      permitted: ALL,
      hidden: ['technician'],
      ok: 200,
      crossOrg: 'ids',
      build: ({ target }) => ({ method: 'GET', url: `/v1/units/${target.units.u1.id}` }),
    },
    {
      name: "the technician's unit",
      permitted: ALL,
      hidden: ['tenant'],
      ok: 200,
      build: ({ target }) => ({ method: 'GET', url: `/v1/units/${target.units.u2.id}` }),
    },
  ],
  units_update: [
    {
      name: 'update',
      permitted: MANAGERS,
      ok: 200,
      crossOrg: 'ids',
      build: async ({ target }) => {
        const unit = await createUnit(target.db, target.organization.id, target.properties.p1.id);
        return { method: 'PATCH', url: `/v1/units/${unit.id}`, headers: ifMatch(1), payload: { floor: '4' } };
      },
    },
  ],
  units_remove: [
    {
      name: 'remove',
      permitted: MANAGERS,
      ok: 204,
      crossOrg: 'ids',
      build: async ({ target }) => {
        const unit = await createUnit(target.db, target.organization.id, target.properties.p1.id);
        return { method: 'DELETE', url: `/v1/units/${unit.id}` };
      },
    },
  ],
  tenancies_list: [
    {
      name: 'list',
      permitted: TENANCY_READERS,
      ok: 200,
      build: () => ({ method: 'GET', url: '/v1/tenancies' }),
    },
  ],
  tenancies_create: [
    {
      name: 'create',
      permitted: MANAGERS,
      ok: 201,
      crossOrg: 'ids',
      build: async ({ target }) => {
        const { user } = await createMember(target.db, target.organization.id, 'tenant');
        return {
          method: 'POST',
          url: '/v1/tenancies',
          payload: { unitId: target.units.u1.id, userId: user.id, startsOn: '2026-07-01' },
        };
      },
    },
  ],
  tenancies_get: [
    {
      name: "the tenant's tenancy",
      permitted: TENANCY_READERS,
      ok: 200,
      crossOrg: 'ids',
      build: ({ target }) => ({ method: 'GET', url: `/v1/tenancies/${target.tenancy.id}` }),
    },
  ],
  tenancies_update: [
    {
      name: 'set the move-out date',
      permitted: MANAGERS,
      ok: 200,
      crossOrg: 'ids',
      build: async ({ target }) => {
        const { user } = await createMember(target.db, target.organization.id, 'tenant');
        const tenancy = await createTenancy(target.db, target.organization.id, target.units.u1.id, user.id);
        return {
          method: 'PATCH',
          url: `/v1/tenancies/${tenancy.id}`,
          headers: ifMatch(1),
          payload: { endsOn: '2030-01-31' },
        };
      },
    },
  ],
  locks_list: [{ name: 'list', permitted: ALL, ok: 200, build: () => ({ method: 'GET', url: '/v1/locks' }) }],
  locks_register: [
    {
      name: 'register',
      permitted: MANAGERS,
      ok: 201,
      crossOrg: 'ids',
      build: ({ target }) => ({
        method: 'POST',
        url: '/v1/locks',
        payload: {
          propertyId: target.properties.p1.id,
          unitId: target.units.u1.id,
          name: 'Side door',
          serial: uniq('SN'),
          model: 'lockstep-db2',
        },
      }),
    },
  ],
  locks_get: [
    {
      name: "the tenant's lock",
      permitted: ALL,
      hidden: ['technician'],
      ok: 200,
      crossOrg: 'ids',
      build: ({ target }) => ({ method: 'GET', url: `/v1/locks/${target.locks.l1.id}` }),
    },
    {
      name: "the technician's lock",
      permitted: ALL,
      hidden: ['tenant'],
      ok: 200,
      build: ({ target }) => ({ method: 'GET', url: `/v1/locks/${target.locks.l2.id}` }),
    },
    {
      name: 'a lock of the other property',
      permitted: ALL,
      hidden: ['scopedManager', 'technician', 'tenant'],
      ok: 200,
      build: ({ target }) => ({ method: 'GET', url: `/v1/locks/${target.locks.l3.id}` }),
    },
  ],
  locks_update: [
    {
      name: 'rename and assign',
      permitted: MANAGERS,
      ok: 200,
      crossOrg: 'ids',
      build: async ({ target }) => {
        const lock = await createLock(target.db, target.organization.id, target.properties.p1.id, null);
        return {
          method: 'PATCH',
          url: `/v1/locks/${lock.id}`,
          headers: ifMatch(1),
          payload: { name: 'Renamed door', unitId: target.units.u2.id },
        };
      },
    },
  ],
  locks_commission: [
    {
      name: 'commission',
      permitted: MANAGERS,
      ok: 200,
      crossOrg: 'ids',
      build: async ({ target }) => {
        const lock = await createLock(
          target.db,
          target.organization.id,
          target.properties.p1.id,
          target.units.u1.id,
        );
        return { method: 'POST', url: `/v1/locks/${lock.id}/commission` };
      },
    },
  ],
  locks_decommission: [
    {
      name: 'decommission',
      permitted: MANAGERS,
      ok: 200,
      crossOrg: 'ids',
      build: async ({ target }) => {
        const lock = await createLock(
          target.db,
          target.organization.id,
          target.properties.p1.id,
          target.units.u1.id,
          {
            commissioned: true,
          },
        );
        return { method: 'POST', url: `/v1/locks/${lock.id}/decommission` };
      },
    },
  ],
  lockEvents_list: [
    { name: 'list', permitted: ALL, ok: 200, build: () => ({ method: 'GET', url: '/v1/lock-events' }) },
  ],
  unitAccessCodes_create: [
    {
      name: "a code for the tenant's unit",
      permitted: MANAGERS,
      ok: 201,
      crossOrg: 'ids',
      build: ({ target }) => ({
        method: 'POST',
        url: `/v1/units/${target.units.u1.id}/access-codes`,
        payload: { kind: 'maintenance', label: 'Plumber', schedule: { kind: 'once', ...uniqueWindow() } },
      }),
    },
    {
      name: 'a code for a unit of the other property',
      permitted: MANAGERS,
      hidden: ['scopedManager'],
      ok: 201,
      build: ({ target }) => ({
        method: 'POST',
        url: `/v1/units/${target.units.u3.id}/access-codes`,
        payload: { kind: 'guest', label: 'Guest', schedule: { kind: 'once', ...uniqueWindow() } },
      }),
    },
  ],
  unitAccessCodes_timeline: [
    {
      name: "the tenant's unit",
      permitted: ALL,
      hidden: ['technician'],
      ok: 200,
      crossOrg: 'ids',
      build: ({ target }) => ({ method: 'GET', url: `/v1/units/${target.units.u1.id}/access-codes` }),
    },
    {
      name: "the technician's unit",
      permitted: ALL,
      hidden: ['tenant'],
      ok: 200,
      build: ({ target }) => ({ method: 'GET', url: `/v1/units/${target.units.u2.id}/access-codes` }),
    },
  ],
  unitAccessCodes_setPrimary: [
    {
      name: "the tenant's unit",
      permitted: PRIMARY_SETTERS,
      ok: 201,
      crossOrg: 'ids',
      build: ({ target }) => ({
        method: 'POST',
        url: `/v1/units/${target.units.u1.id}/primary-code`,
        payload: {},
      }),
    },
    {
      name: 'another unit',
      permitted: PRIMARY_SETTERS,
      hidden: ['tenant'],
      ok: 201,
      build: ({ target }) => ({
        method: 'POST',
        url: `/v1/units/${target.units.u2.id}/primary-code`,
        payload: {},
      }),
    },
  ],
  accessCodes_list: [
    { name: 'list', permitted: ALL, ok: 200, build: () => ({ method: 'GET', url: '/v1/access-codes' }) },
  ],
  accessCodes_get: [
    {
      name: "the technician's code",
      permitted: ALL,
      hidden: ['tenant'],
      ok: 200,
      crossOrg: 'ids',
      build: ({ target }) => ({ method: 'GET', url: `/v1/access-codes/${target.code.id}` }),
    },
    {
      name: "a code of the tenant's unit",
      permitted: ALL,
      hidden: ['technician'],
      ok: 200,
      build: async ({ app, target }) => ({
        method: 'GET',
        url: `/v1/access-codes/${(await u1Code(app, target)).id}`,
      }),
    },
  ],
  accessCodes_transitions: [
    {
      name: "the technician's code",
      permitted: ALL,
      hidden: ['tenant'],
      ok: 200,
      crossOrg: 'ids',
      build: ({ target }) => ({ method: 'GET', url: `/v1/access-codes/${target.code.id}/transitions` }),
    },
  ],
  accessCodes_reveal: [
    {
      name: "the technician's own code",
      permitted: ALL,
      hidden: ['tenant'],
      ok: 200,
      crossOrg: 'ids',
      build: ({ target }) => ({ method: 'POST', url: `/v1/access-codes/${target.code.id}/reveal` }),
    },
    {
      name: "the primary of the tenant's unit",
      permitted: ALL,
      hidden: ['technician'],
      ok: 200,
      build: async ({ app, target }) => ({
        method: 'POST',
        url: `/v1/access-codes/${(await u1Code(app, target, 'primary')).id}/reveal`,
      }),
    },
    {
      name: "a maintenance code of the tenant's unit",
      permitted: ALL,
      hidden: ['technician'],
      refused: ['tenant'],
      ok: 200,
      build: async ({ app, target }) => ({
        method: 'POST',
        url: `/v1/access-codes/${(await u1Code(app, target)).id}/reveal`,
      }),
    },
  ],
  accessCodes_revoke: [
    {
      name: 'revoke',
      permitted: MANAGERS,
      ok: 200,
      crossOrg: 'ids',
      build: async ({ app, target }) => ({
        method: 'POST',
        url: `/v1/access-codes/${(await u1Code(app, target)).id}/revoke`,
      }),
    },
  ],
  accessCodes_update: [
    {
      name: 'rename',
      permitted: MANAGERS,
      ok: 200,
      crossOrg: 'ids',
      build: async ({ app, target }) => ({
        method: 'PATCH',
        url: `/v1/access-codes/${(await u1Code(app, target)).id}`,
        headers: ifMatch(1),
        payload: { label: uniq('Renamed') },
      }),
    },
  ],
  locks_setDeviceKeys: [
    {
      name: 'key exchange after commissioning',
      permitted: MANAGERS,
      ok: 200,
      crossOrg: 'ids',
      build: async ({ target }) => {
        const lock = await createLock(
          target.db,
          target.organization.id,
          target.properties.p1.id,
          target.units.u1.id,
          { commissioned: true },
        );
        return {
          method: 'PUT',
          url: `/v1/locks/${lock.id}/device-keys`,
          payload: { publicKey: generateDeviceKeyPair().publicKey, fingerprintKey: generateFingerprintKey() },
        };
      },
    },
  ],
  auditEntries_list: [
    {
      name: 'list',
      permitted: MANAGERS,
      refused: ['scopedManager'],
      ok: 200,
      build: () => ({ method: 'GET', url: '/v1/audit-entries' }),
    },
  ],
};

async function createInvitation(fx: OrganizationFixture) {
  const token = newSecret(TokenPrefix.Invitation);
  const row = await fx.db.invitation.create({
    data: {
      organizationId: fx.organization.id,
      email: `${uniq('invitee')}@test.lockstep.dev`,
      role: 'technician',
      tokenHash: sha256Hex(token),
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  return { id: row.id, token };
}

function expectedOwn(c: Case, role: TestRole): number {
  if (c.permitted === 'public') return c.ok;
  if (role === 'anonymous') return 401;
  if (c.other?.[role] !== undefined) return c.other[role];
  if (!c.permitted.includes(role)) return 403;
  if (c.refused?.includes(role)) return 403;
  if (c.hidden?.includes(role)) return 404;
  return c.ok;
}

function expectedCross(c: Case, role: TestRole): number {
  if (role === 'anonymous') return 401;
  if (c.crossOrg === 'organization-path') return 404;
  if (c.permitted !== 'public' && !c.permitted.includes(role)) return 403;
  return 404;
}

const STATE_CHANGING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

describe('authorization matrix', () => {
  let t: TestApp;
  let orgA: OrganizationFixture;
  let orgB: OrganizationFixture;
  let document: OpenAPIObject;

  beforeAll(async () => {
    t = await startTestApp('matrix', { LOGIN_RATE_LIMIT: '1000', API_KEY_RATE_LIMIT: '100000' });
    orgA = await createOrganizationFixture(t.database.db, 'a', t.sealer);
    orgB = await createOrganizationFixture(t.database.db, 'b', t.sealer);
    document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenAPIObject>();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has an entry for every operation in the OpenAPI document, and none for routes that do not exist', () => {
    const operations = Object.values(document.paths).flatMap((item) =>
      (['get', 'post', 'patch', 'delete', 'put'] as const).flatMap((m) =>
        item[m]?.operationId ? [item[m].operationId] : [],
      ),
    );
    expect(operations.length).toBeGreaterThan(30);
    expect(operations.filter((id) => !(id in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((id) => !operations.includes(id))).toEqual([]);
  });

  it('matches the permission each operation declares in the document', () => {
    for (const item of Object.values(document.paths)) {
      for (const method of ['get', 'post', 'patch', 'put', 'delete'] as const) {
        const op = item[method] as (Record<string, unknown> & { operationId: string }) | undefined;
        if (!op) continue;
        const access = op['x-lockstep-access'];
        for (const c of MATRIX[op.operationId] ?? []) {
          expect(access === 'public', `${op.operationId} public`).toBe(c.permitted === 'public');
        }
      }
    }
  });

  const cells = Object.entries(MATRIX).flatMap(([operationId, cases]) =>
    cases.flatMap((c) => ROLES_UNDER_TEST.map((role) => ({ operationId, c, role }))),
  );

  it.each(cells)('$operationId ($c.name) as $role in its own organization', async ({ c, role }) => {
    const status = await run(c, role, orgA, orgA);
    expect(status.code, status.detail).toBe(expectedOwn(c, role));
    if (status.code < 300 && STATE_CHANGING.has(status.method)) {
      const entry = await t.database.db.auditLog.findFirst({ where: { requestId: status.requestId } });
      expect(entry, `audit entry for ${status.method} ${status.url}`).not.toBeNull();
      if (c.permitted !== 'public' && role !== 'anonymous' && entry?.organizationId) {
        expect(entry.actorRole).toBe(
          c.auditRole ?? (role === 'scopedManager' || role === 'apiKey' ? 'manager' : role),
        );
      }
    }
  });

  const crossCells = cells.filter(({ c }) => c.crossOrg !== undefined);
  it.each(crossCells)(
    "$operationId ($c.name) as $role on another organization's object",
    async ({ c, role }) => {
      const status = await run(c, role, orgA, orgB);
      expect(status.code, status.detail).toBe(expectedCross(c, role));
    },
  );

  async function run(c: Case, role: TestRole, home: OrganizationFixture, target: OrganizationFixture) {
    const req = await c.build({
      app: t,
      target,
      home,
      role,
      freshToken: async () => {
        if (role === 'anonymous') return undefined;
        if (role === 'apiKey') return home.apiKey.token;
        return createSession(home.db, home.users[role].user.id);
      },
    });
    const token = 'token' in req ? req.token : home.tokens[role];
    const res = await t.app.inject({
      method: req.method,
      url: req.url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...req.headers },
      ...(req.payload !== undefined ? { payload: req.payload as Record<string, unknown> } : {}),
    });
    return {
      code: res.statusCode,
      detail: `${req.method} ${req.url} → ${res.body.slice(0, 300)}`,
      requestId: String(res.headers['x-request-id']),
      method: req.method,
      url: req.url,
    };
  }
});
