import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, type Principal } from '../access/actor.js';
import { Permission } from '../access/permissions.js';
import {
  Authenticated,
  CurrentActor,
  CurrentPrincipal,
  RequirePermission,
} from '../auth/access.decorators.js';
import { ExpectedVersion } from '../concurrency/if-match.js';
import { PageQueryDto } from '../pagination/page-query.dto.js';
import { ProblemDto } from '../problems/problem.dto.js';
import { UuidParam } from '../validation/uuid-param.js';
import {
  CreateOrganizationDto,
  MyOrganizationDto,
  MyOrganizationPageDto,
  OrganizationDto,
  UpdateOrganizationDto,
} from './dto/organization.dto.js';
import { OrganizationsService } from './organizations.service.js';

@ApiTags('organizations')
@Controller('v1/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Authenticated()
  @Get()
  @ApiOkResponse({
    type: MyOrganizationPageDto,
    description: 'Organizations you belong to (a key: its own).',
  })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQueryDto,
  ): Promise<MyOrganizationPageDto> {
    return this.organizations.listMine(principal, query);
  }

  @Authenticated()
  @Post()
  @ApiCreatedResponse({ type: MyOrganizationDto, description: 'You become its owner.' })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateOrganizationDto,
  ): Promise<MyOrganizationDto> {
    return this.organizations.create(principal, body);
  }

  @RequirePermission(Permission.OrganizationRead)
  @Get(':organizationId')
  @ApiOkResponse({ type: OrganizationDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  get(@CurrentActor() actor: Actor, @UuidParam('organizationId') id: string): Promise<OrganizationDto> {
    return this.organizations.get(actor, id);
  }

  @RequirePermission(Permission.OrganizationWrite)
  @Patch(':organizationId')
  @ApiOkResponse({ type: OrganizationDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('organizationId') id: string,
    @ExpectedVersion() version: number,
    @Body() body: UpdateOrganizationDto,
  ): Promise<OrganizationDto> {
    return this.organizations.update(actor, id, version, body);
  }
}
