import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_CHANNELS,
  Channel,
  cloudSubscriptions,
  deviceFilter,
  deviceTopic,
  isWithinBrokerLimits,
  mayDevicePublish,
  mayDeviceSubscribe,
  parseTopic,
  sharedDeviceFilter,
  topics,
} from './topics.js';
import { MAX_TOPIC_BYTES, MAX_TOPIC_SLASHES } from './constants.js';
import { ProtocolErrorCode } from './protocol-error.js';

describe('topics', () => {
  it('builds lockstep/v1/<deviceId>/<channel> for every channel', () => {
    expect(topics.state('lock-42')).toBe('lockstep/v1/lock-42/state');
    expect(topics.command('lock-42')).toBe('lockstep/v1/lock-42/cmd');
    expect(topics.presence('lock-42')).toBe('lockstep/v1/lock-42/presence');
    expect(topics.birth('a')).toBe('lockstep/v1/a/birth');
    expect(topics.event('a')).toBe('lockstep/v1/a/event');
    expect(topics.telemetry('a')).toBe('lockstep/v1/a/telemetry');
    expect(topics.ack('a')).toBe('lockstep/v1/a/ack');
  });

  it.each(['', 'a/b', 'a+b', 'a#', 'with space', 'x'.repeat(65), 'é'])('refuses device id %j', (deviceId) => {
    expect(() => deviceTopic(deviceId, Channel.State)).toThrow(RangeError);
  });

  it('parses what it builds, for every channel', () => {
    for (const channel of ALL_CHANNELS) {
      const result = parseTopic(deviceTopic('Lock_01-x', channel));
      expect(result).toEqual({
        ok: true,
        topic: {
          deviceId: 'Lock_01-x',
          channel,
          direction: channel === 'cmd' ? 'cloud_to_device' : 'device_to_cloud',
        },
      });
    }
  });

  it.each([
    ['lockstep/v2/lock/state', 'invalid_topic'],
    ['lockstep/v1/lock/state/extra', 'invalid_topic'],
    ['other/v1/lock/state', 'invalid_topic'],
    ['lockstep/v1/lock', 'invalid_topic'],
    ['lockstep/v1/+/state', 'invalid_device_id'],
    ['lockstep/v1//state', 'invalid_device_id'],
    ['lockstep/v1/lock/shadow', 'unknown_channel'],
    ['lockstep/v1/lock/#', 'unknown_channel'],
    [`lockstep/v1/${'a'.repeat(300)}/state`, 'invalid_topic'],
  ])('rejects %s with %s', (topic, code) => {
    const result = parseTopic(topic);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it('builds filters and shared filters', () => {
    expect(deviceFilter(Channel.Ack)).toBe('lockstep/v1/+/ack');
    expect(sharedDeviceFilter('gateway', Channel.State)).toBe('$share/gateway/lockstep/v1/+/state');
    expect(() => sharedDeviceFilter('bad/group', Channel.State)).toThrow(RangeError);
    expect(cloudSubscriptions()).toHaveLength(6);
    expect(cloudSubscriptions('gw')).toContain('$share/gw/lockstep/v1/+/presence');
    expect(cloudSubscriptions()).not.toContain('lockstep/v1/+/cmd');
  });

  it('stays within AWS IoT Core limits for the longest device id, even behind $share', () => {
    for (const channel of ALL_CHANNELS) {
      const topic = deviceTopic('x'.repeat(64), channel);
      expect(isWithinBrokerLimits(topic)).toBe(true);
      const shared = sharedDeviceFilter('g'.repeat(64), channel);
      expect(shared.split('/').length - 1 - 2).toBeLessThanOrEqual(MAX_TOPIC_SLASHES);
    }
  });

  it('lets a device publish only device→cloud channels of its own id', () => {
    expect(mayDevicePublish('lock-1', 'lockstep/v1/lock-1/state')).toBe(true);
    expect(mayDevicePublish('lock-1', 'lockstep/v1/lock-2/state')).toBe(false);
    expect(mayDevicePublish('lock-1', 'lockstep/v1/lock-1/cmd')).toBe(false);
    expect(mayDevicePublish('lock-1', 'lockstep/v1/lock-1/whatever')).toBe(false);
  });

  it('lets a device subscribe only to its own command topic', () => {
    expect(mayDeviceSubscribe('lock-1', 'lockstep/v1/lock-1/cmd')).toBe(true);
    expect(mayDeviceSubscribe('lock-1', 'lockstep/v1/+/cmd')).toBe(false);
    expect(mayDeviceSubscribe('lock-1', 'lockstep/v1/lock-1/#')).toBe(false);
    expect(mayDeviceSubscribe('lock-1', 'lockstep/v1/lock-2/cmd')).toBe(false);
  });

  it('refuses a topic over MAX_TOPIC_BYTES counted in UTF-8 bytes, not characters', () => {
    const tooLong = (topic: string) => {
      const parsed = parseTopic(topic);
      return (
        !parsed.ok &&
        parsed.error.code === ProtocolErrorCode.InvalidTopic &&
        /longer/.test(parsed.error.detail)
      );
    };
    const level = fc.string({ unit: 'binary', minLength: 40, maxLength: 300 });
    fc.assert(
      fc.property(level, (middle) => {
        const topic = `lockstep/v1/${middle}/telemetry`;
        const bytes = new TextEncoder().encode(topic).length;
        expect(tooLong(topic)).toBe(bytes > MAX_TOPIC_BYTES);
        expect(isWithinBrokerLimits(topic)).toBe(
          bytes <= MAX_TOPIC_BYTES && !/[+#]/.test(topic) && topic.split('/').length - 1 <= MAX_TOPIC_SLASHES,
        );
      }),
      { numRuns: 2_000 },
    );
    // 81 three-byte characters: 259 bytes in 97 code units (a character count would let it through).
    expect(tooLong(`lockstep/v1/${'€'.repeat(81)}/cmd`)).toBe(true);
    expect(tooLong(`lockstep/v1/${'a'.repeat(240)}/cmd`)).toBe(false);
  });
});
