export { ConfigError, loadConfig, requiredVariables } from './load-config.js';
export * from './common.js';
export * from './api.js';
export * from './gateway.js';
export * from './worker.js';
export * from './edge.js';

import { ZApiConfigObject } from './api.js';
import { ZEdgeConfigObject } from './edge.js';
import { ZGatewayConfigObject } from './gateway.js';
import { ZWorkerConfigObject } from './worker.js';

/** Each deployable app's configuration object schema, by compose service name. */
export const appConfigSchemas = {
  api: ZApiConfigObject,
  gateway: ZGatewayConfigObject,
  worker: ZWorkerConfigObject,
  edge: ZEdgeConfigObject,
} as const;
