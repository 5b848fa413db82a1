import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Actor } from '../access/actor.js';
import { Permission } from '../access/permissions.js';
import { CurrentActor, Public, RequirePermission } from '../auth/access.decorators.js';
import { originOf } from '../auth/auth.guard.js';
import { LoginResponseDto } from '../auth/dto/session.dto.js';
import { SessionIssuer } from '../auth/session-issuer.js';
import { SecretFields } from '../idempotency/secret-fields.decorator.js';
import { ProblemDto } from '../problems/problem.dto.js';
import { UuidParam } from '../validation/uuid-param.js';
import {
  AcceptInvitationDto,
  CreatedInvitationDto,
  CreateInvitationDto,
  InvitationDto,
  InvitationPageDto,
  ListInvitationsQueryDto,
} from './dto/invitation.dto.js';
import { InvitationsService } from './invitations.service.js';

@ApiTags('invitations')
@Controller('v1/invitations')
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly issuer: SessionIssuer,
  ) {}

  @RequirePermission(Permission.MembersRead)
  @Get()
  @ApiOkResponse({ type: InvitationPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListInvitationsQueryDto): Promise<InvitationPageDto> {
    return this.invitations.list(actor, query);
  }

  @RequirePermission(Permission.MembersWrite)
  @Post()
  @SecretFields('token')
  @ApiCreatedResponse({ type: CreatedInvitationDto, description: 'The token is in the response this once.' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateInvitationDto): Promise<CreatedInvitationDto> {
    return this.invitations.create(actor, body);
  }

  @RequirePermission(Permission.MembersWrite)
  @Post(':invitationId/revoke')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: InvitationDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  revoke(@CurrentActor() actor: Actor, @UuidParam('invitationId') id: string): Promise<InvitationDto> {
    return this.invitations.revoke(actor, id);
  }

  @Public()
  @Post('accept')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LoginResponseDto, description: 'You are a member now, and signed in.' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No open invitation has this token.' })
  async accept(
    @Body() body: AcceptInvitationDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    const { body: response, issued } = await this.invitations.accept(body, originOf(request));
    this.issuer.applyCookies(reply, issued);
    return response;
  }
}
