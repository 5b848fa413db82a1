import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { type TApiConfig } from '@lockstep/config';
import { type Logger } from 'pino';
import { AppModule } from './app.module.js';
import { createLogger, PinoNestLogger } from './logging/logger.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';
import { ProblemFilter } from './problems/problem.filter.js';
import { createValidationPipe } from './problems/validation.js';

export interface CreatedApp {
  app: NestFastifyApplication;
  logger: Logger;
}

/** Builds the API (not yet listening): used by main.ts and by the e2e tests. */
export async function createApp(config: Readonly<TApiConfig>): Promise<CreatedApp> {
  const logger = createLogger(config.LOG_LEVEL);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    trustProxy: true,
    bodyLimit: 256 * 1024,
    genReqId: () => crypto.randomUUID(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger.child({ component: 'nest' })),
    bufferLogs: false,
  });
  // Nest installs Fastify's error handler, so body-parsing errors reach ProblemFilter as well.
  app.useGlobalFilters(new ProblemFilter(logger));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    raw: ['json'],
  });
  await app.init();
  return { app, logger };
}
