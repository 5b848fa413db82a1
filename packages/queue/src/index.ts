export { createRedisConnection, pingQueueBackend, queueClasses, type QueueBackendConfig } from './backend.js';
export * from './names.js';
