import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type TApiConfig } from '@lockstep/config';
import '@fastify/cookie';
import { type FastifyRequest } from 'fastify';
import { type Principal, type RequestOrigin } from '../access/actor.js';
import { ActorResolver } from '../access/actor-resolver.js';
import { ApiKeyAuthenticator } from '../api-keys/api-key-authenticator.js';
import { API_CONFIG } from '../config/api-config.module.js';
import { Problems } from '../problems/problems.js';
import { RateLimiter } from '../rate-limit/rate-limiter.js';
import { ACCESS_RULE, type AccessRule } from './access.decorators.js';
import { CSRF_HEADER, ORGANIZATION_HEADER, SESSION_COOKIE } from './cookies.js';
import { SessionsRepository } from './sessions.repository.js';
import { csrfTokenFor, safeEqualHex, sha256Hex, TokenPrefix } from './tokens.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** lastUsedAt is refreshed at most this often, so reads do not turn into writes. */
const TOUCH_INTERVAL_MS = 60_000;

export function originOf(request: FastifyRequest): RequestOrigin {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: userAgent ?? null, requestId: String(request.id) };
}

/**
 * The global guard. Fails closed: a route without an access decorator is refused. Authenticates by
 * `Authorization: Bearer` (session token or API key) or by the session cookie — the latter only with
 * the CSRF header on unsafe methods — then, for permission routes, resolves the actor in the chosen
 * organization and checks the permission.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsRepository,
    private readonly apiKeys: ApiKeyAuthenticator,
    private readonly actors: ActorResolver,
    private readonly limiter: RateLimiter,
    @Inject(API_CONFIG) private readonly config: TApiConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no access rule`);
      throw Problems.forbidden('This route is not open to anyone.');
    }
    if (rule.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = await this.authenticate(request);
    request.principal = principal;
    if (rule.kind === 'principal') return true;

    const actor = await this.actors.resolve(principal, requestedOrganization(request));
    if (!actor.permissions.has(rule.permission)) {
      throw Problems.forbidden(`Acting as ${actor.role}, you lack the permission ${rule.permission}.`);
    }
    request.actor = actor;
    return true;
  }

  private async authenticate(request: FastifyRequest): Promise<Principal> {
    const origin = originOf(request);
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      const token = match?.[1];
      if (!token) throw Problems.unauthenticated('The Authorization header must be "Bearer <token>".');
      if (token.startsWith(TokenPrefix.ApiKey)) return this.authenticateApiKey(token, origin);
      if (token.startsWith(TokenPrefix.Session)) return this.authenticateSession(request, token, origin);
      throw Problems.unauthenticated('Unknown token.');
    }
    const cookie = request.cookies?.[SESSION_COOKIE];
    if (cookie) {
      if (!SAFE_METHODS.has(request.method)) {
        const sent = request.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !constantTimeEqual(sent, csrfTokenFor(cookie))) throw Problems.csrf();
      }
      return this.authenticateSession(request, cookie, origin);
    }
    throw Problems.unauthenticated();
  }

  private async authenticateSession(
    request: FastifyRequest,
    token: string,
    origin: RequestOrigin,
  ): Promise<Principal> {
    const now = new Date();
    const session = await this.sessions.findActive(sha256Hex(token), now);
    if (!session) throw Problems.unauthenticated('The session has expired or was signed out.');
    if (!session.lastUsedAt || now.getTime() - session.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.sessions.touch(session.id, now);
    }
    request.sessionToken = token;
    return { kind: 'user', userId: session.userId, sessionId: session.id, origin };
  }

  private async authenticateApiKey(token: string, origin: RequestOrigin): Promise<Principal> {
    const key = await this.apiKeys.authenticate(token);
    if (!key) throw Problems.unauthenticated('The API key is unknown, expired or revoked.');
    const limit = await this.limiter.hit(
      'api-key',
      key.id,
      this.config.API_KEY_RATE_LIMIT,
      this.config.API_KEY_RATE_WINDOW_SECONDS,
    );
    if (!limit.allowed) throw Problems.rateLimited(limit.retryAfterSeconds);
    return {
      kind: 'api-key',
      apiKeyId: key.id,
      organizationId: key.organizationId,
      role: key.role,
      scopes: key.scopes,
      origin,
    };
  }
}

/** The organization a request acts in: an `:organizationId` path parameter, else the header. */
function requestedOrganization(request: FastifyRequest): string | undefined {
  const fromPath = (request.params as Record<string, string | undefined> | undefined)?.organizationId;
  if (fromPath) return fromPath;
  const header = request.headers[ORGANIZATION_HEADER];
  return typeof header === 'string' ? header.trim() : undefined;
}

function constantTimeEqual(a: string, b: string): boolean {
  // Compare digests so the comparison takes the same time whatever the lengths.
  return safeEqualHex(sha256Hex(a), sha256Hex(b));
}
