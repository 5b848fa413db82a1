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

export const gatewayShape = {
  ...commonShape,
  ...databaseShape,
  ...queueShape,
  ...mqttShape,
  /** Port of the gateway's health and Prometheus metrics endpoint. */
  GATEWAY_HTTP_PORT: zPort.default(9101),
};
export const ZGatewayConfigObject = z.object(gatewayShape);
export const ZGatewayConfigSchema = ZGatewayConfigObject.superRefine(requireRedisForRedisBackend);
export type TGatewayConfig = z.output<typeof ZGatewayConfigSchema>;

export const loadGatewayConfig = (env?: Record<string, string | undefined>) =>
  loadConfig('gateway', ZGatewayConfigSchema, env);
