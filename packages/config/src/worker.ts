import { z } from 'zod';
import {
  codeKeysShape,
  commonShape,
  databaseShape,
  queueShape,
  requireRedisForRedisBackend,
  zPort,
} from './common.js';
import { loadConfig } from './load-config.js';

export const workerShape = {
  ...commonShape,
  ...databaseShape,
  ...queueShape,
  ...codeKeysShape,
  /** Port of the worker's health and Prometheus metrics endpoint. */
  WORKER_HTTP_PORT: zPort.default(9102),
};
export const ZWorkerConfigObject = z.object(workerShape);
export const ZWorkerConfigSchema = ZWorkerConfigObject.superRefine(requireRedisForRedisBackend);
export type TWorkerConfig = z.output<typeof ZWorkerConfigSchema>;

export const loadWorkerConfig = (env?: Record<string, string | undefined>) =>
  loadConfig('worker', ZWorkerConfigSchema, env);
