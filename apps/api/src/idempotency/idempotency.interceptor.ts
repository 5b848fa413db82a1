import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, type Observable, of } from 'rxjs';
import { sha256Hex } from '../auth/tokens.js';
import { ORGANIZATION_HEADER } from '../auth/cookies.js';
import { ProblemException } from '../problems/problem.exception.js';
import { ProblemType } from '../problems/problem-type.js';
import { Problems } from '../problems/problems.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { SECRET_FIELDS } from './secret-fields.decorator.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const RETENTION_MS = 24 * 60 * 60 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * Honours `Idempotency-Key` on authenticated POSTs: the first request's successful response is
 * stored per caller and key, and a retry with the same key and body gets that response again
 * (`Idempotent-Replayed: true`) without running the handler. The same key with a different body is
 * refused (422); a retry while the first is still running gets 409. Failed requests are not stored.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly records: IdempotencyRepository,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (request.method !== 'POST' || key === undefined || !request.principal) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw Problems.validation([
        { field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' },
      ]);
    }
    const principal = request.principal;
    const scope = principal.kind === 'user' ? `user:${principal.userId}` : `api-key:${principal.apiKeyId}`;
    const path = request.url.split('?')[0] ?? request.url;
    const requestHash = sha256Hex(
      JSON.stringify([
        request.method,
        request.url,
        request.headers[ORGANIZATION_HEADER] ?? null,
        request.body ?? null,
      ]),
    );
    const now = new Date();
    const claim = await this.records.claim(
      {
        scope,
        key,
        method: request.method,
        path,
        requestHash,
        expiresAt: new Date(now.getTime() + RETENTION_MS),
      },
      now,
    );
    const secretFields = this.reflector.get<string[] | undefined>(SECRET_FIELDS, context.getHandler()) ?? [];
    const reply = context.switchToHttp().getResponse<FastifyReply>();

    if (claim.kind === 'existing') {
      if (claim.requestHash !== requestHash) {
        throw new ProblemException({
          status: 422,
          type: ProblemType.IdempotencyMismatch,
          title: 'Idempotency key reused',
          detail: 'This Idempotency-Key was used for a different request; use a new key.',
          errors: [{ field: 'Idempotency-Key', message: 'already used with another request' }],
        });
      }
      if (claim.statusCode === 0) {
        throw new ProblemException({
          status: 409,
          type: ProblemType.IdempotencyInProgress,
          title: 'Request in progress',
          detail: 'A request with this Idempotency-Key is still being processed; retry shortly.',
        });
      }
      void reply.header('idempotent-replayed', secretFields.length > 0 ? 'secrets-withheld' : 'true');
      return of(claim.responseBody);
    }

    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201;
    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(this.records.complete(claim.id, status, withoutSecrets(body, secretFields)).then(() => body)),
      ),
      catchError((error: unknown) =>
        from(
          this.records.release(claim.id).then(() => {
            throw error;
          }),
        ),
      ),
    );
  }
}

function withoutSecrets(body: unknown, paths: string[]): unknown {
  if (paths.length === 0 || typeof body !== 'object' || body === null) return body;
  const copy = structuredClone(body) as Record<string, unknown>;
  for (const path of paths) {
    const parts = path.split('.');
    let node: Record<string, unknown> | undefined = copy;
    for (const part of parts.slice(0, -1)) {
      const child: unknown = node?.[part];
      node = typeof child === 'object' && child !== null ? (child as Record<string, unknown>) : undefined;
    }
    const last = parts.at(-1);
    if (node && last && last in node) node[last] = null;
  }
  return copy;
}
