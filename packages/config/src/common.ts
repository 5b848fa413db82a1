import { z } from 'zod';

/** A URL whose scheme is one of `protocols`. */
export const zUrl = (...protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { message: `must be a URL with scheme ${protocols.join(' or ')}` },
  );

export const zPort = z.coerce.number().int().min(0).max(65_535);

export const zBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const ZLogLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Variables every service shares. */
export const commonShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: ZLogLevelSchema.default('info'),
};

export const databaseShape = {
  DATABASE_URL: zUrl('postgres', 'postgresql'),
  /** Connections per process; PGlite (embedded dev) wants few. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
};

/**
 * The job queue's backend: Redis in production; PostgreSQL (BullMQ's PG backend) in the embedded
 * dev default where no Redis is reachable. Same queues and processors either way.
 */
export const queueShape = {
  QUEUE_BACKEND: z.enum(['redis', 'postgres']).default('redis'),
  REDIS_URL: zUrl('redis', 'rediss').optional(),
  /** Prefix for queue keys (Redis) or schema name (Postgres), so test runs do not collide. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,30}$/)
    .default('lockstep'),
};

export const mqttShape = {
  MQTT_URL: zUrl('mqtt', 'mqtts', 'ws', 'wss'),
  MQTT_USERNAME: z.string().optional(),
  MQTT_PASSWORD: z.string().optional(),
};

/**
 * The data keys that seal access codes and device fingerprint keys at rest (AES-256-GCM, DESIGN §3):
 * a key ring `k1:<base64 of 32 bytes>,k2:<...>` and the id of the key new values are sealed with. Old
 * keys stay in the ring until `npm run codes:reseal -w @lockstep/worker` has moved every row off them.
 */
export const codeKeysShape = {
  CODE_KEYS: z.string().min(1),
  CODE_ACTIVE_KEY_ID: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
};

/** Redis is required when the queue backend is Redis. */
export function requireRedisForRedisBackend(
  cfg: { QUEUE_BACKEND: 'redis' | 'postgres'; REDIS_URL?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (cfg.QUEUE_BACKEND === 'redis' && !cfg.REDIS_URL) {
    ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'required when QUEUE_BACKEND=redis' });
  }
}
