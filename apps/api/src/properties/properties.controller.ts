import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { type Actor } from '../access/actor.js';
import { Permission } from '../access/permissions.js';
import { CurrentActor, RequirePermission } from '../auth/access.decorators.js';
import { ExpectedVersion } from '../concurrency/if-match.js';
import { PageQueryDto } from '../pagination/page-query.dto.js';
import { ProblemDto } from '../problems/problem.dto.js';
import { UuidParam } from '../validation/uuid-param.js';
import { CreatePropertyDto, PropertyDto, PropertyPageDto, UpdatePropertyDto } from './dto/property.dto.js';
import { PropertiesService } from './properties.service.js';

@ApiTags('properties')
@Controller('v1/properties')
export class PropertiesController {
  constructor(private readonly properties: PropertiesService) {}

  @RequirePermission(Permission.PropertiesRead)
  @Get()
  @ApiOkResponse({ type: PropertyPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<PropertyPageDto> {
    return this.properties.list(actor, query);
  }

  @RequirePermission(Permission.PropertiesWrite)
  @Post()
  @ApiCreatedResponse({ type: PropertyDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'A property with this name exists.' })
  create(@CurrentActor() actor: Actor, @Body() body: CreatePropertyDto): Promise<PropertyDto> {
    return this.properties.create(actor, body);
  }

  @RequirePermission(Permission.PropertiesRead)
  @Get(':propertyId')
  @ApiOkResponse({ type: PropertyDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  get(@CurrentActor() actor: Actor, @UuidParam('propertyId') id: string): Promise<PropertyDto> {
    return this.properties.get(actor, id);
  }

  @RequirePermission(Permission.PropertiesWrite)
  @Patch(':propertyId')
  @ApiOkResponse({ type: PropertyDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('propertyId') id: string,
    @ExpectedVersion() version: number,
    @Body() body: UpdatePropertyDto,
  ): Promise<PropertyDto> {
    return this.properties.update(actor, id, version, body);
  }

  @RequirePermission(Permission.PropertiesWrite)
  @Delete(':propertyId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiConflictResponse({ type: ProblemDto, description: 'The property still has units or locks.' })
  remove(@CurrentActor() actor: Actor, @UuidParam('propertyId') id: string): Promise<void> {
    return this.properties.remove(actor, id);
  }
}
