import { HttpStatus } from '@nestjs/common';
import { type FieldError, ProblemException } from './problem.exception.js';
import { ProblemType } from './problem-type.js';

/** Named constructors for the problems the API raises, so status, type and title stay consistent. */
export const Problems = {
  notFound: (resource: string) =>
    new ProblemException({
      status: HttpStatus.NOT_FOUND,
      type: ProblemType.NotFound,
      title: 'Not found',
      detail: `No ${resource} with that id is visible to you.`,
    }),
  /** A body field refers to something the caller cannot see (or that does not exist): 404, naming the field. */
  referenceNotFound: (field: string, resource: string) =>
    new ProblemException({
      status: HttpStatus.NOT_FOUND,
      type: ProblemType.NotFound,
      title: 'Not found',
      detail: `No ${resource} with the id given in ${field} is visible to you.`,
      errors: [{ field, message: `no such ${resource}` }],
    }),
  validation: (errors: FieldError[], detail = 'The request has invalid fields.') =>
    new ProblemException({
      status: HttpStatus.BAD_REQUEST,
      type: ProblemType.Validation,
      title: 'Invalid request',
      detail,
      errors,
    }),
  conflict: (detail: string, errors?: FieldError[]) =>
    new ProblemException({
      status: HttpStatus.CONFLICT,
      type: ProblemType.Conflict,
      title: 'Conflict',
      detail,
      ...(errors ? { errors } : {}),
    }),
  unauthenticated: (detail = 'Sign in, or send a bearer token or API key.') =>
    new ProblemException({
      status: HttpStatus.UNAUTHORIZED,
      type: ProblemType.Unauthenticated,
      title: 'Authentication required',
      detail,
      headers: { 'www-authenticate': 'Bearer realm="lockstep"' },
    }),
  forbidden: (detail: string) =>
    new ProblemException({
      status: HttpStatus.FORBIDDEN,
      type: ProblemType.Forbidden,
      title: 'Forbidden',
      detail,
    }),
  csrf: () =>
    new ProblemException({
      status: HttpStatus.FORBIDDEN,
      type: ProblemType.CsrfRejected,
      title: 'CSRF check failed',
      detail: 'A cookie-authenticated request that changes state must send the X-CSRF-Token header.',
    }),
  preconditionFailed: (resource: string, current: number) =>
    new ProblemException({
      status: HttpStatus.PRECONDITION_FAILED,
      type: ProblemType.PreconditionFailed,
      title: 'Version mismatch',
      detail: `The ${resource} changed since you read it (now at version ${current}); read it again and retry.`,
      extensions: { currentVersion: current },
    }),
  preconditionRequired: () =>
    new ProblemException({
      status: HttpStatus.PRECONDITION_REQUIRED,
      type: ProblemType.PreconditionRequired,
      title: 'If-Match required',
      detail: 'Send the ETag you read in an If-Match header to update this resource.',
      errors: [{ field: 'If-Match', message: 'header is required' }],
    }),
  rateLimited: (retryAfterSeconds: number) =>
    new ProblemException({
      status: HttpStatus.TOO_MANY_REQUESTS,
      type: ProblemType.RateLimited,
      title: 'Too many requests',
      detail: `Too many attempts; retry in ${retryAfterSeconds} s.`,
      extensions: { retryAfterSeconds },
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
  organizationRequired: (detail: string) =>
    new ProblemException({
      status: HttpStatus.BAD_REQUEST,
      type: ProblemType.OrganizationRequired,
      title: 'Organization required',
      detail,
      errors: [{ field: 'Lockstep-Organization', message: detail }],
    }),
  badRequest: (detail: string, errors?: FieldError[]) =>
    new ProblemException({
      status: HttpStatus.BAD_REQUEST,
      type: ProblemType.BadRequest,
      title: 'Bad request',
      detail,
      ...(errors ? { errors } : {}),
    }),
} as const;
