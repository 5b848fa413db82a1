import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_MESSAGES, topics } from '@lockstep/lock-protocol';
import { type CommandOutcomeService } from '../commands/command-acks.service.js';
import { type DeviceLookup, type DeviceRecord } from '../devices/device-registry.js';
import { type IngestService } from '../ingest/ingest.service.js';
import { Rejections } from '../ingest/rejections.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { MessageRouter } from './message-router.js';

const lock: DeviceRecord = {
  id: 'lock-0001',
  organizationId: '0190c0de-0000-7000-8000-000000000001',
  lockId: '0190c0de-0000-7000-8000-000000000002',
  model: EXAMPLE_MESSAGES.birth.model,
  state: 'active',
  publicKey: EXAMPLE_MESSAGES.birth.publicKey,
  credentialHash: null,
};

function setup(devices: DeviceRecord[] = [lock]) {
  const calls: string[] = [];
  const registry: DeviceLookup = { get: (id) => Promise.resolve(devices.find((d) => d.id === id)) };
  const record = (name: string) => (device: DeviceRecord) => {
    calls.push(`${name}:${device.id}`);
    return Promise.resolve();
  };
  const ingest = {
    telemetryReceived: record('telemetry'),
    eventReceived: record('event'),
    stateReceived: record('state'),
    birthReceived: record('birth'),
    presenceReceived: record('presence'),
  } as unknown as IngestService;
  const outcomes = { ackReceived: record('ack') } as unknown as CommandOutcomeService;
  const metrics = createMetrics();
  const logger = createLogger('silent');
  const router = new MessageRouter(
    registry,
    ingest,
    outcomes,
    new Rejections(metrics, logger),
    metrics,
    logger,
  );
  const rejects = async (): Promise<Record<string, number>> =>
    Object.fromEntries(
      (await metrics.rejects.get()).values.map((v) => [String(v.labels.reason), v.value] as const),
    );
  const ignored = async () => (await metrics.ignored.get()).values.map((v) => [v.labels, v.value]);
  return { router, calls, rejects, ignored };
}

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('MessageRouter', () => {
  it('sends each channel’s message to its service', async () => {
    const { router, calls } = setup();
    await router.handle(topics.telemetry('lock-0001'), bytes(EXAMPLE_MESSAGES.telemetry));
    await router.handle(topics.state('lock-0001'), bytes(EXAMPLE_MESSAGES.state));
    await router.handle(topics.event('lock-0001'), bytes(EXAMPLE_MESSAGES.eventUnlockedKeypad));
    await router.handle(topics.birth('lock-0001'), bytes(EXAMPLE_MESSAGES.birth));
    await router.handle(topics.presence('lock-0001'), bytes(EXAMPLE_MESSAGES.presenceOffline));
    await router.handle(topics.ack('lock-0001'), bytes(EXAMPLE_MESSAGES.ackApplied));
    expect(calls).toEqual([
      'telemetry:lock-0001',
      'state:lock-0001',
      'event:lock-0001',
      'birth:lock-0001',
      'presence:lock-0001',
      'ack:lock-0001',
    ]);
  });

  it('rejects, per reason, what it cannot accept', async () => {
    const suspended = { ...lock, id: 'lock-0002', state: 'suspended' as const };
    const { router, calls, rejects } = setup([lock, suspended]);
    await router.handle('lockstep/v1/lock-0001', bytes(EXAMPLE_MESSAGES.telemetry));
    await router.handle('lockstep/v1/lock-0001/nope', bytes(EXAMPLE_MESSAGES.telemetry));
    await router.handle(topics.command('lock-0001'), bytes(EXAMPLE_MESSAGES.telemetry));
    await router.handle(topics.telemetry('lock-9999'), bytes(EXAMPLE_MESSAGES.telemetry));
    await router.handle(topics.telemetry('lock-0002'), bytes(EXAMPLE_MESSAGES.telemetry));
    await router.handle(topics.telemetry('lock-0001'), bytes({ ...EXAMPLE_MESSAGES.telemetry, v: 2 }));
    expect(calls).toEqual([]);
    expect(await rejects()).toEqual({
      invalid_topic: 1,
      unknown_channel: 1,
      wrong_direction: 1,
      unknown_device: 1,
      device_disabled: 1,
      unsupported_version: 1,
    });
  });

  it('ignores a zero-length retained presence (a retained clear) without counting it invalid', async () => {
    const { router, calls, rejects, ignored } = setup();
    await router.handle(topics.presence('lock-0001'), new Uint8Array(0));
    expect(calls).toEqual([]);
    expect(await rejects()).toEqual({});
    expect(await ignored()).toEqual([[{ channel: 'presence', reason: 'retained_clear' }, 1]]);
    // On any other channel an empty payload is still a bad message.
    await router.handle(topics.telemetry('lock-0001'), new Uint8Array(0));
    expect(await rejects()).toEqual({ invalid_json: 1 });
  });

  it('never throws and never stores on arbitrary topics and payloads', async () => {
    const { router, calls } = setup();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.constantFrom(...Object.values(topics).map((t) => t('lock-0001')))),
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.json().map((j) => new TextEncoder().encode(j)),
          fc.constant(bytes({ ...EXAMPLE_MESSAGES.telemetry, battery: null })),
        ),
        async (topic, payload) => {
          await expect(router.handle(topic, payload)).resolves.toBeUndefined();
        },
      ),
      { numRuns: 500 },
    );
    expect(calls).toEqual([]);
  });
});
