import { probeMqtt, probePostgres, probeRedis, type ProbeResult } from './probe.js';

/**
 * The three services Lockstep runs on, found from DATABASE_URL / REDIS_URL / MQTT_URL when set,
 * else at their usual localhost ports.
 */
export const SERVICES = {
  postgres: {
    env: 'DATABASE_URL',
    fallback: 'postgresql://postgres@127.0.0.1:5432/lockstep',
    compose: 'postgres',
    howToGet:
      'install PostgreSQL ≥ 14 and start it (Debian: apt-get install postgresql; pg_ctlcluster <ver> main start), run `docker compose up -d postgres`, or set DATABASE_URL',
  },
  redis: {
    env: 'REDIS_URL',
    fallback: 'redis://127.0.0.1:6379',
    compose: 'redis',
    howToGet:
      'install Redis ≥ 6.2 and start it (Debian: apt-get install redis-server; redis-server --daemonize yes), run `docker compose up -d redis`, or set REDIS_URL',
  },
  mqtt: {
    env: 'MQTT_URL',
    fallback: 'mqtt://127.0.0.1:1883',
    compose: 'mosquitto',
    howToGet:
      'install Mosquitto 2 and start it (Debian: apt-get install mosquitto; mosquitto -d -c /etc/mosquitto/mosquitto.conf), run `docker compose up -d mosquitto`, or set MQTT_URL',
  },
} as const;

export type ServiceName = keyof typeof SERVICES;

export interface FoundService {
  name: ServiceName;
  url: string;
  fromEnv: boolean;
  probe: ProbeResult;
}

export function serviceUrl(
  name: ServiceName,
  env: NodeJS.ProcessEnv = process.env,
): { url: string; fromEnv: boolean } {
  const spec = SERVICES[name];
  const value = env[spec.env];
  return value ? { url: value, fromEnv: true } : { url: spec.fallback, fromEnv: false };
}

export async function findService(
  name: ServiceName,
  env: NodeJS.ProcessEnv = process.env,
): Promise<FoundService> {
  const { url, fromEnv } = serviceUrl(name, env);
  const probe =
    name === 'postgres'
      ? await probePostgres(url)
      : name === 'redis'
        ? await probeRedis(url)
        : await probeMqtt(url, { username: env.MQTT_USERNAME, password: env.MQTT_PASSWORD });
  return { name, url, fromEnv, probe };
}

export async function findServices(
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<ServiceName, FoundService>> {
  const [postgres, redis, mqtt] = await Promise.all([
    findService('postgres', env),
    findService('redis', env),
    findService('mqtt', env),
  ]);
  return { postgres, redis, mqtt };
}
