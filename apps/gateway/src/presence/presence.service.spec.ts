import { describe, expect, it } from 'vitest';
import { MemoryDomainEventBus } from '../events/domain-event-bus.js';
import { ManualClock } from '../observability/clock.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { type PresenceChange, type PresenceRepository } from './presence.repository.js';
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
  const repository = {
    markOnline: () => Promise.resolve(onlineResult),
    markOfflineForSession: () => Promise.resolve(change({ newSession: false, wasOnline: true })),
    markSilentOffline: (before: Date) => {
      calls.silentBefore.push(before);
      return Promise.resolve([change({ newSession: false, wasOnline: true })]);
    },
    touchLastSeen: (seen: Map<string, Date>) => {
      calls.touched.push(new Map(seen));
      return Promise.resolve();
    },
  } as unknown as PresenceRepository;
  const bus = new MemoryDomainEventBus();
  const presence = new PresenceService(repository, bus, clock, createMetrics(), createLogger('silent'), {
    timeoutMs: 60_000,
    touchIntervalMs: 1_000,
    sweepIntervalMs: 15_000,
  });
  return { clock, presence, bus, calls, setOnline: (c: PresenceChange | undefined) => (onlineResult = c) };
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('PresenceService', () => {
  it('marks a new session online, announces it and asks for reconciliation', async () => {
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
