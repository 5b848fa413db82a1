import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { Prisma } from '@lockstep/db';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Logger } from 'pino';
import { type FieldError, type ProblemInit, ProblemException } from './problem.exception.js';
import { problemTypeUri, ProblemType, type TProblemType } from './problem-type.js';

/** The RFC 9457 document every error response carries (`application/problem+json`). */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const STATUS_TYPES: Partial<Record<number, { type: TProblemType; title: string }>> = {
  400: { type: ProblemType.BadRequest, title: 'Bad request' },
  401: { type: ProblemType.Unauthenticated, title: 'Authentication required' },
  403: { type: ProblemType.Forbidden, title: 'Forbidden' },
  404: { type: ProblemType.NotFound, title: 'Not found' },
  409: { type: ProblemType.Conflict, title: 'Conflict' },
  412: { type: ProblemType.PreconditionFailed, title: 'Precondition failed' },
  415: { type: ProblemType.BadRequest, title: 'Unsupported media type' },
  429: { type: ProblemType.RateLimited, title: 'Too many requests' },
};

/**
 * Turns any error into a problem document. Known errors keep their status and say what was wrong;
 * anything else is a 500 whose detail says nothing about internals (the stack goes to the log only).
 */
export function toProblem(error: unknown, logger: Logger): ProblemInit {
  if (error instanceof ProblemException) return error.problem;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const prismaProblem = fromPrisma(error);
    if (prismaProblem) return prismaProblem;
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const known = STATUS_TYPES[status] ?? { type: ProblemType.BadRequest, title: 'Request failed' };
    return { status, type: known.type, title: known.title, detail: httpDetail(error) };
  }
  const fastifyStatus = fastifyErrorStatus(error);
  if (fastifyStatus !== undefined && fastifyStatus < 500) {
    const known = STATUS_TYPES[fastifyStatus] ?? { type: ProblemType.BadRequest, title: 'Bad request' };
    return {
      status: fastifyStatus,
      type: known.type,
      title: known.title,
      detail: (error as Error).message,
    };
  }
  logger.error({ err: error }, 'unhandled error');
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    type: ProblemType.Internal,
    title: 'Internal error',
    detail: 'The server failed to handle the request; it has been logged.',
  };
}

function fromPrisma(error: Prisma.PrismaClientKnownRequestError): ProblemInit | undefined {
  switch (error.code) {
    case 'P2002': {
      const target = uniqueTarget(error);
      return {
        status: HttpStatus.CONFLICT,
        type: ProblemType.Conflict,
        title: 'Conflict',
        detail: target ? `Another record already has this ${target}.` : 'A record with these values exists.',
        ...(target ? { errors: [{ field: target, message: 'must be unique' }] } : {}),
      };
    }
    case 'P2003':
      return {
        status: HttpStatus.CONFLICT,
        type: ProblemType.Conflict,
        title: 'Conflict',
        detail: 'Other records still refer to this one, or a referenced record does not exist.',
      };
    case 'P2025':
      return {
        status: HttpStatus.NOT_FOUND,
        type: ProblemType.NotFound,
        title: 'Not found',
        detail: 'No such record is visible to you.',
      };
    default:
      return undefined;
  }
}

/** Unique constraints callers can hit, by index name, and the request field each one is about. */
const UNIQUE_FIELDS: Record<string, string> = {
  organizations_slug_key: 'slug',
  users_email_key: 'email',
  memberships_organization_id_user_id_key: 'userId',
  properties_organization_id_name_key: 'name',
  units_property_id_name_key: 'name',
  locks_serial_key: 'serial',
};

function uniqueTarget(error: Prisma.PrismaClientKnownRequestError): string | undefined {
  const meta = error.meta as
    | {
        target?: unknown;
        driverAdapterError?: { cause?: { constraint?: { index?: unknown; fields?: unknown } } };
      }
    | undefined;
  const constraint = meta?.driverAdapterError?.cause?.constraint;
  if (typeof constraint?.index === 'string') return UNIQUE_FIELDS[constraint.index];
  const fields = constraint?.fields ?? meta?.target;
  if (Array.isArray(fields)) {
    const names = fields.map(String).filter((f) => f !== 'organizationId' && f !== 'organization_id');
    return names.length > 0 ? names.join(', ') : undefined;
  }
  return undefined;
}

function httpDetail(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  if (typeof message === 'string') return message;
  return error.message;
}

function fastifyErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode === 'number' && typeof code === 'string' && code.startsWith('FST_'))
    return statusCode;
  return undefined;
}

export function problemDocument(problem: ProblemInit, request: FastifyRequest): ProblemDocument {
  return {
    type: problemTypeUri(problem.type),
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    instance: request.url.split('?')[0],
    requestId: String(request.id),
    ...(problem.errors ? { errors: problem.errors } : {}),
    ...problem.extensions,
  };
}

/** Sends the problem; returns the reply, so a Fastify hook can `return` it to end the request. */
export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  problem: ProblemInit,
): FastifyReply {
  for (const [name, value] of Object.entries(problem.headers ?? {})) void reply.header(name, value);
  return reply
    .status(problem.status)
    .type('application/problem+json')
    .send(JSON.stringify(problemDocument(problem, request)));
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    void sendProblem(
      http.getResponse<FastifyReply>(),
      http.getRequest<FastifyRequest>(),
      toProblem(error, this.logger),
    );
  }
}
