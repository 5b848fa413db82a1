import { QueueName } from '@lockstep/queue';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../observability/clock.js';
import { buildProcessors, checkProcessors, MissingProcessorError } from './processors.js';

const registry = () =>
  buildProcessors({
    reconciler: {
      reconcile: () => Promise.resolve({ lockId: 'x', outcome: 'in_sync', commands: 0 }),
      reconcileUnlessAnswered: () => Promise.resolve({ lockId: 'x', outcome: 'in_sync', commands: 0 }),
    },
    events: { handle: () => Promise.resolve() },
    sweeper: {
      sweepWindows: () => Promise.resolve({ edgeJobs: 0, reconciles: 0, moveOuts: 0, moveOutJobs: 0 }),
      sweepCommands: () => Promise.resolve(0),
    },
    moveOuts: { rotate: () => Promise.resolve({ kind: 'skipped', reason: 'missing' }) },
    clock: new ManualClock(0),
    logger: pino({ level: 'silent' }),
    reconcileConcurrency: 4,
    eventsConcurrency: 4,
  });

describe('start-up check: every queue has a processor', () => {
  it('accepts the worker registry: four queues here, commands declared as the gateway’s', () => {
    const built = registry();
    expect(() => checkProcessors(built)).not.toThrow();
    expect(built[QueueName.commands]).toMatchObject({ kind: 'elsewhere', app: 'gateway' });
    expect(Object.keys(built).sort()).toEqual(Object.values(QueueName).sort());
  });

  it('refuses to start with a queue nobody processes, naming it', () => {
    const { [QueueName.windows]: _dropped, ...rest } = registry();
    expect(() => checkProcessors(rest)).toThrow(MissingProcessorError);
    expect(() => checkProcessors(rest)).toThrow(/windows/);
  });
});
