import {
  Channel,
  DEVICE_TO_CLOUD_CHANNELS,
  TOPIC_ROOT,
  TOPIC_VERSION,
  deviceFilter,
  isDeviceId,
} from '@lockstep/lock-protocol';
import {
  isServiceUsername,
  type MosquittoDeviceCredential,
  type MosquittoServiceAccount,
} from './mosquitto-config.js';

/**
 * Mosquitto 2's dynamic-security plugin, configured from the registry: the one local-broker setup that
 * binds a device's client id to its username (a dynsec client with `clientid` set may connect only
 * with that client id), which `acl_file` cannot do — there a device with valid credentials can take
 * another device's client id and push it off the broker (its topics stay its own: the ACL uses `%u`).
 *
 * Mosquitto 2.0's dynsec has no `%u`/`%c` substitution in ACL topics (added in 2.1), so every device
 * gets its own role with literal topics. The password fields are the very PBKDF2-SHA512 hash, salt and
 * iteration count already stored as `$7$<iterations>$<salt>$<hash>` in `devices.broker_password_hash`:
 * no secret is needed to produce the file.
 */
export interface TDynsecClient {
  username: string;
  clientid?: string;
  password: string;
  salt: string;
  iterations: number;
  roles: { rolename: string }[];
}

export interface TDynsecAcl {
  acltype:
    | 'publishClientSend'
    | 'publishClientReceive'
    | 'subscribeLiteral'
    | 'subscribePattern'
    | 'unsubscribeLiteral'
    | 'unsubscribePattern';
  topic: string;
  allow: boolean;
  priority?: number;
}

export interface TDynsecConfig {
  defaultACLAccess: Record<
    'publishClientSend' | 'publishClientReceive' | 'subscribe' | 'unsubscribe',
    boolean
  >;
  clients: TDynsecClient[];
  groups: never[];
  roles: { rolename: string; acls: TDynsecAcl[] }[];
}

const GATEWAY_ROLE = 'lockstep-gateway';
const prefix = `${TOPIC_ROOT}/${TOPIC_VERSION}`;

/** `$7$<iterations>$<salt b64>$<hash b64>` → the dynsec client fields; undefined for anything else. */
export function dynsecPassword(
  hash: string,
): Pick<TDynsecClient, 'password' | 'salt' | 'iterations'> | undefined {
  const match = /^\$7\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(hash);
  if (!match) return undefined;
  return { iterations: Number(match[1]), salt: match[2] as string, password: match[3] as string };
}

export function buildDynsecConfig(input: {
  devices: readonly MosquittoDeviceCredential[];
  services: readonly MosquittoServiceAccount[];
}): { config: TDynsecConfig; skipped: { deviceId: string; reason: string }[] } {
  const skipped: { deviceId: string; reason: string }[] = [];
  const clients: TDynsecClient[] = [];
  const roles: TDynsecConfig['roles'] = [
    {
      rolename: GATEWAY_ROLE,
      acls: [
        ...DEVICE_TO_CLOUD_CHANNELS.flatMap((channel): TDynsecAcl[] => [
          { acltype: 'subscribePattern', topic: deviceFilter(channel), allow: true },
          // Mosquitto 2.0's dynsec checks a shared subscription with its `$share/<group>/` prefix.
          { acltype: 'subscribePattern', topic: `$share/+/${deviceFilter(channel)}`, allow: true },
          { acltype: 'publishClientReceive', topic: deviceFilter(channel), allow: true },
        ]),
        { acltype: 'publishClientSend', topic: deviceFilter(Channel.Command), allow: true },
      ],
    },
  ];
  const seen = new Set<string>();
  for (const service of input.services) {
    if (!isServiceUsername(service.username)) {
      throw new RangeError(
        `service username ${JSON.stringify(service.username)} must contain a "." (not a device id)`,
      );
    }
    const password = dynsecPassword(service.brokerPasswordHash);
    if (!password) throw new RangeError(`service ${service.username}: not a Mosquitto $7$ hash`);
    // No client id binding: every gateway instance connects with several client ids of its own.
    clients.push({ username: service.username, ...password, roles: [{ rolename: GATEWAY_ROLE }] });
    seen.add(service.username);
  }
  for (const device of input.devices) {
    if (!isDeviceId(device.deviceId)) {
      skipped.push({ deviceId: device.deviceId, reason: 'invalid device id' });
      continue;
    }
    if (seen.has(device.deviceId)) {
      skipped.push({ deviceId: device.deviceId, reason: 'duplicate' });
      continue;
    }
    const password = dynsecPassword(device.brokerPasswordHash);
    if (!password) {
      skipped.push({ deviceId: device.deviceId, reason: 'no Mosquitto password hash' });
      continue;
    }
    seen.add(device.deviceId);
    const rolename = `device.${device.deviceId}`;
    const own = (channel: string) => `${prefix}/${device.deviceId}/${channel}`;
    roles.push({
      rolename,
      acls: [
        ...DEVICE_TO_CLOUD_CHANNELS.map((channel): TDynsecAcl => ({
          acltype: 'publishClientSend',
          topic: own(channel),
          allow: true,
        })),
        // subscribeLiteral: the exact command topic only, so `lockstep/v1/+/cmd` or `#` is refused.
        { acltype: 'subscribeLiteral', topic: own(Channel.Command), allow: true },
        { acltype: 'publishClientReceive', topic: own(Channel.Command), allow: true },
      ],
    });
    clients.push({
      username: device.deviceId,
      clientid: device.deviceId,
      ...password,
      roles: [{ rolename }],
    });
  }
  return {
    config: {
      // Deny by default; unsubscribing is harmless.
      defaultACLAccess: {
        publishClientSend: false,
        publishClientReceive: false,
        subscribe: false,
        unsubscribe: true,
      },
      clients,
      groups: [],
      roles,
    },
    skipped,
  };
}

/** mosquitto.conf lines that load the plugin with the generated file. */
export function dynsecConfLines(pluginPath: string, configFilePath: string): string[] {
  return [`plugin ${pluginPath}`, `plugin_opt_config_file ${configFilePath}`];
}

/** Where Debian/Ubuntu packages put the plugin (the eclipse-mosquitto image: /usr/lib/mosquitto_dynamic_security.so). */
export const DEFAULT_DYNSEC_PLUGIN = '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so';
