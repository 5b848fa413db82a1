import { Injectable } from '@nestjs/common';
import { type OrgScope, type Prisma, Role, type TenancyModel, type TransactionClient } from '@lockstep/db';
import { type Actor } from '../access/actor.js';
import { visible } from '../access/visibility.js';
import { OrgScopedRepository } from '../database/org-scoped.repository.js';

@Injectable()
export class TenanciesRepository extends OrgScopedRepository {
  list(
    actor: Actor,
    where: Prisma.TenancyWhereInput,
    limit: number,
    afterId?: string,
  ): Promise<TenancyModel[]> {
    return this.db.tenancy.findMany({
      where: this.scoped(actor, {
        AND: [visible.tenancy(actor), where, afterId ? { id: { gt: afterId } } : {}],
      }),
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  findVisible(actor: Actor, id: string, tx: TransactionClient = this.db): Promise<TenancyModel | null> {
    return tx.tenancy.findFirst({ where: this.scoped(actor, { AND: [visible.tenancy(actor), { id }] }) });
  }

  /** True when the user is a member of the organization with the tenant role. */
  async isTenantMember(tx: TransactionClient, scope: OrgScope, userId: string): Promise<boolean> {
    const membership = await tx.membership.findFirst({
      where: this.scoped(scope, { userId, role: Role.tenant }),
      select: { id: true },
    });
    return membership !== null;
  }

  create(
    tx: TransactionClient,
    scope: OrgScope,
    data: { unitId: string; userId: string; startsOn: Date; endsOn: Date | null },
  ): Promise<TenancyModel> {
    return tx.tenancy.create({ data: { ...data, organizationId: scope.organizationId } });
  }

  async update(
    tx: TransactionClient,
    scope: OrgScope,
    id: string,
    expectedVersion: number,
    data: { startsOn?: Date; endsOn?: Date | null },
  ): Promise<boolean> {
    const { count } = await tx.tenancy.updateMany({
      where: this.scoped(scope, { id, version: expectedVersion }),
      data: { ...data, version: { increment: 1 } },
    });
    return count === 1;
  }
}
