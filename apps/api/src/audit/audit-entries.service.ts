import { Injectable } from '@nestjs/common';
import { type Actor } from '../access/actor.js';
import { reachesWholeOrganization } from '../access/visibility.js';
import { decodeCursor, type Page, toPage } from '../pagination/cursor.js';
import { Problems } from '../problems/problems.js';
import { AuditRepository } from './audit.repository.js';
import { AuditEntryDto, type ListAuditEntriesQueryDto } from './dto/audit-entry.dto.js';

@Injectable()
export class AuditEntriesService {
  constructor(private readonly entries: AuditRepository) {}

  async list(actor: Actor, query: ListAuditEntriesQueryDto): Promise<Page<AuditEntryDto>> {
    // The log spans the whole organization, so a membership limited to some properties cannot read it.
    if (!reachesWholeOrganization(actor)) {
      throw Problems.forbidden('The audit log is open to members who reach the whole organization.');
    }
    const rows = await this.entries.list(
      actor,
      {
        ...(query.action ? { action: query.action } : {}),
        ...(query.resourceType ? { resourceType: query.resourceType } : {}),
        ...(query.resourceId ? { resourceId: query.resourceId } : {}),
        ...(query.actorUserId ? { actorUserId: query.actorUserId } : {}),
        ...(query.from || query.to
          ? { at: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) } }
          : {}),
      },
      query.limit,
      decodeCursor(query.cursor)?.id,
    );
    return toPage(rows, query.limit, (row) => AuditEntryDto.from(row));
  }
}
