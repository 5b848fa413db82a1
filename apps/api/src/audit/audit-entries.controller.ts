import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor } from '../access/actor.js';
import { Permission } from '../access/permissions.js';
import { CurrentActor, RequirePermission } from '../auth/access.decorators.js';
import { AuditEntriesService } from './audit-entries.service.js';
import { AuditEntryPageDto, ListAuditEntriesQueryDto } from './dto/audit-entry.dto.js';

@ApiTags('audit')
@Controller('v1/audit-entries')
export class AuditEntriesController {
  constructor(private readonly entries: AuditEntriesService) {}

  @RequirePermission(Permission.AuditRead)
  @Get()
  @ApiOkResponse({ type: AuditEntryPageDto, description: 'Newest first.' })
  list(@CurrentActor() actor: Actor, @Query() query: ListAuditEntriesQueryDto): Promise<AuditEntryPageDto> {
    return this.entries.list(actor, query);
  }
}
