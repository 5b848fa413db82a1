import { randomBytes } from 'node:crypto';
import { codeSealerFromConfig, type TCodeSealer } from '@lockstep/access-codes';
import { loadApiConfig, type TApiConfig } from '@lockstep/config';
import { createTestDatabase, type TestDatabase } from '@lockstep/db/testing';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type DestinationStream } from 'pino';
import { createApp } from '../src/app.js';

export interface TestApp {
  app: NestFastifyApplication;
  /** A sealer over the app's own data key, for factories that store codes. */
  sealer: TCodeSealer;
  database: TestDatabase;
  config: Readonly<TApiConfig>;
  close(): Promise<void>;
}

/** The API on a fresh database of its own (one per test file), against the real Redis and broker. */
export async function startTestApp(
  label: string,
  env: Record<string, string> = {},
  options: { logDestination?: DestinationStream } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(label);
  const config = loadApiConfig({
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_BACKEND: process.env.QUEUE_BACKEND ?? 'redis',
    MQTT_URL: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Own rate-limit counters per test app, so parallel test files never share a window.
    QUEUE_PREFIX: `t${randomBytes(6).toString('hex')}`,
    NODE_ENV: 'test',
    // A fresh data key per test app: codes sealed here open nowhere else.
    CODE_KEYS: `t1:${randomBytes(32).toString('base64url')}`,
    CODE_ACTIVE_KEY_ID: 't1',
    ...env,
  });
  const { app } = await createApp(config, options);
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    sealer: codeSealerFromConfig({ keyRing: config.CODE_KEYS, activeKeyId: config.CODE_ACTIVE_KEY_ID }),
    database,
    config,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
