import { Body, Controller, Get, Header, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { type Actor } from '../access/actor.js';
import { Permission } from '../access/permissions.js';
import { CurrentActor, RequirePermission } from '../auth/access.decorators.js';
import { ExpectedVersion } from '../concurrency/if-match.js';
import { SecretFields } from '../idempotency/secret-fields.decorator.js';
import { ProblemDto } from '../problems/problem.dto.js';
import { UuidParam } from '../validation/uuid-param.js';
import { AccessCodesService } from './access-codes.service.js';
import {
  AccessCodeDto,
  AccessCodePageDto,
  AccessCodeTransitionPageDto,
  ListAccessCodesQueryDto,
  RevealedAccessCodeDto,
  TransitionsQueryDto,
  UpdateAccessCodeDto,
} from './dto/access-code.dto.js';

@ApiTags('access-codes')
@Controller('v1/access-codes')
export class AccessCodesController {
  constructor(private readonly codes: AccessCodesService) {}

  @RequirePermission(Permission.AccessCodesRead)
  @Get()
  @ApiOkResponse({
    type: AccessCodePageDto,
    description:
      'Masked. A technician sees the codes they hold; a tenant their unit’s; landlords within reach.',
  })
  list(@CurrentActor() actor: Actor, @Query() query: ListAccessCodesQueryDto): Promise<AccessCodePageDto> {
    return this.codes.list(actor, query);
  }

  @RequirePermission(Permission.AccessCodesRead)
  @Get(':accessCodeId')
  @ApiOkResponse({ type: AccessCodeDto, description: 'Masked, with the status per target lock.' })
  @ApiNotFoundResponse({ type: ProblemDto })
  get(@CurrentActor() actor: Actor, @UuidParam('accessCodeId') id: string): Promise<AccessCodeDto> {
    return this.codes.get(actor, id);
  }

  @RequirePermission(Permission.AccessCodesRead)
  @Get(':accessCodeId/transitions')
  @ApiOkResponse({
    type: AccessCodeTransitionPageDto,
    description: 'Every status change per lock, oldest first.',
  })
  @ApiNotFoundResponse({ type: ProblemDto })
  transitions(
    @CurrentActor() actor: Actor,
    @UuidParam('accessCodeId') id: string,
    @Query() query: TransitionsQueryDto,
  ): Promise<AccessCodeTransitionPageDto> {
    return this.codes.transitions(actor, id, query);
  }

  @RequirePermission(Permission.AccessCodesWrite)
  @Patch(':accessCodeId')
  @ApiOkResponse({
    type: AccessCodeDto,
    description:
      'Label, holder, use limit, or a later end (endsAt / untilDate), re-planned against the other codes.',
  })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({
    type: ProblemDto,
    description: 'Not active, or the extension clashes with other codes.',
  })
  @ApiUnprocessableEntityResponse({
    type: ProblemDto,
    description: 'E.g. an earlier end; `errors` names the field.',
  })
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('accessCodeId') id: string,
    @ExpectedVersion() version: number,
    @Body() body: UpdateAccessCodeDto,
  ): Promise<AccessCodeDto> {
    return this.codes.update(actor, id, version, body);
  }

  @RequirePermission(Permission.AccessCodesWrite)
  @Post(':accessCodeId/revoke')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AccessCodeDto, description: 'Revoked now; the worker removes it from the locks.' })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'A primary (rotate it instead), or not active.' })
  revoke(@CurrentActor() actor: Actor, @UuidParam('accessCodeId') id: string): Promise<AccessCodeDto> {
    return this.codes.revoke(actor, id);
  }

  @RequirePermission(Permission.AccessCodesReveal)
  @Post(':accessCodeId/reveal')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @SecretFields('code')
  @ApiOkResponse({
    type: RevealedAccessCodeDto,
    description:
      'The code in full; audited (without the code), rate-limited, never cached. Landlords within reach, the holder technician, the tenant for their primary.',
  })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiForbiddenResponse({
    type: ProblemDto,
    description: 'A tenant asking for a code other than the primary.',
  })
  @ApiTooManyRequestsResponse({ type: ProblemDto })
  reveal(
    @CurrentActor() actor: Actor,
    @UuidParam('accessCodeId') id: string,
  ): Promise<RevealedAccessCodeDto> {
    return this.codes.reveal(actor, id);
  }
}
