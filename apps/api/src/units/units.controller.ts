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
import { ProblemDto } from '../problems/problem.dto.js';
import { UuidParam } from '../validation/uuid-param.js';
import { CreateUnitDto, ListUnitsQueryDto, UnitDto, UnitPageDto, UpdateUnitDto } from './dto/unit.dto.js';
import { UnitsService } from './units.service.js';

@ApiTags('units')
@Controller('v1/units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @RequirePermission(Permission.UnitsRead)
  @Get()
  @ApiOkResponse({ type: UnitPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListUnitsQueryDto): Promise<UnitPageDto> {
    return this.units.list(actor, query);
  }

  @RequirePermission(Permission.UnitsWrite)
  @Post()
  @ApiCreatedResponse({ type: UnitDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The property has a unit with this name.' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateUnitDto): Promise<UnitDto> {
    return this.units.create(actor, body);
  }

  @RequirePermission(Permission.UnitsRead)
  @Get(':unitId')
  @ApiOkResponse({ type: UnitDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  get(@CurrentActor() actor: Actor, @UuidParam('unitId') id: string): Promise<UnitDto> {
    return this.units.get(actor, id);
  }

  @RequirePermission(Permission.UnitsWrite)
  @Patch(':unitId')
  @ApiOkResponse({ type: UnitDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('unitId') id: string,
    @ExpectedVersion() version: number,
    @Body() body: UpdateUnitDto,
  ): Promise<UnitDto> {
    return this.units.update(actor, id, version, body);
  }

  @RequirePermission(Permission.UnitsWrite)
  @Delete(':unitId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted; its locks become unassigned.' })
  @ApiConflictResponse({ type: ProblemDto, description: 'The unit still has tenancies or access codes.' })
  remove(@CurrentActor() actor: Actor, @UuidParam('unitId') id: string): Promise<void> {
    return this.units.remove(actor, id);
  }
}
