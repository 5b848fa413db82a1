import { EXAMPLE_MESSAGES, encodeToString, topics } from '@lockstep/lock-protocol';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logging/logger.js';
import { bootLock, flushMicrotasks, requestStateCommand } from '../test/lock-factory.js';
import { MemoryTransport } from '../test/memory-transport.js';
import { DeviceLink } from './device-link.js';

async function linked() {
  const unit = await bootLock({ deviceId: 'lock-link-1' });
  const transport = new MemoryTransport();
  const errors: string[] = [];
  const link = new DeviceLink({
    firmware: unit.lock,
    transport,
    clock: unit.clock,
    logger: silentLogger(),
    jitter: () => 0,
    backoff: { minMs: 1_000, maxMs: 8_000, resetAfterMs: 30_000 },
  });
  link.observe({ error: (kind, detail) => errors.push(`${kind}:${detail}`) });
  link.start();
  return { unit, transport, link, errors };
}

describe('DeviceLink', () => {
  it('per connection: a will naming a fresh session, then subscribe, online presence, birth and connect state', async () => {
    const { transport, link } = await linked();
    const will = JSON.parse(new TextDecoder().decode(transport.current.options.will.payload)) as {
      status: string;
      session: string;
    };
    expect(transport.current.options).toMatchObject({
      clientId: 'lock-link-1',
      will: { topic: topics.presence('lock-link-1'), qos: 1, retain: true },
    });
    expect(will.status).toBe('offline');
    transport.accept();
    await flushMicrotasks();
    expect(transport.subscriptions).toEqual([topics.command('lock-link-1')]);
    expect(transport.channels()).toEqual(['presence', 'birth', 'state']);
    expect(JSON.parse(transport.published[0]?.payload ?? '{}')).toMatchObject({
      status: 'online',
      session: will.session,
    });
    expect(transport.published[0]?.retain).toBe(true);
    expect(link.isConnected).toBe(true);
  });

  it('queues messages while offline and sends them after the next birth', async () => {
    const { unit, transport } = await linked();
    unit.lock.turnThumbturn();
    await unit.lock.settled();
    expect(transport.published).toEqual([]);
    transport.accept();
    await flushMicrotasks();
    expect(transport.channels()).toEqual(['presence', 'birth', 'state', 'event', 'state']);
  });

  it('reconnects after a jittered backoff, with a new session id', async () => {
    const { unit, transport } = await linked();
    transport.accept();
    await flushMicrotasks();
    const firstSession = transport.current.options.will.payload;
    transport.drop();
    expect(transport.opened).toHaveLength(1);
    unit.clock.advance(499);
    expect(transport.opened).toHaveLength(1);
    unit.clock.advance(1);
    expect(transport.opened).toHaveLength(2);
    expect(transport.current.options.will.payload).not.toEqual(firstSession);
    transport.drop();
    unit.clock.advance(999);
    expect(transport.opened).toHaveLength(2);
    unit.clock.advance(1);
    expect(transport.opened).toHaveLength(3);
  });

  it('hands decoded commands to the firmware and drops malformed ones without crashing', async () => {
    const { unit, transport, errors } = await linked();
    transport.accept();
    await flushMicrotasks();
    transport.deliver(topics.command('lock-link-1'), '{"v":1,"type":"set_code"');
    transport.deliver(topics.command('lock-link-1'), encodeToString(EXAMPLE_MESSAGES.birth));
    transport.deliver(
      topics.command('another-lock'),
      encodeToString(requestStateCommand({ version: 1, ts: 0 })),
    );
    expect(errors).toEqual([
      'decode:invalid_json',
      'decode:wrong_channel',
      'decode:not my command topic: lockstep/v1/another-lock/cmd',
    ]);
    const command = requestStateCommand({ version: 1, ts: unit.clock.now() });
    transport.deliver(topics.command('lock-link-1'), encodeToString(command));
    await unit.lock.settled();
    await flushMicrotasks();
    expect(transport.channels().slice(-2)).toEqual(['ack', 'state']);
  });

  it('stops on purpose: retained offline presence, then a normal close', async () => {
    const { transport, link } = await linked();
    transport.accept();
    await flushMicrotasks();
    await link.stop();
    const last = transport.published[transport.published.length - 1];
    expect(last).toMatchObject({ topic: topics.presence('lock-link-1'), retain: true });
    expect(JSON.parse(last?.payload ?? '{}')).toMatchObject({ status: 'offline' });
    expect(transport.current.closed).toBe(true);
  });
});

describe('DeviceLink publish budget', () => {
  it('publishes at most 10 messages a second, queueing the rest (PROTOCOL.md §1)', async () => {
    const { unit, transport } = await linked();
    transport.accept();
    await flushMicrotasks();
    unit.clock.advance(1_000);
    const before = transport.published.length;
    for (let i = 0; i < 25; i++) unit.lock.reportState();
    await flushMicrotasks();
    expect(transport.published.length - before).toBe(10);
    unit.clock.advance(1_000);
    await flushMicrotasks();
    expect(transport.published.length - before).toBe(20);
    unit.clock.advance(1_000);
    await flushMicrotasks();
    expect(transport.published.length - before).toBe(25);
  });
});
