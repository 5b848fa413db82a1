import { QueueName } from '@lockstep/queue';
import { DelayedError, type Job } from 'bullmq';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../observability/clock.js';
import { buildProcessors, checkProcessors, MissingProcessorError } from './processors.js';

const clock = new ManualClock(Date.parse('2027-01-04T09:00:00Z'));
const fired: number[] = [];
const stagedPasses: number[] = [];
const STAGE_LEAD_MS = 120_000;
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
    windows: {
      fire: (at: number) => Promise.resolve((fired.push(at), { locks: 0, failed: 0 })),
      stage: (at: number) => Promise.resolve((stagedPasses.push(at), { locks: 0, failed: 0 })),
    },
    moveOuts: { rotate: () => Promise.resolve({ kind: 'skipped', reason: 'missing' }) },
    clock,
    logger: pino({ level: 'silent' }),
    reconcileConcurrency: 4,
    eventsConcurrency: 4,
    stageLeadMs: STAGE_LEAD_MS,
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

describe('windows processor', () => {
  const processor = () => {
    const registration = registry()[QueueName.windows];
    if (registration.kind !== 'here') throw new Error('windows must be processed here');
    return registration.processor;
  };
  const job = (data: unknown) => {
    const moved: number[] = [];
    return {
      moved,
      job: {
        id: 'j',
        name: 'window-edge',
        data,
        moveToDelayed: (at: number) => Promise.resolve(void moved.push(at)),
      } as unknown as Job,
    };
  };

  it('fires the instant of a due job, and of a per-code job left from an earlier version', async () => {
    fired.length = 0;
    const now = clock.now();
    await processor()(job({ at: new Date(now).toISOString() }).job);
    await processor()(
      job({
        accessCodeId: '0193a6b0-0000-7000-8000-000000000001',
        lockId: '0193a6b0-0000-7000-8000-000000000002',
        edge: 'end',
        at: new Date(now - 1_000).toISOString(),
      }).job,
    );
    expect(fired).toEqual([now, now - 1_000]);
  });

  it('puts a job that came up early back to its instant instead of firing it', async () => {
    fired.length = 0;
    const at = clock.now() + 250;
    const early = job({ at: new Date(at).toISOString() });
    await expect(processor()(early.job, 'token')).rejects.toBeInstanceOf(DelayedError);
    expect(early.moved).toEqual([at]);
    expect(fired).toEqual([]);
  });

  it('runs an instant’s staging pass once it is within the lead, never earlier, and does not fire it', async () => {
    fired.length = 0;
    stagedPasses.length = 0;
    const at = clock.now() + STAGE_LEAD_MS;
    // Due one second into the lead (stageRunAt): at this moment it is one second early.
    const early = job({ at: new Date(at).toISOString(), stage: true });
    await expect(processor()(early.job, 'token')).rejects.toBeInstanceOf(DelayedError);
    expect(early.moved).toEqual([at - STAGE_LEAD_MS + 1_000]);
    expect(stagedPasses).toEqual([]);
    const due = clock.now() + STAGE_LEAD_MS - 1_000;
    await processor()(job({ at: new Date(due).toISOString(), stage: true }).job);
    expect(stagedPasses).toEqual([due]);
    expect(fired).toEqual([]);
  });

  it('drops a job whose payload is not a window instant', async () => {
    fired.length = 0;
    await expect(processor()(job({ lockId: 'nope' }).job)).resolves.toBeUndefined();
    expect(fired).toEqual([]);
  });
});
