import { type Prisma } from '@lockstep/db';
import { type Actor } from './actor.js';

/**
 * The one access-check helper (after immich's access repository): for each resource, the `where`
 * fragment that limits rows to what the actor may see inside their organization. Repositories add
 * the organization itself (OrgScopedRepository.scoped). A row outside it simply does not exist for
 * the caller, so reads and writes of it answer 404 — never 403 — and ids do not leak.
 */
export const visible = {
  property(actor: Actor): Prisma.PropertyWhereInput {
    const { reach } = actor;
    return reach.kind === 'organization' ? {} : { id: { in: [...reach.propertyIds] } };
  },

  unit(actor: Actor): Prisma.UnitWhereInput {
    const { reach } = actor;
    switch (reach.kind) {
      case 'organization':
        return {};
      case 'properties':
        return { propertyId: { in: [...reach.propertyIds] } };
      case 'units':
      case 'locks':
        return { id: { in: [...reach.unitIds] } };
    }
  },

  lock(actor: Actor): Prisma.LockWhereInput {
    const { reach } = actor;
    switch (reach.kind) {
      case 'organization':
        return {};
      case 'properties':
        return { propertyId: { in: [...reach.propertyIds] } };
      case 'units':
        return { unitId: { in: [...reach.unitIds] } };
      case 'locks':
        return { id: { in: [...reach.lockIds] } };
    }
  },

  lockEvent(actor: Actor): Prisma.LockEventWhereInput {
    const { reach } = actor;
    switch (reach.kind) {
      case 'organization':
        return {};
      case 'properties':
        return { lock: { propertyId: { in: [...reach.propertyIds] } } };
      case 'units':
        return { lock: { unitId: { in: [...reach.unitIds] } } };
      case 'locks':
        return { lockId: { in: [...reach.lockIds] } };
    }
  },

  /**
   * Access codes: landlords within reach; a tenant the codes of their unit (masked); a technician only
   * the codes they hold.
   */
  accessCode(actor: Actor): Prisma.AccessCodeWhereInput {
    const { reach } = actor;
    switch (reach.kind) {
      case 'organization':
        return {};
      case 'properties':
        return { unit: { propertyId: { in: [...reach.propertyIds] } } };
      case 'units':
        return { unitId: { in: [...reach.unitIds] } };
      case 'locks':
        return { holderUserId: actor.userId ?? '00000000-0000-0000-0000-000000000000' };
    }
  },

  tenancy(actor: Actor): Prisma.TenancyWhereInput {
    const { reach } = actor;
    switch (reach.kind) {
      case 'organization':
        return {};
      case 'properties':
        return { unit: { propertyId: { in: [...reach.propertyIds] } } };
      case 'units':
        // A tenant sees their own tenancies, not their neighbours' (nor a former flatmate's).
        return { userId: actor.userId ?? '00000000-0000-0000-0000-000000000000' };
      case 'locks':
        return { id: { in: [] } };
    }
  },
} as const;

/** True when the actor reaches the whole organization (needed to create properties, manage people). */
export function reachesWholeOrganization(actor: Actor): boolean {
  return actor.reach.kind === 'organization';
}
