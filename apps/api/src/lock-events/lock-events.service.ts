import { Injectable } from '@nestjs/common';
import { type Prisma } from '@lockstep/db';
import { type Actor } from '../access/actor.js';
import { decodeCursor, type Page, toPage } from '../pagination/cursor.js';
import { Problems } from '../problems/problems.js';
import { type ListLockEventsQueryDto, LockEventDto } from './dto/lock-event.dto.js';
import { LockEventsRepository } from './lock-events.repository.js';

@Injectable()
export class LockEventsService {
  constructor(private readonly events: LockEventsRepository) {}

  async list(actor: Actor, query: ListLockEventsQueryDto): Promise<Page<LockEventDto>> {
    const cursor = decodeCursor(query.cursor);
    if (cursor && (cursor.at === undefined || Number.isNaN(Date.parse(cursor.at)))) {
      throw Problems.validation([{ field: 'cursor', message: 'is not a lock-event cursor' }]);
    }
    const lock: Prisma.LockWhereInput = {
      ...(query.propertyId ? { propertyId: query.propertyId } : {}),
      ...(query.unitId ? { unitId: query.unitId } : {}),
    };
    const where: Prisma.LockEventWhereInput = {
      ...(Object.keys(lock).length > 0 ? { lock } : {}),
      ...(query.lockId ? { lockId: query.lockId } : {}),
      ...(query.type ? { type: query.type } : {}),
      ...(query.from || query.to
        ? {
            occurredAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) },
          }
        : {}),
    };
    const rows = await this.events.list(actor, where, query.limit, cursor);
    return toPage(
      rows,
      query.limit,
      (row) => LockEventDto.from(row),
      (row) => ({ id: row.id, at: row.occurredAt.toISOString() }),
    );
  }
}
