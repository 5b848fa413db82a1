import { Injectable } from '@nestjs/common';
import { Role } from '@lockstep/db';
import { Problems } from '../problems/problems.js';
import { type Actor, type Principal, type Reach } from './actor.js';
import { AccessRepository, type MembershipRow } from './access.repository.js';
import { permissionsFor } from './permissions.js';

/**
 * Turns a principal plus the requested organization into an Actor: the membership's role and
 * permissions, and the reach (which properties, units or locks) computed from memberships,
 * tenancies and issued codes.
 */
@Injectable()
export class ActorResolver {
  constructor(private readonly access: AccessRepository) {}

  async resolve(principal: Principal, organizationHeader: string | undefined): Promise<Actor> {
    if (principal.kind === 'api-key') {
      if (organizationHeader !== undefined && organizationHeader !== principal.organizationId) {
        // A key acts only for its own organization; naming another one finds nothing.
        throw Problems.notFound('organization');
      }
      return {
        organizationId: principal.organizationId,
        role: principal.role,
        userId: null,
        apiKeyId: principal.apiKeyId,
        membershipId: null,
        permissions: permissionsFor(principal.role, principal.scopes),
        reach: { kind: 'organization' },
        origin: principal.origin,
      };
    }
    const membership = await this.membershipFor(principal.userId, organizationHeader);
    return {
      organizationId: membership.organizationId,
      role: membership.role,
      userId: principal.userId,
      apiKeyId: null,
      membershipId: membership.id,
      permissions: permissionsFor(membership.role),
      reach: await this.reachOf(membership, principal.userId),
      origin: principal.origin,
    };
  }

  private async membershipFor(userId: string, organization: string | undefined): Promise<MembershipRow> {
    if (organization !== undefined && organization !== '') {
      const membership = await this.access.membershipIn(userId, organization);
      if (!membership) throw Problems.notFound('organization');
      return membership;
    }
    const memberships = await this.access.membershipsOf(userId);
    const [only] = memberships;
    if (memberships.length === 1 && only) return only;
    throw Problems.organizationRequired(
      memberships.length === 0
        ? 'You are not a member of any organization yet.'
        : 'You belong to several organizations: name one in the Lockstep-Organization header.',
    );
  }

  private async reachOf(membership: MembershipRow, userId: string): Promise<Reach> {
    const scope = { organizationId: membership.organizationId };
    switch (membership.role) {
      case Role.owner:
        return { kind: 'organization' };
      case Role.manager:
        return membership.propertyIds.length === 0
          ? { kind: 'organization' }
          : { kind: 'properties', propertyIds: membership.propertyIds };
      case Role.tenant: {
        const units = await this.access.tenantUnits(scope, userId, utcToday());
        return {
          kind: 'units',
          unitIds: units.map((u) => u.id),
          propertyIds: unique(units.map((u) => u.propertyId)),
        };
      }
      case Role.technician: {
        const locks = await this.access.technicianLocks(scope, userId);
        return {
          kind: 'locks',
          lockIds: locks.map((l) => l.id),
          unitIds: unique(locks.flatMap((l) => (l.unitId ? [l.unitId] : []))),
          propertyIds: unique(locks.map((l) => l.propertyId)),
        };
      }
    }
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Today's date at 00:00 UTC, as Postgres `date` columns compare. */
function utcToday(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
