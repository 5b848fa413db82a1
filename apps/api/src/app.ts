import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { type TApiConfig } from '@lockstep/config';
import { type DestinationStream, type Logger } from 'pino';
import { AppModule } from './app.module.js';
import { createLogger, PinoNestLogger } from './logging/logger.js';
import { MetricsService } from './metrics/metrics.service.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';
import { ProblemFilter, sendProblem } from './problems/problem.filter.js';
import { ProblemType } from './problems/problem-type.js';
import { createValidationPipe } from './problems/validation.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CreatedApp {
  app: NestFastifyApplication;
  logger: Logger;
}

/** Builds the API (initialised, not yet listening): used by main.ts, the e2e tests and the OpenAPI writer. */
export async function createApp(
  config: Readonly<TApiConfig>,
  options: { logDestination?: DestinationStream } = {},
): Promise<CreatedApp> {
  const logger = createLogger(config.LOG_LEVEL, options.logDestination);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 256 * 1024,
    genReqId: () => crypto.randomUUID(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger.child({ component: 'nest' })),
  });
  // Nest installs Fastify's error handler, so body-parsing errors reach ProblemFilter as well.
  app.useGlobalFilters(new ProblemFilter(logger));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  app.enableCors({
    origin: config.WEB_ORIGIN,
    credentials: true,
    exposedHeaders: ['etag', 'idempotent-replayed', 'retry-after', 'x-request-id'],
  });
  await app.register(fastifyCookie);

  const metrics = app.get(MetricsService);
  const fastify = app.getHttpAdapter().getInstance();
  // Every response names its request id, which the audit log and the logs carry too.
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  // Bodies are JSON; anything else is refused before it reaches a parser or a DTO.
  fastify.addHook('onRequest', async (request, reply) => {
    const type = request.headers['content-type'];
    if (
      type !== undefined &&
      BODY_METHODS.has(request.method) &&
      !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)
    ) {
      return sendProblem(reply, request, {
        status: 415,
        type: ProblemType.UnsupportedMediaType,
        title: 'Unsupported media type',
        detail: 'Send request bodies as application/json.',
        errors: [{ field: 'Content-Type', message: 'must be application/json' }],
      });
    }
    return undefined;
  });
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });

  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'openapi.json',
    raw: ['json'],
  });
  await app.init();
  return { app, logger };
}
