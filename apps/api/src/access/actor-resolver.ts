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

  /**
   * Units of the tenancies active today, where "today" is the property's calendar date (move-in and
   * move-out dates are local dates): a tenant in Berlin gains access at local midnight, not UTC's.
   */
  private async activeTenancyUnits(
    scope: { organizationId: string },
    userId: string,
    now: Date,
  ): Promise<{ id: string; propertyId: string }[]> {
    // Two days of slack covers every UTC offset; the exact check is per property below.
    const tenancies = await this.access.tenancies(scope, userId, new Date(now.getTime() - 2 * 86_400_000));
    return tenancies
      .filter((t) => {
        const today = localDate(now, t.unit.property.timeZone);
        const startsOn = t.startsOn.toISOString().slice(0, 10);
        const endsOn = t.endsOn?.toISOString().slice(0, 10);
        return startsOn <= today && (endsOn === undefined || endsOn >= today);
      })
      .map((t) => ({ id: t.unit.id, propertyId: t.unit.propertyId }));
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
        const units = await this.activeTenancyUnits(scope, userId, new Date());
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

/** A date as `YYYY-MM-DD` on the calendar of `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
