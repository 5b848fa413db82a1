import { Injectable } from '@nestjs/common';
import { type OrgScope, type Prisma, type TransactionClient, type UnitModel } from '@lockstep/db';
import { type Actor } from '../access/actor.js';
import { visible } from '../access/visibility.js';
import { OrgScopedRepository } from '../database/org-scoped.repository.js';

@Injectable()
export class UnitsRepository extends OrgScopedRepository {
  list(actor: Actor, where: Prisma.UnitWhereInput, limit: number, afterId?: string): Promise<UnitModel[]> {
    return this.db.unit.findMany({
      where: this.scoped(actor, {
        AND: [visible.unit(actor), where, afterId ? { id: { gt: afterId } } : {}],
      }),
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  findVisible(actor: Actor, id: string, tx: TransactionClient = this.db): Promise<UnitModel | null> {
    return tx.unit.findFirst({ where: this.scoped(actor, { AND: [visible.unit(actor), { id }] }) });
  }

  create(
    tx: TransactionClient,
    scope: OrgScope,
    data: { propertyId: string; name: string; floor: string | null },
  ): Promise<UnitModel> {
    return tx.unit.create({ data: { ...data, organizationId: scope.organizationId } });
  }

  async update(
    tx: TransactionClient,
    scope: OrgScope,
    id: string,
    expectedVersion: number,
    data: Prisma.UnitUpdateManyMutationInput,
  ): Promise<boolean> {
    const { count } = await tx.unit.updateMany({
      where: this.scoped(scope, { id, version: expectedVersion }),
      data: { ...data, version: { increment: 1 } },
    });
    return count === 1;
  }

  async remove(tx: TransactionClient, scope: OrgScope, id: string): Promise<boolean> {
    const { count } = await tx.unit.deleteMany({ where: this.scoped(scope, { id }) });
    return count === 1;
  }
}
