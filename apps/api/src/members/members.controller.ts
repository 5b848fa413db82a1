import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor } from '../access/actor.js';
import { Permission } from '../access/permissions.js';
import { CurrentActor, RequirePermission } from '../auth/access.decorators.js';
import { ExpectedVersion } from '../concurrency/if-match.js';
import { ProblemDto } from '../problems/problem.dto.js';
import { UuidParam } from '../validation/uuid-param.js';
import { ListMembersQueryDto, MemberDto, MemberPageDto, UpdateMemberDto } from './dto/member.dto.js';
import { MembersService } from './members.service.js';

@ApiTags('members')
@Controller('v1/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @RequirePermission(Permission.MembersRead)
  @Get()
  @ApiOkResponse({ type: MemberPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListMembersQueryDto): Promise<MemberPageDto> {
    return this.members.list(actor, query);
  }

  @RequirePermission(Permission.MembersRead)
  @Get(':memberId')
  @ApiOkResponse({ type: MemberDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  get(@CurrentActor() actor: Actor, @UuidParam('memberId') id: string): Promise<MemberDto> {
    return this.members.get(actor, id);
  }

  @RequirePermission(Permission.MembersWrite)
  @Patch(':memberId')
  @ApiOkResponse({ type: MemberDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('memberId') id: string,
    @ExpectedVersion() version: number,
    @Body() body: UpdateMemberDto,
  ): Promise<MemberDto> {
    return this.members.update(actor, id, version, body);
  }

  @RequirePermission(Permission.MembersWrite)
  @Delete(':memberId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The person no longer belongs to the organization.' })
  @ApiNotFoundResponse({ type: ProblemDto })
  remove(@CurrentActor() actor: Actor, @UuidParam('memberId') id: string): Promise<void> {
    return this.members.remove(actor, id);
  }
}
