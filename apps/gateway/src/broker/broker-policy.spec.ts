import { describe, expect, it } from 'vitest';
import { cloudSubscriptions, topics } from '@lockstep/lock-protocol';
import { mayPublish, maySubscribe, type BrokerIdentity } from './broker-policy.js';

const device: BrokerIdentity = { kind: 'device', deviceId: 'lock-a' };
const service: BrokerIdentity = { kind: 'service', username: 'svc.gateway' };

describe('broker policy (embedded broker ACL)', () => {
  it('lets a device publish only its own device→cloud channels', () => {
    expect(mayPublish(device, topics.state('lock-a'))).toBe(true);
    expect(mayPublish(device, topics.presence('lock-a'))).toBe(true);
    expect(mayPublish(device, topics.state('lock-b'))).toBe(false);
    expect(mayPublish(device, topics.command('lock-a'))).toBe(false);
    expect(mayPublish(device, 'lockstep/v1/lock-a/state/extra')).toBe(false);
    expect(mayPublish(device, '$SYS/broker')).toBe(false);
  });

  it('lets a device subscribe only to its own exact command topic', () => {
    expect(maySubscribe(device, topics.command('lock-a'))).toBe(true);
    for (const filter of [
      topics.command('lock-b'),
      'lockstep/v1/+/cmd',
      'lockstep/#',
      '#',
      'lockstep/v1/lock-a/+',
      topics.state('lock-a'),
    ]) {
      expect(maySubscribe(device, filter)).toBe(false);
    }
  });

  it('lets the service subscribe to device channels (shared or not) and publish commands only', () => {
    for (const filter of [...cloudSubscriptions(), ...cloudSubscriptions('grp')])
      expect(maySubscribe(service, filter)).toBe(true);
    expect(maySubscribe(service, '#')).toBe(false);
    expect(maySubscribe(service, 'lockstep/v1/+/cmd')).toBe(false);
    expect(maySubscribe(service, '$share/bad group/lockstep/v1/+/state')).toBe(false);
    expect(mayPublish(service, topics.command('lock-a'))).toBe(true);
    expect(mayPublish(service, topics.state('lock-a'))).toBe(false);
  });
});
