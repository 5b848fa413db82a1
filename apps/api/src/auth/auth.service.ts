import { Inject, Injectable } from '@nestjs/common';
import { type TApiConfig } from '@lockstep/config';
import { type Principal, type RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { API_CONFIG } from '../config/api-config.module.js';
import { Problems } from '../problems/problems.js';
import { RateLimiter } from '../rate-limit/rate-limiter.js';
import { UserDto } from '../users/user.dto.js';
import { UsersRepository } from '../users/users.repository.js';
import { type LoginDto } from './dto/login.dto.js';
import { type LoginResponseDto, MembershipSummaryDto, type SessionDto } from './dto/session.dto.js';
import { PasswordHasher } from './password-hasher.js';
import { type IssuedSession, SessionIssuer } from './session-issuer.js';

/** Client addresses get this many times the per-address limit (several people behind one NAT). */
const IP_LIMIT_FACTOR = 10;

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly issuer: SessionIssuer,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    @Inject(API_CONFIG) private readonly config: TApiConfig,
  ) {}

  async login(
    input: LoginDto,
    origin: RequestOrigin,
  ): Promise<{ body: LoginResponseDto; issued: IssuedSession }> {
    const email = input.email.toLowerCase();
    const user = await this.users.findByEmail(email);
    const [byEmail, byAddress] = await Promise.all([
      this.limiter.hit('login', email, this.config.LOGIN_RATE_LIMIT, this.config.LOGIN_RATE_WINDOW_SECONDS),
      this.limiter.hit(
        'login-ip',
        origin.ip ?? 'unknown',
        this.config.LOGIN_RATE_LIMIT * IP_LIMIT_FACTOR,
        this.config.LOGIN_RATE_WINDOW_SECONDS,
      ),
    ]);
    if (!byEmail.allowed || !byAddress.allowed) {
      await this.auditFailure(user?.id ?? null, email, 'rate_limited', origin);
      throw Problems.rateLimited(Math.max(byEmail.retryAfterSeconds, byAddress.retryAfterSeconds));
    }
    const valid = await this.hasher.verify(user?.passwordHash, input.password);
    if (!user || !valid || user.disabledAt) {
      await this.auditFailure(
        user?.id ?? null,
        email,
        user?.disabledAt ? 'disabled' : 'bad_credentials',
        origin,
      );
      throw Problems.unauthenticated('Wrong e-mail address or password.');
    }
    const issued = await this.issuer.issue(user.id, origin, input.tokenDelivery ?? 'cookie');
    await this.audit.recordEvent(
      { organizationId: null, userId: user.id, apiKeyId: null, role: null, origin },
      { action: 'auth.login', resourceType: 'session', resourceId: issued.sessionId },
    );
    return { body: await this.loginResponse(user.id, issued), issued };
  }

  async loginResponse(userId: string, issued: IssuedSession): Promise<LoginResponseDto> {
    return {
      ...(await this.session({ kind: 'user', userId, sessionId: issued.sessionId, origin: NO_ORIGIN })),
      expiresAt: issued.expiresAt.toISOString(),
      token: issued.delivery === 'bearer' ? issued.token : null,
      csrfToken: issued.delivery === 'cookie' ? issued.csrfToken : null,
    };
  }

  async logout(principal: Principal): Promise<void> {
    if (principal.kind !== 'user') {
      throw Problems.badRequest('API keys do not sign in or out; revoke the key instead.');
    }
    await this.issuer.revoke(principal.sessionId);
    await this.audit.recordEvent(
      {
        organizationId: null,
        userId: principal.userId,
        apiKeyId: null,
        role: null,
        origin: principal.origin,
      },
      { action: 'auth.logout', resourceType: 'session', resourceId: principal.sessionId },
    );
  }

  async session(principal: Principal): Promise<SessionDto> {
    if (principal.kind !== 'user') {
      throw Problems.badRequest('This route describes a signed-in user; API keys have no session.');
    }
    const user = await this.users.findById(principal.userId);
    if (!user) throw Problems.unauthenticated();
    const memberships = await this.users.memberships(user.id);
    return { user: UserDto.from(user), memberships: memberships.map((m) => MembershipSummaryDto.from(m)) };
  }

  /**
   * Failed logins are audited in every organization the account belongs to (so its owners see
   * guessing), or once without an organization for unknown addresses. The password is never recorded.
   */
  private async auditFailure(
    userId: string | null,
    email: string,
    reason: string,
    origin: RequestOrigin,
  ): Promise<void> {
    const memberships = userId ? await this.users.memberships(userId) : [];
    const organizations = memberships.length > 0 ? memberships.map((m) => m.organization.id) : [null];
    for (const organizationId of organizations) {
      await this.audit.recordEvent(
        { organizationId, userId, apiKeyId: null, role: null, origin },
        { action: 'auth.login_failed', resourceType: 'user', resourceId: userId, after: { email, reason } },
      );
    }
  }
}

const NO_ORIGIN: RequestOrigin = { ip: null, userAgent: null, requestId: '' };
