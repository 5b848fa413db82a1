import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { Problems } from '../problems/problems.js';

/** The strong ETag of a resource version: `"<version>"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * The version the client read, from `If-Match: "<version>"`. Updates require it (428 without), so
 * two editors cannot silently overwrite each other: a stale version answers 412.
 */
export const ExpectedVersion = createParamDecorator((_: unknown, ctx: ExecutionContext): number => {
  const header = ctx.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  if (header === undefined || header === '') throw Problems.preconditionRequired();
  const match = /^\s*(?:W\/)?"?(\d{1,16})"?\s*$/.exec(header);
  const version = match?.[1] ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(version)) {
    throw Problems.badRequest('If-Match must be an ETag this API returned.', [
      { field: 'If-Match', message: 'must be an ETag such as "3"' },
    ]);
  }
  return version;
});

/** Version of a row without a version column: its last update time, in epoch milliseconds. */
export function versionFromUpdatedAt(updatedAt: Date): number {
  return updatedAt.getTime();
}
