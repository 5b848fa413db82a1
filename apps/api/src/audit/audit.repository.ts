import { Injectable } from '@nestjs/common';
import { type AuditLogModel, type OrgScope, type Prisma } from '@lockstep/db';
import { OrgScopedRepository } from '../database/org-scoped.repository.js';

@Injectable()
export class AuditRepository extends OrgScopedRepository {
  /** Newest first; ids are uuid v7, so id order is time order. */
  list(
    scope: OrgScope,
    where: Prisma.AuditLogWhereInput,
    limit: number,
    beforeId?: string,
  ): Promise<AuditLogModel[]> {
    return this.db.auditLog.findMany({
      where: this.scoped(scope, { ...where, ...(beforeId ? { id: { lt: beforeId } } : {}) }),
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
  }
}
