import { Inject, Injectable } from '@nestjs/common';
import { type TApiConfig } from '@lockstep/config';
import '@fastify/cookie';
import { type FastifyReply } from 'fastify';
import { type RequestOrigin } from '../access/actor.js';
import { API_CONFIG } from '../config/api-config.module.js';
import { CSRF_COOKIE, SESSION_COOKIE } from './cookies.js';
import { type TTokenDelivery } from './dto/login.dto.js';
import { SessionsRepository } from './sessions.repository.js';
import { csrfTokenFor, newSecret, sha256Hex, TokenPrefix } from './tokens.js';

export interface IssuedSession {
  sessionId: string;
  token: string;
  csrfToken: string;
  expiresAt: Date;
  delivery: TTokenDelivery;
}

/** Creates login sessions (login, invitation acceptance) and sets or clears their cookies. */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly sessions: SessionsRepository,
    @Inject(API_CONFIG) private readonly config: TApiConfig,
  ) {}

  async issue(userId: string, origin: RequestOrigin, delivery: TTokenDelivery): Promise<IssuedSession> {
    const token = newSecret(TokenPrefix.Session);
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_SECONDS * 1000);
    const session = await this.sessions.create({
      userId,
      tokenHash: sha256Hex(token),
      expiresAt,
      ip: origin.ip,
      userAgent: origin.userAgent?.slice(0, 512) ?? null,
    });
    return { sessionId: session.id, token, csrfToken: csrfTokenFor(token), expiresAt, delivery };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.sessions.revoke(sessionId, new Date());
  }

  /** For cookie delivery: the HTTP-only session cookie plus the readable CSRF cookie. */
  applyCookies(reply: FastifyReply, issued: IssuedSession): void {
    if (issued.delivery !== 'cookie') return;
    const common = {
      path: '/',
      sameSite: 'lax' as const,
      secure: this.secure(),
      expires: issued.expiresAt,
    };
    void reply.setCookie(SESSION_COOKIE, issued.token, { ...common, httpOnly: true });
    void reply.setCookie(CSRF_COOKIE, issued.csrfToken, { ...common, httpOnly: false });
  }

  clearCookies(reply: FastifyReply): void {
    const common = { path: '/', sameSite: 'lax' as const, secure: this.secure() };
    void reply.clearCookie(SESSION_COOKIE, { ...common, httpOnly: true });
    void reply.clearCookie(CSRF_COOKIE, common);
  }

  private secure(): boolean {
    return this.config.COOKIE_SECURE ?? this.config.NODE_ENV === 'production';
  }
}
