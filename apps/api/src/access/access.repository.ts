import { Injectable } from '@nestjs/common';
import { AccessCodeState, type OrgScope } from '@lockstep/db';
import { OrgScopedRepository } from '../database/org-scoped.repository.js';

export interface MembershipRow {
  id: string;
  organizationId: string;
  role: 'owner' | 'manager' | 'technician' | 'tenant';
  propertyIds: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The queries that resolve who may act where; used once per request by ActorResolver. */
@Injectable()
export class AccessRepository extends OrgScopedRepository {
  /** The user's membership in the organization named by id or slug, if any. */
  async membershipIn(userId: string, organization: string): Promise<MembershipRow | null> {
    const orgWhere = UUID.test(organization) ? { id: organization } : { slug: organization };
    return this.db.membership.findFirst({
      where: { userId, organization: orgWhere },
      select: { id: true, organizationId: true, role: true, propertyIds: true },
    });
  }

  /** All memberships of a user, for choosing the organization when the header is absent. */
  membershipsOf(userId: string): Promise<MembershipRow[]> {
    return this.db.membership.findMany({
      where: { userId },
      select: { id: true, organizationId: true, role: true, propertyIds: true },
      take: 2,
    });
  }

  /** The tenant's tenancies that have not ended before `notBefore`, with their unit's time zone. */
  tenancies(
    scope: OrgScope,
    userId: string,
    notBefore: Date,
  ): Promise<
    {
      startsOn: Date;
      endsOn: Date | null;
      unit: { id: string; propertyId: string; property: { timeZone: string } };
    }[]
  > {
    return this.db.tenancy.findMany({
      where: this.scoped(scope, { userId, OR: [{ endsOn: null }, { endsOn: { gte: notBefore } }] }),
      select: {
        startsOn: true,
        endsOn: true,
        unit: { select: { id: true, propertyId: true, property: { select: { timeZone: true } } } },
      },
    });
  }

  /** Locks targeted by the active access codes issued to a technician. */
  async technicianLocks(
    scope: OrgScope,
    userId: string,
  ): Promise<{ id: string; unitId: string | null; propertyId: string }[]> {
    return this.db.lock.findMany({
      where: this.scoped(scope, {
        codeTargets: { some: { accessCode: { holderUserId: userId, state: AccessCodeState.active } } },
      }),
      select: { id: true, unitId: true, propertyId: true },
    });
  }
}
