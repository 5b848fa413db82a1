import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Every gateway metric, on its own registry (tests create as many gateways as they like). */
export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'lockstep_gateway_' });
  const metrics = {
    registry,
    messagesIn: new Counter({
      name: 'lockstep_gateway_messages_in_total',
      help: 'Device messages received, by channel',
      labelNames: ['channel'] as const,
      registers: [registry],
    }),
    messagesOut: new Counter({
      name: 'lockstep_gateway_messages_out_total',
      help: 'Messages published to devices, by command type',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    rejects: new Counter({
      name: 'lockstep_gateway_rejects_total',
      help: 'Device messages rejected, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    duplicates: new Counter({
      name: 'lockstep_gateway_duplicates_total',
      help: 'Redelivered messages already stored (dropped by ON CONFLICT), by table',
      labelNames: ['table'] as const,
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: 'lockstep_gateway_batch_size',
      help: 'Rows per batched write, by table',
      labelNames: ['table'] as const,
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
      registers: [registry],
    }),
    writeLatency: new Histogram({
      name: 'lockstep_gateway_write_seconds',
      help: 'Duration of one batched write, by table',
      labelNames: ['table'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    writeErrors: new Counter({
      name: 'lockstep_gateway_write_errors_total',
      help: 'Failed batched writes (retried), by table',
      labelNames: ['table'] as const,
      registers: [registry],
    }),
    ackLatency: new Histogram({
      name: 'lockstep_gateway_command_ack_seconds',
      help: 'From a command publish to its ack, by result',
      labelNames: ['result'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    commandOutcomes: new Counter({
      name: 'lockstep_gateway_command_outcomes_total',
      help: 'Commands resolved, by outcome (applied, rejected, failed, skipped)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    commandRetries: new Counter({
      name: 'lockstep_gateway_command_retries_total',
      help: 'Command republishes after an ack timeout',
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'lockstep_gateway_queue_depth',
      help: 'Jobs waiting or delayed, by queue',
      labelNames: ['queue'] as const,
      registers: [registry],
    }),
    pendingRows: new Gauge({
      name: 'lockstep_gateway_pending_rows',
      help: 'Rows buffered and not yet written, by table',
      labelNames: ['table'] as const,
      registers: [registry],
    }),
    domainEvents: new Counter({
      name: 'lockstep_gateway_domain_events_total',
      help: 'Best-effort domain events (telemetry) published after the commit, by result (ok, error)',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    ignored: new Counter({
      name: 'lockstep_gateway_messages_ignored_total',
      help: 'Messages deliberately not processed (not rejections), by channel and reason (retained_clear)',
      labelNames: ['channel', 'reason'] as const,
      registers: [registry],
    }),
    outboxRelayed: new Counter({
      name: 'lockstep_gateway_outbox_relayed_total',
      help: 'Outbox rows this gateway moved to their BullMQ queues',
      registers: [registry],
    }),
    outboxErrors: new Counter({
      name: 'lockstep_gateway_outbox_relay_errors_total',
      help: 'Outbox relay batches that failed (Redis or Postgres down); their rows stay and are retried',
      registers: [registry],
    }),
    presence: new Counter({
      name: 'lockstep_gateway_presence_changes_total',
      help: 'Devices marked online or offline, by status and cause',
      labelNames: ['status', 'cause'] as const,
      registers: [registry],
    }),
    connections: new Gauge({
      name: 'lockstep_gateway_mqtt_connections',
      help: 'Gateway MQTT connections currently up, by role',
      labelNames: ['role'] as const,
      registers: [registry],
    }),
    brokerAuthFailures: new Counter({
      name: 'lockstep_gateway_embedded_broker_denials_total',
      help: 'Embedded broker refusals, by kind (connect, publish, subscribe)',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
  };
  return metrics;
}

export type GatewayMetrics = ReturnType<typeof createMetrics>;
