import {
  DEVICE_ID_PATTERN,
  MAX_TOPIC_BYTES,
  MAX_TOPIC_SLASHES,
  TOPIC_ROOT,
  TOPIC_VERSION,
} from './constants.js';
import { ProtocolErrorCode, type TResult } from './protocol-error.js';

/**
 * Topic layout: `lockstep/v1/<deviceId>/<channel>`. Three slashes, so a `$share/<group>/` prefix still
 * leaves AWS IoT Core's seven-slash limit untouched, and the device id sits at a fixed level so one policy
 * variable (`${iot:Connection.Thing.ThingName}`) confines a device to its own topics.
 */
export const Channel = {
  /** device → cloud: sent once after every connect, describes model, firmware and capabilities. */
  Birth: 'birth',
  /** device → cloud: full state report (slot fingerprints, bolt, auto-lock, battery, versions). */
  State: 'state',
  /** device → cloud: something happened (unlock, wrong code, jam...). */
  Event: 'event',
  /** device → cloud: periodic battery and radio measurements. */
  Telemetry: 'telemetry',
  /** device → cloud: command acknowledgements. */
  Ack: 'ack',
  /** device → cloud (retained): `online` after connect; the MQTT will publishes `offline` here. */
  Presence: 'presence',
  /** cloud → device: commands. The only channel a device subscribes to. */
  Command: 'cmd',
} as const;
export type TChannel = (typeof Channel)[keyof typeof Channel];

/** Channels a device publishes on. */
export const DEVICE_TO_CLOUD_CHANNELS = [
  Channel.Birth,
  Channel.State,
  Channel.Event,
  Channel.Telemetry,
  Channel.Ack,
  Channel.Presence,
] as const;
export type TDeviceToCloudChannel = (typeof DEVICE_TO_CLOUD_CHANNELS)[number];

/** Channels the cloud publishes on. */
export const CLOUD_TO_DEVICE_CHANNELS = [Channel.Command] as const;
export type TCloudToDeviceChannel = (typeof CLOUD_TO_DEVICE_CHANNELS)[number];

export const ALL_CHANNELS: readonly TChannel[] = [...DEVICE_TO_CLOUD_CHANNELS, ...CLOUD_TO_DEVICE_CHANNELS];

/** Which side publishes on a channel. */
export type TDirection = 'device_to_cloud' | 'cloud_to_device';

export function channelDirection(channel: TChannel): TDirection {
  return channel === Channel.Command ? 'cloud_to_device' : 'device_to_cloud';
}

export function isChannel(value: string): value is TChannel {
  return (ALL_CHANNELS as readonly string[]).includes(value);
}

export function isDeviceId(value: string): boolean {
  return DEVICE_ID_PATTERN.test(value);
}

const PREFIX = `${TOPIC_ROOT}/${TOPIC_VERSION}/`;

/** Topic of one device's channel. Throws on a bad device id: building a topic for one is a bug. */
export function deviceTopic(deviceId: string, channel: TChannel): string {
  if (!isDeviceId(deviceId)) {
    throw new RangeError(
      `invalid device id ${JSON.stringify(deviceId)}: must match ${String(DEVICE_ID_PATTERN)}`,
    );
  }
  return `${PREFIX}${deviceId}/${channel}`;
}

/** One builder per channel: `topics.state('lock-42')` → `lockstep/v1/lock-42/state`. */
export const topics = {
  birth: (deviceId: string): string => deviceTopic(deviceId, Channel.Birth),
  state: (deviceId: string): string => deviceTopic(deviceId, Channel.State),
  event: (deviceId: string): string => deviceTopic(deviceId, Channel.Event),
  telemetry: (deviceId: string): string => deviceTopic(deviceId, Channel.Telemetry),
  ack: (deviceId: string): string => deviceTopic(deviceId, Channel.Ack),
  presence: (deviceId: string): string => deviceTopic(deviceId, Channel.Presence),
  command: (deviceId: string): string => deviceTopic(deviceId, Channel.Command),
} as const;

/** A topic split into its parts. */
export interface TParsedTopic {
  deviceId: string;
  channel: TChannel;
  direction: TDirection;
}

const utf8Encoder = new TextEncoder();

/**
 * True when `value` encodes to more than `limit` UTF-8 bytes. A UTF-16 code unit is 1 to 3 bytes, so
 * only strings between limit/3 and limit code units are encoded to count (topics are ~40 ASCII
 * characters: this runs on every message the gateway receives).
 */
function exceedsUtf8Bytes(value: string, limit: number): boolean {
  if (value.length > limit) return true;
  if (value.length * 3 <= limit) return false;
  return utf8Encoder.encode(value).length > limit;
}

function countSlashes(value: string): number {
  let count = 0;
  for (const char of value) if (char === '/') count++;
  return count;
}

/** Splits a concrete topic (no wildcards). Never throws. */
export function parseTopic(topic: string): TResult<TParsedTopic, 'topic'> {
  if (exceedsUtf8Bytes(topic, MAX_TOPIC_BYTES)) {
    return {
      ok: false,
      error: { code: ProtocolErrorCode.InvalidTopic, detail: `topic longer than ${MAX_TOPIC_BYTES} bytes` },
    };
  }
  const parts = topic.split('/');
  if (parts.length !== 4 || parts[0] !== TOPIC_ROOT || parts[1] !== TOPIC_VERSION) {
    return {
      ok: false,
      error: {
        code: ProtocolErrorCode.InvalidTopic,
        detail: `expected ${TOPIC_ROOT}/${TOPIC_VERSION}/<deviceId>/<channel>`,
      },
    };
  }
  const deviceId = parts[2] ?? '';
  const channel = parts[3] ?? '';
  if (!isDeviceId(deviceId)) {
    return {
      ok: false,
      error: {
        code: ProtocolErrorCode.InvalidDeviceId,
        field: 'deviceId',
        detail: `device id must match ${String(DEVICE_ID_PATTERN)}`,
      },
    };
  }
  if (!isChannel(channel)) {
    return {
      ok: false,
      error: {
        code: ProtocolErrorCode.UnknownChannel,
        field: 'channel',
        detail: `unknown channel ${JSON.stringify(channel)}`,
      },
    };
  }
  return { ok: true, topic: { deviceId, channel, direction: channelDirection(channel) } };
}

/** Filter matching one channel of every device: `lockstep/v1/+/<channel>`. */
export function deviceFilter(channel: TChannel): string {
  return `${PREFIX}+/${channel}`;
}

/** Filter matching every channel of every device: `lockstep/v1/+/+` (the gateway filters by direction). */
export const ALL_DEVICES_ALL_CHANNELS_FILTER = `${PREFIX}+/+`;

/** Shared-subscription group names become a topic level: same character rules as device ids. */
const SHARE_GROUP_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Shared-subscription filter, `$share/<group>/lockstep/v1/+/<channel>`, so N gateways split the device
 * traffic (MQTT 5, AWS IoT Core, Mosquitto ≥ 2 over both 3.1.1 and 5; Aedes does not support it).
 */
export function sharedDeviceFilter(group: string, channel: TChannel): string {
  if (!SHARE_GROUP_PATTERN.test(group)) {
    throw new RangeError(
      `invalid share group ${JSON.stringify(group)}: must match ${String(SHARE_GROUP_PATTERN)}`,
    );
  }
  return `$share/${group}/${deviceFilter(channel)}`;
}

/** Filters the cloud subscribes to: one per device→cloud channel. */
export function cloudSubscriptions(group?: string): string[] {
  return DEVICE_TO_CLOUD_CHANNELS.map((channel) =>
    group === undefined ? deviceFilter(channel) : sharedDeviceFilter(group, channel),
  );
}

/** True when `topic` is a concrete topic within broker limits (no wildcards, ≤ 256 bytes, ≤ 7 slashes). */
export function isWithinBrokerLimits(topic: string): boolean {
  return (
    !exceedsUtf8Bytes(topic, MAX_TOPIC_BYTES) &&
    countSlashes(topic) <= MAX_TOPIC_SLASHES &&
    !topic.includes('+') &&
    !topic.includes('#')
  );
}

/**
 * Broker authorization for a device (DESIGN §6 invariant 5): a device may publish only device→cloud
 * channels of its own id. Use in Aedes `authorizePublish`; AWS IoT policies express the same rule.
 */
export function mayDevicePublish(deviceId: string, topic: string): boolean {
  const parsed = parseTopic(topic);
  return parsed.ok && parsed.topic.deviceId === deviceId && parsed.topic.direction === 'device_to_cloud';
}

/** A device may subscribe only to its own command topic, written out exactly (no wildcards). */
export function mayDeviceSubscribe(deviceId: string, filter: string): boolean {
  return isDeviceId(deviceId) && filter === topics.command(deviceId);
}
