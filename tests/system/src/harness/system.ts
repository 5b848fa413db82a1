import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeSealerFromConfig, type TCodeSealer } from '@lockstep/access-codes';
import { createTestDatabase, type TestDatabase } from '@lockstep/db/testing';
import { generateDeviceSecret, mosquittoPasswordHash } from '@lockstep/device-credentials';
import { readMosquittoCredentials } from '@lockstep/gateway/dist/broker/mosquitto-files.js';
import {
  freePort,
  startMosquitto,
  type MosquittoProcess,
} from '@lockstep/gateway/dist/broker/mosquitto-process.js';
import pg from 'pg';
import { AppProcess } from './app-process.js';
import { Fleet } from './fleet.js';
import { ApiClient } from './http-client.js';
import { repoRoot } from './paths.js';
import { seedPortfolio, type TPortfolio, type TPortfolioOptions } from './portfolio.js';
import { RedisKeys } from './redis-keys.js';
import { waitFor } from './wait.js';

/**
 * The whole platform for one test file: its own database (migrated), its own Mosquitto on a free port
 * with the gateway's generated deny-by-default config (a shared broker would let parallel gateways
 * steal each other's shared-subscription messages), the real Redis under a random queue prefix, fresh
 * data keys, the gateway, worker and API as child processes with their output captured, and the
 * seeded portfolio's locks as a real apps/edge fleet.
 */
export const SERVICE_USER = 'svc.gateway';

export interface TSystemOptions {
  label: string;
  lockCount?: number;
  timeZone?: string;
  /** Lock model (capability profile) of every lock: lockstep-db2 (2 slots, default) or lockstep-db30. */
  model?: string;
  driftPolicy?: TPortfolioOptions['driftPolicy'];
  /** Extra environment for the worker (sweep interval, …) and the gateway. */
  workerEnv?: Record<string, string>;
  gatewayEnv?: Record<string, string>;
  /** Write V8 CPU profiles of the gateway, the worker and the fleet into this directory (benchmarks). */
  profileDir?: string;
  apiEnv?: Record<string, string>;
  /** Start the API process (tests); the benchmark writes codes directly. */
  api?: boolean;
  fleet?: { transport?: string; memoryNvm?: boolean } | false;
  brokerHashOnly?: boolean;
  logLevel?: string;
}

export interface TSystem {
  tag: string;
  dir: string;
  database: TestDatabase;
  pool: pg.Pool;
  broker: MosquittoProcess;
  redis: RedisKeys;
  redisUrl: string;
  queuePrefix: string;
  sealer: TCodeSealer;
  portfolio: TPortfolio;
  fleetSeed: string;
  gateway: AppProcess;
  worker: AppProcess;
  api: AppProcess | undefined;
  apiUrl: string | undefined;
  fleet: Fleet | undefined;
  /** A client authenticated as the organization's owner (`.as(token)` for another user). */
  http: ApiClient;
  processes(): AppProcess[];
  /** Starts the worker again after a kill, with the same environment. */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

export const WORKER_ENTRY = 'apps/worker/dist/main.js';

export function workerBuilt(): boolean {
  return existsSync(join(repoRoot, WORKER_ENTRY));
}

async function waitForHttp(url: string, process: AppProcess, timeoutMs = 90_000): Promise<void> {
  await waitFor(
    `${process.name} to answer ${url}`,
    async () => {
      if (!process.running) throw new Error(`${process.name} exited:\n${process.tail()}`);
      const response = await fetch(url).catch(() => undefined);
      return response !== undefined && response.status < 500;
    },
    { timeoutMs, intervalMs: 250, describe: () => process.tail(1_500) },
  ).catch((error: unknown) => {
    if (!process.running) throw new Error(`${process.name} exited:\n${process.tail()}`);
    throw error;
  });
}

export async function startSystem(options: TSystemOptions): Promise<TSystem> {
  const tag = randomBytes(3).toString('hex');
  const dir = await mkdtemp(join(tmpdir(), `lockstep-system-${options.label}-`));
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const queuePrefix = `sys_${options.label}_${tag}`;
  const codeKeys = `s1:${randomBytes(32).toString('base64url')}`;
  const sealer = codeSealerFromConfig({ keyRing: codeKeys, activeKeyId: 's1' });
  const fleetSeed = `system-${tag}-${randomBytes(8).toString('hex')}`;
  const logLevel = options.logLevel ?? process.env.SYSTEM_TEST_LOG_LEVEL ?? 'info';

  const database = await createTestDatabase(`sys_${options.label}`);
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await database.drop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const portfolio = await seedPortfolio(pool, {
      tag,
      fleetSeed,
      sealer,
      lockCount: options.lockCount ?? 1,
      ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
      ...(options.model === undefined ? {} : { model: options.model }),
      ...(options.driftPolicy === undefined ? {} : { driftPolicy: options.driftPolicy }),
      ...(options.brokerHashOnly === undefined ? {} : { brokerHashOnly: options.brokerHashOnly }),
    });

    const servicePassword = generateDeviceSecret();
    const services = [{ username: SERVICE_USER, brokerPasswordHash: mosquittoPasswordHash(servicePassword) }];
    const devices = await readMosquittoCredentials(pool);
    const broker = await startMosquitto({ devices, services });
    closers.push(() => broker.stop());
    const redis = new RedisKeys(redisUrl, queuePrefix);
    closers.push(async () => {
      await redis.deleteAll();
      await redis.close();
    });

    const profileArgs = options.profileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`]
      : undefined;
    const common = {
      NODE_ENV: 'test',
      LOG_LEVEL: logLevel,
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '4',
      QUEUE_BACKEND: 'redis',
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: queuePrefix,
    };
    const gateway = new AppProcess({
      name: 'gateway',
      entry: 'apps/gateway/dist/main.js',
      nodeArgs: profileArgs,
      ...(profileArgs ? { closeGraceMs: 120_000 } : {}),
      env: {
        ...common,
        MQTT_URL: broker.url,
        MQTT_USERNAME: SERVICE_USER,
        MQTT_PASSWORD: servicePassword,
        GATEWAY_HTTP_PORT: String(await freePort()),
        GATEWAY_INSTANCE_ID: `gw-${tag}`,
        GATEWAY_SHARE_GROUP: `grp-${tag}`,
        GATEWAY_ACK_TIMEOUT_MS: '5000',
        GATEWAY_COMMAND_RETRY_BASE_MS: '1000',
        GATEWAY_COMMAND_MAX_ATTEMPTS: '6',
        ...options.gatewayEnv,
      },
      logDir: dir,
    });
    gateway.start();
    closers.push(() => gateway.close());
    await waitForHttp(`http://127.0.0.1:${gateway.options.env.GATEWAY_HTTP_PORT}/health`, gateway);

    const workerPort = String(await freePort());
    const worker = new AppProcess({
      name: 'worker',
      entry: WORKER_ENTRY,
      nodeArgs: profileArgs,
      ...(profileArgs ? { closeGraceMs: 120_000 } : {}),
      env: {
        ...common,
        CODE_KEYS: codeKeys,
        CODE_ACTIVE_KEY_ID: 's1',
        WORKER_HTTP_PORT: workerPort,
        ...options.workerEnv,
      },
      logDir: dir,
    });
    const startWorker = async () => {
      worker.start();
      await waitForHttp(`http://127.0.0.1:${workerPort}/health`, worker);
    };
    if (workerBuilt()) {
      await startWorker();
      closers.push(() => worker.close());
    }

    let api: AppProcess | undefined;
    let apiUrl: string | undefined;
    if (options.api !== false) {
      const apiPort = String(await freePort());
      api = new AppProcess({
        name: 'api',
        entry: 'apps/api/dist/main.js',
        env: {
          ...common,
          MQTT_URL: broker.url,
          MQTT_USERNAME: SERVICE_USER,
          MQTT_PASSWORD: servicePassword,
          API_HOST: '127.0.0.1',
          API_PORT: apiPort,
          CODE_KEYS: codeKeys,
          CODE_ACTIVE_KEY_ID: 's1',
          ...options.apiEnv,
        },
        logDir: dir,
      });
      api.start();
      const started = api;
      closers.push(() => started.close());
      apiUrl = `http://127.0.0.1:${apiPort}`;
      await waitForHttp(`${apiUrl}/health/live`, api);
    }

    let fleet: Fleet | undefined;
    if (options.fleet !== false) {
      fleet = new Fleet({
        deviceIds: portfolio.locks.map((l) => l.deviceId),
        seed: fleetSeed,
        mqttUrl: broker.url,
        stateDir: join(dir, 'edge'),
        logDir: dir,
        ...(options.model === undefined ? {} : { model: options.model }),
        ...(options.fleet?.transport === undefined ? {} : { transport: options.fleet.transport }),
        ...(options.fleet?.memoryNvm === undefined ? {} : { memoryNvm: options.fleet.memoryNvm }),
        ...(profileArgs ? { nodeArgs: profileArgs } : {}),
      });
      const started = fleet;
      closers.push(() => started.close());
      await fleet.start();
    }

    const system: TSystem = {
      tag,
      dir,
      database,
      pool,
      broker,
      redis,
      redisUrl,
      queuePrefix,
      sealer,
      portfolio,
      fleetSeed,
      gateway,
      worker,
      api,
      apiUrl,
      fleet,
      http: new ApiClient(apiUrl ?? 'http://127.0.0.1:1', portfolio.owner.token),
      processes: () => [gateway, worker, ...(api ? [api] : []), ...(fleet ? [fleet.process] : [])],
      restartWorker: startWorker,
      close: closeAll,
    };
    return system;
  } catch (error) {
    await closeAll();
    throw error;
  }
}
