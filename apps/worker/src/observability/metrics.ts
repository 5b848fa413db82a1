import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Every worker metric, on its own registry (tests start as many workers as they like). */
export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'lockstep_worker_' });
  return {
    registry,
    reconciles: new Counter({
      name: 'lockstep_worker_reconciles_total',
      help: 'Lock reconciliations, by outcome (in_sync, commands, offline, skipped, error)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    reconcileSeconds: new Histogram({
      name: 'lockstep_worker_reconcile_seconds',
      help: 'Duration of one lock reconciliation (transaction included)',
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    commands: new Counter({
      name: 'lockstep_worker_commands_total',
      help: 'Commands written, by type',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    superseded: new Counter({
      name: 'lockstep_worker_commands_superseded_total',
      help: 'In-flight commands superseded because their content is no longer desired',
      registers: [registry],
    }),
    staged: new Counter({
      name: 'lockstep_worker_commands_staged_total',
      help: 'Commands staged ahead of the window edge they serve (published by the gateway at the edge)',
      registers: [registry],
    }),
    warnings: new Counter({
      name: 'lockstep_worker_warnings_total',
      help: 'Target warnings raised, by warning',
      labelNames: ['warning'] as const,
      registers: [registry],
    }),
    domainEvents: new Counter({
      name: 'lockstep_worker_domain_events_total',
      help: 'Domain events consumed, by type handled (or ignored)',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    windowInstants: new Counter({
      name: 'lockstep_worker_window_instants_total',
      help: 'Window instants fired, by outcome (fired, partial: some locks failed and the job retries)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    windowLocks: new Counter({
      name: 'lockstep_worker_window_locks_total',
      help: 'Locks reconciled because a window edge of theirs was due',
      registers: [registry],
    }),
    sweeps: new Counter({
      name: 'lockstep_worker_sweeps_total',
      help: 'Sweep passes, by kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    sweepRepairs: new Counter({
      name: 'lockstep_worker_sweep_repairs_total',
      help: 'Things a sweep repaired, by kind (edge_jobs, command_jobs, reconciles, move_outs)',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    outboxRelayed: new Counter({
      name: 'lockstep_worker_outbox_relayed_total',
      help: 'Outbox rows moved to their queues by this worker',
      registers: [registry],
    }),
    jobFailures: new Counter({
      name: 'lockstep_worker_job_failures_total',
      help: 'Failed job attempts (BullMQ retries them), by queue',
      labelNames: ['queue'] as const,
      registers: [registry],
    }),
    up: new Gauge({
      name: 'lockstep_worker_up',
      help: '1 while the worker runs',
      registers: [registry],
    }),
  };
}

export type WorkerMetrics = ReturnType<typeof createMetrics>;
