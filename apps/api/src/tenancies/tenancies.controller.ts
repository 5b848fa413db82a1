import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor } from '../access/actor.js';
import { Permission } from '../access/permissions.js';
import { CurrentActor, RequirePermission } from '../auth/access.decorators.js';
import { ExpectedVersion } from '../concurrency/if-match.js';
import { ProblemDto } from '../problems/problem.dto.js';
import { UuidParam } from '../validation/uuid-param.js';
import {
  CreateTenancyDto,
  ListTenanciesQueryDto,
  TenancyDto,
  TenancyPageDto,
  UpdateTenancyDto,
} from './dto/tenancy.dto.js';
import { TenanciesService } from './tenancies.service.js';

@ApiTags('tenancies')
@Controller('v1/tenancies')
export class TenanciesController {
  constructor(private readonly tenancies: TenanciesService) {}

  @RequirePermission(Permission.TenanciesRead)
  @Get()
  @ApiOkResponse({ type: TenancyPageDto, description: 'A tenant sees only their own tenancies.' })
  list(@CurrentActor() actor: Actor, @Query() query: ListTenanciesQueryDto): Promise<TenancyPageDto> {
    return this.tenancies.list(actor, query);
  }

  @RequirePermission(Permission.TenanciesWrite)
  @Post()
  @ApiCreatedResponse({ type: TenancyDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'The unit or the tenant is not visible to you.' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateTenancyDto): Promise<TenancyDto> {
    return this.tenancies.create(actor, body);
  }

  @RequirePermission(Permission.TenanciesRead)
  @Get(':tenancyId')
  @ApiOkResponse({ type: TenancyDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  get(@CurrentActor() actor: Actor, @UuidParam('tenancyId') id: string): Promise<TenancyDto> {
    return this.tenancies.get(actor, id);
  }

  @RequirePermission(Permission.TenanciesWrite)
  @Patch(':tenancyId')
  @ApiOkResponse({ type: TenancyDto, description: 'E.g. set the move-out date.' })
  @ApiNotFoundResponse({ type: ProblemDto })
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('tenancyId') id: string,
    @ExpectedVersion() version: number,
    @Body() body: UpdateTenancyDto,
  ): Promise<TenancyDto> {
    return this.tenancies.update(actor, id, version, body);
  }
}
