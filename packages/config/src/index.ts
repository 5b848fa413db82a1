export { ConfigError, loadConfig, requiredVariables } from './load-config.js';
export * from './common.js';
export * from './api.js';
export * from './gateway.js';
export * from './worker.js';
export * from './edge.js';

import { ZApiConfigObject, ZApiConfigSchema } from './api.js';
import { ZEdgeConfigObject, ZEdgeConfigSchema } from './edge.js';
import { ZGatewayConfigObject, ZGatewayConfigSchema } from './gateway.js';
import { ZWorkerConfigObject, ZWorkerConfigSchema } from './worker.js';

/**
 * Each deployable app's configuration, by app folder (apps/<name>) and compose service name:
 * the object schema (its variables) and the full schema (with cross-field rules).
 */
export const appConfigSchemas = {
  api: { object: ZApiConfigObject, schema: ZApiConfigSchema },
  gateway: { object: ZGatewayConfigObject, schema: ZGatewayConfigSchema },
  worker: { object: ZWorkerConfigObject, schema: ZWorkerConfigSchema },
  edge: { object: ZEdgeConfigObject, schema: ZEdgeConfigSchema },
} as const;
