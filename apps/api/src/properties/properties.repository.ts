import { Injectable } from '@nestjs/common';
import { type OrgScope, type Prisma, type PropertyModel, type TransactionClient } from '@lockstep/db';
import { type Actor } from '../access/actor.js';
import { visible } from '../access/visibility.js';
import { OrgScopedRepository } from '../database/org-scoped.repository.js';

@Injectable()
export class PropertiesRepository extends OrgScopedRepository {
  list(actor: Actor, limit: number, afterId?: string): Promise<PropertyModel[]> {
    return this.db.property.findMany({
      where: this.scoped(actor, { AND: [visible.property(actor), afterId ? { id: { gt: afterId } } : {}] }),
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  /** The property if the actor can see it. */
  findVisible(actor: Actor, id: string, tx: TransactionClient = this.db): Promise<PropertyModel | null> {
    return tx.property.findFirst({ where: this.scoped(actor, { AND: [visible.property(actor), { id }] }) });
  }

  create(
    tx: TransactionClient,
    scope: OrgScope,
    data: Omit<Prisma.PropertyUncheckedCreateInput, 'organizationId'>,
  ): Promise<PropertyModel> {
    return tx.property.create({ data: { ...data, organizationId: scope.organizationId } });
  }

  /** Applies the update only at `expectedVersion`, bumping it; false when the version moved on. */
  async update(
    tx: TransactionClient,
    scope: OrgScope,
    id: string,
    expectedVersion: number,
    data: Prisma.PropertyUpdateManyMutationInput,
  ): Promise<boolean> {
    const { count } = await tx.property.updateMany({
      where: this.scoped(scope, { id, version: expectedVersion }),
      data: { ...data, version: { increment: 1 } },
    });
    return count === 1;
  }

  async remove(tx: TransactionClient, scope: OrgScope, id: string): Promise<boolean> {
    const { count } = await tx.property.deleteMany({ where: this.scoped(scope, { id }) });
    return count === 1;
  }
}
