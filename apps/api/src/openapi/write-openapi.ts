import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { loadApiConfig } from '@lockstep/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module.js';
import { buildOpenApiDocument } from './openapi-document.js';

/**
 * The OpenAPI document as committed in apps/api/openapi.json: built from the modules without
 * connecting to anything (the app is created, not initialised).
 */
export async function renderOpenApiDocument(): Promise<string> {
  const config = loadApiConfig({
    DATABASE_URL: 'postgresql://openapi@127.0.0.1:1/openapi',
    QUEUE_BACKEND: 'postgres',
    MQTT_URL: 'mqtt://127.0.0.1:1',
    LOG_LEVEL: 'silent',
    // Nothing is sealed while rendering; a throwaway key satisfies the configuration.
    CODE_KEYS: `render:${randomBytes(32).toString('base64url')}`,
    CODE_ACTIVE_KEY_ID: 'render',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter(),
    {
      logger: false,
    },
  );
  try {
    return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

// `npm run openapi -w @lockstep/api`: rewrite the committed document, formatted as the repo's Prettier
// settings want it (a dev dependency, loaded only here).
if (import.meta.url === `file://${process.argv[1]}`) {
  const target = new URL('../../openapi.json', import.meta.url);
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(target)) ?? {};
  await writeFile(
    target,
    await prettier.format(await renderOpenApiDocument(), { ...options, parser: 'json' }),
  );
  console.log(`wrote ${target.pathname}`);
}
