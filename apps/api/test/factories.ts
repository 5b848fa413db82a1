import { randomBytes } from 'node:crypto';
import {
  type AccessCodeModel,
  type Database,
  type LockEventModel,
  type LockModel,
  type MembershipModel,
  type OrganizationModel,
  type PropertyModel,
  type Role,
  type TenancyModel,
  type UnitModel,
  type UserModel,
} from '@lockstep/db';
import { mask, type TCodeSealer } from '@lockstep/access-codes';
import { hash } from '@node-rs/argon2';
import { newApiKey, newSecret, sha256Hex, TokenPrefix } from '../src/auth/tokens.js';

/**
 * Test data from factories (STYLE.md §9), written straight to the database so each test states what
 * it needs and nothing depends on the demo seed.
 */
export const PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;
const hashedPassword = () => (passwordHash ??= hash(PASSWORD));

export const uniq = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;

export async function createUser(db: Database, label: string, withPassword = true): Promise<UserModel> {
  return db.user.create({
    data: {
      email: `${uniq(label)}@test.lockstep.dev`,
      name: label,
      ...(withPassword ? { passwordHash: await hashedPassword() } : {}),
    },
  });
}

/** A live session for the user, as login would create it; returns the bearer token. */
export async function createSession(db: Database, userId: string): Promise<string> {
  const token = newSecret(TokenPrefix.Session);
  await db.session.create({
    data: { userId, tokenHash: sha256Hex(token), expiresAt: new Date(Date.now() + 3_600_000) },
  });
  return token;
}

export async function createApiKeyToken(
  db: Database,
  organizationId: string,
  options: { role?: Role; scopes?: string[]; expiresAt?: Date; revokedAt?: Date } = {},
): Promise<{ id: string; token: string }> {
  const { key, prefix } = newApiKey();
  const row = await db.apiKey.create({
    data: {
      organizationId,
      name: uniq('key'),
      prefix,
      keyHash: sha256Hex(key),
      role: options.role ?? 'manager',
      scopes: options.scopes ?? [],
      expiresAt: options.expiresAt ?? null,
      revokedAt: options.revokedAt ?? null,
    },
  });
  return { id: row.id, token: key };
}

export async function createMember(
  db: Database,
  organizationId: string,
  role: Role,
  propertyIds: string[] = [],
): Promise<{ user: UserModel; membership: MembershipModel }> {
  const user = await createUser(db, role);
  const membership = await db.membership.create({
    data: { organizationId, userId: user.id, role, propertyIds },
  });
  return { user, membership };
}

export function createProperty(
  db: Database,
  organizationId: string,
  name = uniq('Property'),
): Promise<PropertyModel> {
  return db.property.create({
    data: {
      organizationId,
      name,
      addressLine1: '1 Test Street',
      city: 'Testville',
      postalCode: '12345',
      country: 'US',
      timeZone: 'America/New_York',
    },
  });
}

export function createUnit(
  db: Database,
  organizationId: string,
  propertyId: string,
  name = uniq('Unit'),
): Promise<UnitModel> {
  return db.unit.create({ data: { organizationId, propertyId, name } });
}

export async function createLock(
  db: Database,
  organizationId: string,
  propertyId: string,
  unitId: string | null,
  options: { commissioned?: boolean } = {},
): Promise<LockModel> {
  const serial = uniq('SN').toUpperCase();
  const lock = await db.lock.create({
    data: {
      organizationId,
      propertyId,
      unitId,
      name: 'Front door',
      serial,
      model: 'lockstep-db2',
      status: options.commissioned ? 'commissioned' : 'registered',
    },
  });
  if (options.commissioned) {
    await db.device.create({
      data: {
        id: `dev-${serial.toLowerCase()}`,
        organizationId,
        lockId: lock.id,
        model: lock.model,
        state: 'active',
      },
    });
  }
  return lock;
}

export function createTenancy(
  db: Database,
  organizationId: string,
  unitId: string,
  userId: string,
): Promise<TenancyModel> {
  return db.tenancy.create({
    data: { organizationId, unitId, userId, startsOn: new Date('2020-01-01T00:00:00Z') },
  });
}

/** The digits of the fixture's held code (sealed with the test app's key when a sealer is given). */
export const HELD_CODE = '913542';

/** An active maintenance code held by `holderUserId`, targeting `lockId` (what gives a technician reach). */
export async function createHeldCode(
  db: Database,
  organizationId: string,
  unitId: string,
  lockId: string,
  holderUserId: string,
  sealer?: TCodeSealer,
): Promise<AccessCodeModel> {
  const sealed = sealer?.seal(HELD_CODE);
  const code = await db.accessCode.create({
    data: {
      organizationId,
      unitId,
      kind: 'maintenance',
      label: 'Boiler service',
      codeSealed: new Uint8Array(sealed?.sealed ?? randomBytes(40)),
      keyId: sealed?.keyId ?? 'test-key',
      codeLength: 6,
      codeHint: mask(HELD_CODE),
      holderUserId,
      scheduleKind: 'once',
      startsAt: new Date(Date.now() - 3_600_000),
      endsAt: new Date(Date.now() + 86_400_000),
    },
  });
  await db.accessCodeTarget.create({ data: { organizationId, accessCodeId: code.id, lockId, slot: 2 } });
  return code;
}

let windowCounter = 0;
/** A one-hour window on a day of its own, far ahead: codes made with it never share a slot's time. */
export function uniqueWindow(): { startsAt: string; endsAt: string } {
  windowCounter += 1;
  const start = Date.now() + (30 + windowCounter * 2) * 86_400_000;
  const day = new Date(Math.floor(start / 86_400_000) * 86_400_000 + 10 * 3_600_000);
  return { startsAt: day.toISOString(), endsAt: new Date(day.getTime() + 3_600_000).toISOString() };
}

/** A stored code written straight to the database (slot 1 for a primary, 2 otherwise), sealed for the app. */
export async function createSealedCode(
  db: Database,
  sealer: TCodeSealer,
  input: {
    organizationId: string;
    unitId: string;
    lockIds: string[];
    kind: 'primary' | 'maintenance' | 'guest';
    code: string;
    holderUserId?: string | null;
    label?: string;
  },
): Promise<AccessCodeModel> {
  const sealed = sealer.seal(input.code);
  const window = uniqueWindow();
  const code = await db.accessCode.create({
    data: {
      organizationId: input.organizationId,
      unitId: input.unitId,
      kind: input.kind,
      label: input.label ?? `${input.kind} code`,
      codeSealed: new Uint8Array(sealed.sealed),
      keyId: sealed.keyId,
      codeLength: input.code.length,
      codeHint: mask(input.code),
      holderUserId: input.holderUserId ?? null,
      ...(input.kind === 'primary'
        ? { scheduleKind: 'always' as const }
        : {
            scheduleKind: 'once' as const,
            startsAt: new Date(window.startsAt),
            endsAt: new Date(window.endsAt),
          }),
    },
  });
  for (const lockId of input.lockIds) {
    await db.accessCodeTarget.create({
      data: {
        organizationId: input.organizationId,
        accessCodeId: code.id,
        lockId,
        slot: input.kind === 'primary' ? 1 : 2,
      },
    });
  }
  return code;
}

export async function createLockEvent(
  db: Database,
  organizationId: string,
  lock: { id: string },
  occurredAt: Date,
  type = 'unlocked',
): Promise<LockEventModel> {
  return db.lockEvent.create({
    data: {
      organizationId,
      lockId: lock.id,
      deviceId: `dev-${lock.id.slice(0, 8)}`,
      messageId: randomBytes(8).toString('hex'),
      type,
      method: 'keypad',
      occurredAt,
    },
  });
}

export const ROLES_UNDER_TEST = [
  'owner',
  'manager',
  'scopedManager',
  'technician',
  'tenant',
  'apiKey',
  'anonymous',
] as const;
export type TestRole = (typeof ROLES_UNDER_TEST)[number];

/**
 * One organization with every kind of caller:
 * P1 { U1 { L1 (commissioned) }, U2 { L2 } }, P2 { U3 { L3 } }; the tenant lives in U1, the technician
 * holds a code for L2, the scoped manager reaches P1 only. Each lock has one event.
 */
export interface OrganizationFixture {
  db: Database;
  organization: OrganizationModel;
  properties: { p1: PropertyModel; p2: PropertyModel };
  units: { u1: UnitModel; u2: UnitModel; u3: UnitModel };
  locks: { l1: LockModel; l2: LockModel; l3: LockModel };
  users: Record<Exclude<TestRole, 'apiKey' | 'anonymous'>, { user: UserModel; membership: MembershipModel }>;
  tenancy: TenancyModel;
  code: AccessCodeModel;
  events: { l1: LockEventModel; l2: LockEventModel; l3: LockEventModel };
  apiKey: { id: string; token: string };
  tokens: Record<TestRole, string | undefined>;
}

export async function createOrganizationFixture(
  db: Database,
  label: string,
  sealer?: TCodeSealer,
): Promise<OrganizationFixture> {
  const organization: OrganizationModel = await db.organization.create({
    data: { name: `Org ${label}`, slug: uniq(label) },
  });
  const orgId = organization.id;
  const p1 = await createProperty(db, orgId, `P1 ${label}`);
  const p2 = await createProperty(db, orgId, `P2 ${label}`);
  const u1 = await createUnit(db, orgId, p1.id, 'U1');
  const u2 = await createUnit(db, orgId, p1.id, 'U2');
  const u3 = await createUnit(db, orgId, p2.id, 'U3');
  const l1 = await createLock(db, orgId, p1.id, u1.id, { commissioned: true });
  const l2 = await createLock(db, orgId, p1.id, u2.id);
  const l3 = await createLock(db, orgId, p2.id, u3.id);

  const owner = await createMember(db, orgId, 'owner');
  const manager = await createMember(db, orgId, 'manager');
  const scopedManager = await createMember(db, orgId, 'manager', [p1.id]);
  const technician = await createMember(db, orgId, 'technician');
  const tenant = await createMember(db, orgId, 'tenant');
  const tenancy = await createTenancy(db, orgId, u1.id, tenant.user.id);
  const code = await createHeldCode(db, orgId, u2.id, l2.id, technician.user.id, sealer);
  const events = {
    l1: await createLockEvent(db, orgId, l1, new Date('2026-11-01T10:00:00Z')),
    l2: await createLockEvent(db, orgId, l2, new Date('2026-11-01T11:00:00Z')),
    l3: await createLockEvent(db, orgId, l3, new Date('2026-11-01T12:00:00Z')),
  };
  const apiKey = await createApiKeyToken(db, orgId);

  const users = { owner, manager, scopedManager, technician, tenant };
  const tokens: Record<TestRole, string | undefined> = {
    owner: await createSession(db, owner.user.id),
    manager: await createSession(db, manager.user.id),
    scopedManager: await createSession(db, scopedManager.user.id),
    technician: await createSession(db, technician.user.id),
    tenant: await createSession(db, tenant.user.id),
    apiKey: apiKey.token,
    anonymous: undefined,
  };
  return {
    db,
    organization,
    properties: { p1, p2 },
    units: { u1, u2, u3 },
    locks: { l1, l2, l3 },
    users,
    tenancy,
    code,
    events,
    apiKey,
    tokens,
  };
}

/** Headers for a request as `role` of the fixture's organization. */
export function authHeaders(fx: OrganizationFixture, role: TestRole): Record<string, string> {
  const token = fx.tokens[role];
  return token ? { authorization: `Bearer ${token}` } : {};
}
