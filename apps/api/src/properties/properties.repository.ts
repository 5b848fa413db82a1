import { Injectable } from '@nestjs/common';
import { type OrgScope, type Prisma, type PropertyModel as Property } from '@lockstep/db';
import { OrgScopedRepository } from '../database/org-scoped.repository.js';

@Injectable()
export class PropertiesRepository extends OrgScopedRepository {
  list(
    scope: OrgScope,
    where: Prisma.PropertyWhereInput,
    limit: number,
    afterId?: string,
  ): Promise<Property[]> {
    return this.db.property.findMany({
      where: this.scoped(scope, { ...where, ...(afterId ? { id: { gt: afterId } } : {}) }),
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }
}
