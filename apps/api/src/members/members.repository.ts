import { Injectable } from '@nestjs/common';
import { type OrgScope, type Prisma, Role, type TransactionClient } from '@lockstep/db';
import { OrgScopedRepository } from '../database/org-scoped.repository.js';
import { type MemberRow } from './dto/member.dto.js';

const withUser = { user: { select: { id: true, email: true, name: true } } } as const;

@Injectable()
export class MembersRepository extends OrgScopedRepository {
  list(
    scope: OrgScope,
    where: Prisma.MembershipWhereInput,
    limit: number,
    afterId?: string,
  ): Promise<MemberRow[]> {
    return this.db.membership.findMany({
      where: this.scoped(scope, { ...where, ...(afterId ? { id: { gt: afterId } } : {}) }),
      include: withUser,
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  find(scope: OrgScope, id: string, tx: TransactionClient = this.db): Promise<MemberRow | null> {
    return tx.membership.findFirst({ where: this.scoped(scope, { id }), include: withUser });
  }

  findByUser(scope: OrgScope, userId: string, tx: TransactionClient = this.db): Promise<MemberRow | null> {
    return tx.membership.findFirst({ where: this.scoped(scope, { userId }), include: withUser });
  }

  countOwners(tx: TransactionClient, scope: OrgScope): Promise<number> {
    return tx.membership.count({ where: this.scoped(scope, { role: Role.owner }) });
  }

  create(
    tx: TransactionClient,
    scope: OrgScope,
    data: { userId: string; role: Role; propertyIds: string[] },
  ): Promise<MemberRow> {
    return tx.membership.create({
      data: { ...data, organizationId: scope.organizationId },
      include: withUser,
    });
  }

  async update(
    tx: TransactionClient,
    scope: OrgScope,
    id: string,
    expectedUpdatedAt: Date,
    data: { role?: Role; propertyIds?: string[] },
  ): Promise<boolean> {
    const { count } = await tx.membership.updateMany({
      where: this.scoped(scope, { id, updatedAt: expectedUpdatedAt }),
      data,
    });
    return count === 1;
  }

  async remove(tx: TransactionClient, scope: OrgScope, id: string): Promise<boolean> {
    const { count } = await tx.membership.deleteMany({ where: this.scoped(scope, { id }) });
    return count === 1;
  }

  /** How many of `ids` are properties of the organization (to validate a scope list). */
  countProperties(scope: OrgScope, ids: string[], tx: TransactionClient = this.db): Promise<number> {
    return tx.property.count({ where: this.scoped(scope, { id: { in: ids } }) });
  }
}
