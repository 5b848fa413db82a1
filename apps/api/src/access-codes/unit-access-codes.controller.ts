import { Body, Controller, Get, Header, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { type Actor } from '../access/actor.js';
import { Permission } from '../access/permissions.js';
import { CurrentActor, RequirePermission } from '../auth/access.decorators.js';
import { SecretFields } from '../idempotency/secret-fields.decorator.js';
import { ProblemDto } from '../problems/problem.dto.js';
import { UuidParam } from '../validation/uuid-param.js';
import { AccessCodesService } from './access-codes.service.js';
import {
  CreateAccessCodeDto,
  IssuedAccessCodeDto,
  SetPrimaryCodeDto,
  TimelineQueryDto,
  UnitTimelineDto,
} from './dto/access-code.dto.js';

@ApiTags('access-codes')
@Controller('v1/units/:unitId')
export class UnitAccessCodesController {
  constructor(private readonly codes: AccessCodesService) {}

  @RequirePermission(Permission.AccessCodesWrite)
  @Post('access-codes')
  @Header('Cache-Control', 'no-store')
  @SecretFields('code')
  @ApiCreatedResponse({
    type: IssuedAccessCodeDto,
    description: 'The code in full this once (`code`), and the masked view every later response shows.',
  })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'The unit (or holder) is not visible to you.' })
  @ApiUnprocessableEntityResponse({
    type: ProblemDto,
    description:
      'Too short, weak, bad schedule, lock not of the unit: `errors` and `problems` name the field.',
  })
  @ApiConflictResponse({
    type: ProblemDto,
    description:
      'A button-level conflict (naming the code by id and label, the lock and the overlapping windows) or no free slot (naming the codes holding the slots).',
  })
  create(
    @CurrentActor() actor: Actor,
    @UuidParam('unitId') unitId: string,
    @Body() body: CreateAccessCodeDto,
  ): Promise<IssuedAccessCodeDto> {
    return this.codes.create(actor, unitId, body);
  }

  @RequirePermission(Permission.AccessCodesRead)
  @Get('access-codes')
  @ApiOkResponse({
    type: UnitTimelineDto,
    description: 'The unit’s codes (masked) with their windows in [from, to) and the status per lock.',
  })
  @ApiNotFoundResponse({ type: ProblemDto })
  timeline(
    @CurrentActor() actor: Actor,
    @UuidParam('unitId') unitId: string,
    @Query() query: TimelineQueryDto,
  ): Promise<UnitTimelineDto> {
    return this.codes.timeline(actor, unitId, query);
  }

  @RequirePermission(Permission.PrimaryCodeWrite)
  @Post('primary-code')
  @Header('Cache-Control', 'no-store')
  @SecretFields('code')
  @ApiCreatedResponse({
    type: IssuedAccessCodeDto,
    description:
      'A new primary (slot 1) for all the unit’s locks or `lockIds`; the old primary stays on each lock until the new one is confirmed there.',
  })
  @ApiNotFoundResponse({
    type: ProblemDto,
    description: 'Not your unit (tenants: the unit of your active tenancy).',
  })
  @ApiUnprocessableEntityResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'A button-level conflict with a code on the lock.' })
  setPrimary(
    @CurrentActor() actor: Actor,
    @UuidParam('unitId') unitId: string,
    @Body() body: SetPrimaryCodeDto,
  ): Promise<IssuedAccessCodeDto> {
    return this.codes.setPrimary(actor, unitId, body);
  }
}
