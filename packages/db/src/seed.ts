import { SEED_MODEL_PROFILE } from '@lockstep/lock-protocol';
import { hash } from '@node-rs/argon2';
import type { Database } from './client.js';

/**
 * The demo portfolio `npm run dev` starts with: one organization, two properties in two time
 * zones, six units, eight locks with device identities, an owner, a manager, a tenant and a
 * technician. Idempotent: running it again changes nothing.
 *
 * Tests do not use it (STYLE.md §9: data from factories); the seed test only reads it back.
 */
export const DEMO = {
  organization: { slug: 'harbor-lane', name: 'Harbor Lane Residential' },
  users: {
    owner: { email: 'olivia.owner@demo.lockstep.dev', name: 'Olivia Owner' },
    manager: { email: 'max.manager@demo.lockstep.dev', name: 'Max Manager' },
    tenant: { email: 'tara.tenant@demo.lockstep.dev', name: 'Tara Tenant' },
    technician: { email: 'theo.technician@demo.lockstep.dev', name: 'Theo Technician' },
  },
  /** The seed lock model's capability profile id (2 slots: primary + secondary). */
  lockModel: SEED_MODEL_PROFILE.model,
  properties: [
    {
      name: 'Harbor Lane Apartments',
      addressLine1: '120 Harbor Lane',
      city: 'Boston',
      region: 'MA',
      postalCode: '02110',
      country: 'US',
      timeZone: 'America/New_York',
      units: [
        { name: '1A', floor: '1', locks: ['Front door', 'Patio door'] },
        { name: '1B', floor: '1', locks: ['Front door'] },
        { name: '2A', floor: '2', locks: ['Front door'] },
        { name: '2B', floor: '2', locks: ['Front door', 'Back door'] },
      ],
    },
    {
      name: 'Spreeblick Haus',
      addressLine1: 'Uferstraße 8',
      city: 'Berlin',
      postalCode: '10997',
      country: 'DE',
      timeZone: 'Europe/Berlin',
      units: [
        { name: 'WE 01', floor: 'EG', locks: ['Wohnungstür'] },
        { name: 'WE 02', floor: '1. OG', locks: ['Wohnungstür'] },
      ],
    },
  ],
} as const;

/** Stable device id for a demo lock, e.g. `demo-harbor-lane-1a-front-door`. */
export function demoDeviceId(propertyName: string, unitName: string, lockName: string): string {
  const slug = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, '-');
  return `demo-${slug(propertyName).split('-')[0]}-${slug(unitName)}-${slug(lockName)}`.slice(0, 64);
}

export interface SeedResult {
  organizationId: string;
  propertyIds: string[];
  unitIds: string[];
  lockIds: string[];
  deviceIds: string[];
}

export interface SeedOptions {
  /**
   * When given, every demo user gets this password (argon2id, as the API verifies it), replacing any
   * earlier one, so `npm run dev` can print a fresh password each run. Without it passwords are untouched.
   */
  demoPassword?: string;
}

export async function seedDemo(db: Database, options: SeedOptions = {}): Promise<SeedResult> {
  const passwordHash = options.demoPassword ? await hash(options.demoPassword) : undefined;
  const org = await db.organization.upsert({
    where: { slug: DEMO.organization.slug },
    create: { ...DEMO.organization },
    update: {},
  });
  const users = {} as Record<keyof typeof DEMO.users, { id: string }>;
  for (const role of Object.keys(DEMO.users) as (keyof typeof DEMO.users)[]) {
    const u = DEMO.users[role];
    users[role] = await db.user.upsert({
      where: { email: u.email },
      create: { ...u, ...(passwordHash ? { passwordHash } : {}) },
      update: passwordHash ? { passwordHash } : {},
    });
  }

  for (const role of ['owner', 'manager', 'tenant', 'technician'] as const) {
    await db.membership.upsert({
      where: { organizationId_userId: { organizationId: org.id, userId: users[role].id } },
      create: { organizationId: org.id, userId: users[role].id, role },
      update: {},
    });
  }

  const result: SeedResult = {
    organizationId: org.id,
    propertyIds: [],
    unitIds: [],
    lockIds: [],
    deviceIds: [],
  };
  let serial = 0;
  for (const p of DEMO.properties) {
    const { units, ...fields } = p;
    const property = await db.property.upsert({
      where: { organizationId_name: { organizationId: org.id, name: p.name } },
      create: { ...fields, organizationId: org.id },
      update: {},
    });
    result.propertyIds.push(property.id);
    for (const u of units) {
      const unit = await db.unit.upsert({
        where: { propertyId_name: { propertyId: property.id, name: u.name } },
        create: { organizationId: org.id, propertyId: property.id, name: u.name, floor: u.floor },
        update: {},
      });
      result.unitIds.push(unit.id);
      for (const lockName of u.locks) {
        serial += 1;
        const deviceId = demoDeviceId(p.name, u.name, lockName);
        const lock = await db.lock.upsert({
          where: { serial: `DEMO-${String(serial).padStart(5, '0')}` },
          create: {
            organizationId: org.id,
            propertyId: property.id,
            unitId: unit.id,
            name: lockName,
            serial: `DEMO-${String(serial).padStart(5, '0')}`,
            model: DEMO.lockModel,
            status: 'commissioned',
          },
          update: {},
        });
        await db.device.upsert({
          where: { id: deviceId },
          create: {
            id: deviceId,
            organizationId: org.id,
            lockId: lock.id,
            model: DEMO.lockModel,
            state: 'active',
          },
          update: {},
        });
        result.lockIds.push(lock.id);
        result.deviceIds.push(deviceId);
      }
    }
  }

  const tenantUnit = result.unitIds[0];
  if (tenantUnit) {
    const existing = await db.tenancy.findFirst({
      where: { organizationId: org.id, unitId: tenantUnit, userId: users.tenant.id },
    });
    if (!existing) {
      await db.tenancy.create({
        data: {
          organizationId: org.id,
          unitId: tenantUnit,
          userId: users.tenant.id,
          startsOn: new Date('2026-06-01T00:00:00Z'),
        },
      });
    }
  }
  return result;
}
