import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor } from '../access/actor.js';
import { Permission } from '../access/permissions.js';
import { CurrentActor, RequirePermission } from '../auth/access.decorators.js';
import { ListLockEventsQueryDto, LockEventPageDto } from './dto/lock-event.dto.js';
import { LockEventsService } from './lock-events.service.js';

@ApiTags('lock-events')
@Controller('v1/lock-events')
export class LockEventsController {
  constructor(private readonly events: LockEventsService) {}

  @RequirePermission(Permission.LockEventsRead)
  @Get()
  @ApiOkResponse({ type: LockEventPageDto, description: 'Newest first; a tenant sees their unit only.' })
  list(@CurrentActor() actor: Actor, @Query() query: ListLockEventsQueryDto): Promise<LockEventPageDto> {
    return this.events.list(actor, query);
  }
}
