import { describe, expect, it } from 'vitest';
import { type TOutboxJob } from '@lockstep/queue';
import { ManualClock } from '../observability/clock.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { type PresenceChange, type PresenceJobs, type PresenceRepository } from './presence.repository.js';
import { PresenceService } from './presence.service.js';

const change = (over: Partial<PresenceChange> = {}): PresenceChange => ({
  deviceId: 'lock-1',
  organizationId: '0190c0de-0000-7000-8000-000000000001',
  lockId: '0190c0de-0000-7000-8000-000000000002',
  newSession: true,
  wasOnline: false,
  ...over,
});

function setup() {
  const clock = new ManualClock(1_000_000);
  const calls: { touched: Map<string, Date>[]; silentBefore: Date[] } = { touched: [], silentBefore: [] };
  let onlineResult: PresenceChange | undefined = change();
  // The repository writes the outbox rows the service hands it, in the change's transaction.
  const outbox: TOutboxJob[] = [];
  const write = <T>(changes: PresenceChange[], jobs: PresenceJobs, result: T) => {
    outbox.push(...jobs(changes));
    return Promise.resolve(result);
  };
  const repository = {
    markOnline: (_input: unknown, jobs: PresenceJobs) =>
      write(onlineResult ? [onlineResult] : [], jobs, onlineResult),
    markOfflineForSession: (_d: string, _s: string, _at: Date, jobs: PresenceJobs) => {
      const c = change({ newSession: false, wasOnline: true });
      return write([c], jobs, c);
    },
    markSilentOffline: (before: Date, _at: Date, jobs: PresenceJobs) => {
      calls.silentBefore.push(before);
      const changes = [change({ newSession: false, wasOnline: true })];
      return write(changes, jobs, changes);
    },
    touchLastSeen: (seen: Map<string, Date>) => {
      calls.touched.push(new Map(seen));
      return Promise.resolve();
    },
  } as unknown as PresenceRepository;
  const presence = new PresenceService(repository, clock, createMetrics(), createLogger('silent'), {
    timeoutMs: 60_000,
    touchIntervalMs: 1_000,
    sweepIntervalMs: 15_000,
  });
  const bus = {
    get events() {
      return outbox
        .filter((j) => j.queue === 'domain-events')
        .map((j) => j.data as { type: string; data?: Record<string, unknown> });
    },
    get reconciles() {
      return outbox.filter((j) => j.queue === 'reconcile').map((j) => j.data);
    },
  };
  return { clock, presence, bus, calls, setOnline: (c: PresenceChange | undefined) => (onlineResult = c) };
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('PresenceService', () => {
  it('marks a new session online and writes its announcement and a reconcile request to the outbox', async () => {
    const { presence, bus } = setup();
    await presence.online({ deviceId: 'lock-1', session: 's1', at: new Date(0), cause: 'birth' });
    expect(bus.events.map((e) => e.type)).toEqual(['device.online']);
    expect(bus.reconciles).toEqual([{ lockId: change().lockId, reason: 'reconnect' }]);
  });

  it('says nothing for a repeated online of the same session', async () => {
    const { presence, bus, setOnline } = setup();
    setOnline(change({ newSession: false, wasOnline: true }));
    await presence.online({ deviceId: 'lock-1', session: 's1', at: new Date(0), cause: 'presence' });
    expect(bus.events).toEqual([]);
    expect(bus.reconciles).toEqual([]);
  });

  it('writes last-seen times in batches, keeping the newest per device', async () => {
    const { presence, calls, clock } = setup();
    presence.start();
    presence.seen('lock-1', new Date(5));
    presence.seen('lock-1', new Date(9));
    presence.seen('lock-1', new Date(7));
    presence.seen('lock-2', new Date(3));
    clock.advance(1_000);
    await settle();
    expect(calls.touched).toEqual([
      new Map([
        ['lock-1', new Date(9)],
        ['lock-2', new Date(3)],
      ]),
    ]);
    await presence.stop();
  });

  it('sweeps on its interval with the heartbeat cutoff and announces each timeout', async () => {
    const { presence, calls, clock, bus } = setup();
    presence.start();
    clock.advance(15_000);
    await settle();
    expect(calls.silentBefore).toEqual([new Date(1_000_000 + 15_000 - 60_000)]);
    expect(bus.events.map((e) => [e.type, e.data?.cause])).toEqual([['device.offline', 'heartbeat_timeout']]);
    await presence.stop();
  });
});
