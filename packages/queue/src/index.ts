export {
  createRedisConnection,
  pingQueueBackend,
  queueClasses,
  type QueueBackendConfig,
  type QueueClasses,
} from './backend.js';
export * from './names.js';
export {
  enqueueInOutbox,
  outboxInsert,
  OUTBOX_ENTRIES,
  OutboxRelay,
  packOutboxJobs,
  type TOutboxJob,
  type TOutboxRelayOptions,
  type TRelayQueue,
} from './outbox.js';
