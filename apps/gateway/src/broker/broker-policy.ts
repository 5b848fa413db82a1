import {
  DEVICE_TO_CLOUD_CHANNELS,
  deviceFilter,
  mayDevicePublish,
  mayDeviceSubscribe,
  parseTopic,
  sharedDeviceFilter,
} from '@lockstep/lock-protocol';

/**
 * Who is on the other end of a broker connection. Devices log in with their device id as username
 * (and client id); the gateway's own connections log in with a service account.
 */
export type BrokerIdentity = { kind: 'device'; deviceId: string } | { kind: 'service'; username: string };

/** Filters a service (gateway) connection may subscribe: one per device→cloud channel, shared or not. */
function serviceMaySubscribe(filter: string): boolean {
  const plain = filter.startsWith('$share/') ? filter.split('/').slice(2).join('/') : filter;
  const group = filter.startsWith('$share/') ? filter.split('/')[1] : undefined;
  return DEVICE_TO_CLOUD_CHANNELS.some((channel) => {
    if (plain !== deviceFilter(channel)) return false;
    if (group === undefined) return true;
    try {
      return sharedDeviceFilter(group, channel) === filter;
    } catch {
      return false;
    }
  });
}

/**
 * The broker ACL, deny by default, in one place for the embedded broker (Mosquitto's acl_file and the
 * AWS IoT policy say the same): a device publishes only its own device→cloud channels and subscribes
 * only to its own exact command topic; a service publishes only commands and subscribes only to the
 * device channels.
 */
export function mayPublish(identity: BrokerIdentity, topic: string): boolean {
  if (identity.kind === 'device') return mayDevicePublish(identity.deviceId, topic);
  const parsed = parseTopic(topic);
  return parsed.ok && parsed.topic.direction === 'cloud_to_device';
}

export function maySubscribe(identity: BrokerIdentity, filter: string): boolean {
  if (identity.kind === 'device') return mayDeviceSubscribe(identity.deviceId, filter);
  return serviceMaySubscribe(filter);
}
