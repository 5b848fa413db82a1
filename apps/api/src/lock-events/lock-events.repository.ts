import { Injectable } from '@nestjs/common';
import { type LockEventModel, type Prisma } from '@lockstep/db';
import { type Actor } from '../access/actor.js';
import { visible } from '../access/visibility.js';
import { OrgScopedRepository } from '../database/org-scoped.repository.js';
import { type Cursor } from '../pagination/cursor.js';

@Injectable()
export class LockEventsRepository extends OrgScopedRepository {
  /** Newest first by occurredAt, then id (uses the (organization_id, occurred_at) index). */
  list(
    actor: Actor,
    where: Prisma.LockEventWhereInput,
    limit: number,
    after?: Cursor,
  ): Promise<LockEventModel[]> {
    const afterWhere: Prisma.LockEventWhereInput =
      after?.at !== undefined
        ? {
            OR: [
              { occurredAt: { lt: new Date(after.at) } },
              { occurredAt: new Date(after.at), id: { lt: after.id } },
            ],
          }
        : {};
    return this.db.lockEvent.findMany({
      where: this.scoped(actor, { AND: [visible.lockEvent(actor), where, afterWhere] }),
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
  }
}
