import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadGatewayConfig, type TGatewayConfig } from '@lockstep/config';
import { createTestDatabase, type TestDatabase } from '@lockstep/db/testing';
import { readMosquittoCredentials } from '../src/broker/mosquitto-files.js';
import { startMosquitto, type MosquittoProcess } from '../src/broker/mosquitto-process.js';
import { generateDeviceSecret, mosquittoPasswordHash } from '@lockstep/device-credentials';
import { startGateway, type Gateway, type GatewayOverrides } from '../src/gateway.js';
import { createLogger } from '../src/observability/logger.js';
import { type GatewayMetrics } from '../src/observability/metrics.js';

export const SERVICE_USER = 'svc.gateway';

/** A test database, a private Mosquitto with the registry's credentials, and a way to start gateways. */
export interface Harness {
  database: TestDatabase;
  broker: MosquittoProcess;
  servicePassword: string;
  /** Re-reads the registry into the broker's password file (after creating devices). */
  syncBroker(): Promise<void>;
  config(env?: Record<string, string>): TGatewayConfig;
  start(env?: Record<string, string>, overrides?: GatewayOverrides): Promise<Gateway>;
  close(): Promise<void>;
}

export async function createHarness(label: string): Promise<Harness> {
  const database = await createTestDatabase(label);
  const servicePassword = generateDeviceSecret();
  const services = [{ username: SERVICE_USER, brokerPasswordHash: mosquittoPasswordHash(servicePassword) }];
  const broker = await startMosquitto({ devices: [], services });
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  const gateways: Gateway[] = [];
  const tag = randomBytes(3).toString('hex');
  const config = (env: Record<string, string> = {}) =>
    loadGatewayConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '4',
      QUEUE_BACKEND: 'redis',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `gwtest_${tag}`,
      MQTT_URL: broker.url,
      MQTT_USERNAME: SERVICE_USER,
      MQTT_PASSWORD: servicePassword,
      GATEWAY_HTTP_PORT: '0',
      GATEWAY_INSTANCE_ID: `gw-${tag}-${gateways.length}`,
      GATEWAY_SHARE_GROUP: `grp-${tag}`,
      ...env,
    });
  return {
    database,
    broker,
    servicePassword,
    async syncBroker() {
      await broker.reload({ devices: await readMosquittoCredentials(pool), services });
    },
    config,
    async start(env = {}, overrides = {}) {
      const cfg = config(env);
      const gateway = await startGateway(cfg, {
        logger: createLogger(cfg.LOG_LEVEL),
        http: false,
        ...overrides,
      });
      gateways.push(gateway);
      return gateway;
    },
    async close() {
      for (const g of gateways) await g.stop();
      await pool.end();
      await broker.stop();
      await database.drop();
    },
  };
}

/** Current value of a counter for one label set (0 when never incremented). */
export async function counterValue(
  gateway: { readonly metrics: GatewayMetrics },
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = gateway.metrics.registry.getSingleMetric(name);
  if (!metric) return 0;
  const data = await metric.get();
  const match = data.values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val));
  return match?.value ?? 0;
}
