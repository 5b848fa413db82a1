import { Injectable } from '@nestjs/common';
import {
  type OrganizationModel,
  type OrgScope,
  type Prisma,
  type Role,
  type TransactionClient,
} from '@lockstep/db';
import { OrgScopedRepository } from '../database/org-scoped.repository.js';

/** An organization row is its own scope: every query names the scope's organization id. */
@Injectable()
export class OrganizationsRepository extends OrgScopedRepository {
  find(scope: OrgScope, tx: TransactionClient = this.db): Promise<OrganizationModel | null> {
    return tx.organization.findUnique({ where: { id: scope.organizationId } });
  }

  /** The organizations a user belongs to, with their role, ordered by organization id. */
  async listForUser(
    userId: string,
    limit: number,
    afterOrganizationId?: string,
  ): Promise<(OrganizationModel & { role: Role })[]> {
    const memberships = await this.db.membership.findMany({
      where: { userId, ...(afterOrganizationId ? { organizationId: { gt: afterOrganizationId } } : {}) },
      orderBy: { organizationId: 'asc' },
      take: limit + 1,
      select: { role: true, organization: true },
    });
    return memberships.map((m) => ({ ...m.organization, role: m.role }));
  }

  /** Creates the organization and makes `ownerUserId` its owner. */
  async createWithOwner(
    tx: TransactionClient,
    data: { name: string; slug: string },
    ownerUserId: string,
  ): Promise<OrganizationModel> {
    const organization = await tx.organization.create({ data });
    await tx.membership.create({
      data: { organizationId: organization.id, userId: ownerUserId, role: 'owner' },
    });
    return organization;
  }

  /** Applies the update only if the row is still at `expectedUpdatedAt`; false otherwise. */
  async update(
    tx: TransactionClient,
    scope: OrgScope,
    expectedUpdatedAt: Date,
    data: Prisma.OrganizationUpdateManyMutationInput,
  ): Promise<boolean> {
    const { count } = await tx.organization.updateMany({
      where: { id: scope.organizationId, updatedAt: expectedUpdatedAt },
      data,
    });
    return count === 1;
  }
}
