import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiExtension,
  ApiForbiddenResponse,
  ApiHeader,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { type Actor, type Principal } from '../access/actor.js';
import { type TPermission } from '../access/permissions.js';
import { ProblemDto } from '../problems/problem.dto.js';

/** How a route is protected. Every route must declare one; the guard refuses routes that do not. */
export type AccessRule =
  | { readonly kind: 'public' }
  | { readonly kind: 'principal' }
  | { readonly kind: 'permission'; readonly permission: TPermission };

export const ACCESS_RULE = 'lockstep:access-rule';

/** Reachable without authentication (login, invitation acceptance, health, docs). */
export const Public = () =>
  applyDecorators(
    SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule),
    ApiExtension('x-lockstep-access', 'public'),
  );

const authResponses = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiCookieAuth(),
    ApiUnauthorizedResponse({ type: ProblemDto, description: 'Not signed in.' }),
  );

/** Any signed-in user or API key, before an organization is chosen. */
export const Authenticated = () =>
  applyDecorators(
    SetMetadata(ACCESS_RULE, { kind: 'principal' } satisfies AccessRule),
    ApiExtension('x-lockstep-access', 'authenticated'),
    authResponses(),
  );

/**
 * Needs `permission` in the organization the request acts in (an API key's own, or the user's
 * membership picked by the Lockstep-Organization header).
 */
export const RequirePermission = (permission: TPermission) =>
  applyDecorators(
    SetMetadata(ACCESS_RULE, { kind: 'permission', permission } satisfies AccessRule),
    ApiExtension('x-lockstep-access', 'permission'),
    ApiExtension('x-lockstep-permission', permission),
    ApiHeader({
      name: 'Lockstep-Organization',
      required: false,
      description:
        'Organization id or slug to act in; optional for API keys and for users with one membership.',
    }),
    authResponses(),
    ApiForbiddenResponse({ type: ProblemDto, description: 'Your role lacks this permission.' }),
  );

/** The actor of a `@RequirePermission` route. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<FastifyRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without @RequirePermission');
  return actor;
});

/** The principal of an `@Authenticated` or `@RequirePermission` route. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<FastifyRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    actor?: Actor;
    /** The raw session token when the request was authenticated by cookie or bearer session. */
    sessionToken?: string;
  }
}
