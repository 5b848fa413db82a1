import { z } from 'zod';
import {
  codeKeysShape,
  commonShape,
  zBoolean,
  databaseShape,
  mqttShape,
  queueShape,
  requireRedisForRedisBackend,
  zPort,
  zUrl,
} from './common.js';
import { loadConfig } from './load-config.js';

export const apiShape = {
  ...commonShape,
  ...databaseShape,
  ...queueShape,
  ...mqttShape,
  ...codeKeysShape,
  API_HOST: z.string().default('0.0.0.0'),
  API_PORT: zPort.default(3000),
  /** Origin of the dashboard, for CORS and cookie settings. */
  WEB_ORIGIN: z.string().default('http://localhost:3001'),
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (rate limits, audit). */
  TRUST_PROXY: zBoolean.default(false),
  /** Lifetime of a login session (cookie or bearer token), in seconds. */
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(2_592_000).default(43_200),
  /** Send cookies with `Secure`; defaults to on in production. */
  COOKIE_SECURE: zBoolean.optional(),
  /** Lifetime of an invitation token, in seconds. */
  INVITATION_TTL_SECONDS: z.coerce.number().int().min(60).max(2_592_000).default(604_800),
  /** Login attempts allowed per e-mail address (and 10× per client address) in each window. */
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  LOGIN_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** Requests allowed per API key in each window. */
  API_KEY_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  API_KEY_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Broker URL handed to a lock at commissioning; defaults to MQTT_URL. */
  DEVICE_MQTT_URL: zUrl('mqtt', 'mqtts', 'ws', 'wss').optional(),
};
export const ZApiConfigObject = z.object(apiShape);
export const ZApiConfigSchema = ZApiConfigObject.superRefine(requireRedisForRedisBackend);
export type TApiConfig = z.output<typeof ZApiConfigSchema>;

export const loadApiConfig = (env?: Record<string, string | undefined>) =>
  loadConfig('api', ZApiConfigSchema, env);
