import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Principal } from '../access/actor.js';
import { ProblemDto } from '../problems/problem.dto.js';
import { Authenticated, CurrentPrincipal, Public } from './access.decorators.js';
import { originOf } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginDto } from './dto/login.dto.js';
import { LoginResponseDto, SessionDto } from './dto/session.dto.js';
import { SessionIssuer } from './session-issuer.js';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly issuer: SessionIssuer,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiTooManyRequestsResponse({ type: ProblemDto, description: 'Too many attempts for this address.' })
  async login(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    const { body: response, issued } = await this.auth.login(body, originOf(request));
    this.issuer.applyCookies(reply, issued);
    return response;
  }

  @Authenticated()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The session is revoked and its cookies cleared.' })
  async logout(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(principal);
    this.issuer.clearCookies(reply);
  }

  @Authenticated()
  @Get('session')
  @ApiOkResponse({ type: SessionDto, description: 'The signed-in user and their memberships.' })
  session(@CurrentPrincipal() principal: Principal): Promise<SessionDto> {
    return this.auth.session(principal);
  }
}
