export {
  createRedisConnection,
  pingQueueBackend,
  queueClasses,
  type QueueBackendConfig,
  type QueueClasses,
} from './backend.js';
export * from './names.js';
