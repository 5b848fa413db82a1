import { z } from 'zod';
import {
  commonShape,
  databaseShape,
  mqttShape,
  queueShape,
  requireRedisForRedisBackend,
  zPort,
} from './common.js';
import { loadConfig } from './load-config.js';

export const apiShape = {
  ...commonShape,
  ...databaseShape,
  ...queueShape,
  ...mqttShape,
  API_HOST: z.string().default('0.0.0.0'),
  API_PORT: zPort.default(3000),
  /** Origin of the dashboard, for CORS and cookie settings. */
  WEB_ORIGIN: z.string().default('http://localhost:3001'),
};
export const ZApiConfigObject = z.object(apiShape);
export const ZApiConfigSchema = ZApiConfigObject.superRefine(requireRedisForRedisBackend);
export type TApiConfig = z.output<typeof ZApiConfigSchema>;

export const loadApiConfig = (env?: Record<string, string | undefined>) =>
  loadConfig('api', ZApiConfigSchema, env);
