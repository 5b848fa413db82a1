import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Where a lock connects: AWS IoT Core with mutual TLS (endpoint, certificate and key paths), or a
 * local broker over plain TCP or TLS with optional username/password. Both go through the same
 * transports and the same device link.
 */
export type TBrokerEndpoint =
  | {
      kind: 'broker';
      host: string;
      port: number;
      tls: boolean;
      /** CA bundle for a TLS broker with a private CA. */
      caPath?: string;
      username?: string;
      password?: string;
    }
  | {
      kind: 'aws-iot';
      /** `<prefix>-ats.iot.<region>.amazonaws.com` */
      host: string;
      port: number;
      certPath: string;
      keyPath: string;
      caPath?: string;
    };

const ZMqttUrlSchema = z.url({ protocol: /^mqtts?$/ }).describe('mqtt://host:port or mqtts://host:port');

/** `mqtt://host:1883` or `mqtts://host:8883`; credentials in the URL are accepted but flags win. */
export function brokerEndpointFromUrl(
  url: string,
  credentials: {
    username?: string | undefined;
    password?: string | undefined;
    caPath?: string | undefined;
  } = {},
): TBrokerEndpoint {
  const parsed = new URL(ZMqttUrlSchema.parse(url));
  const tls = parsed.protocol === 'mqtts:';
  const username =
    credentials.username ?? (parsed.username === '' ? undefined : decodeURIComponent(parsed.username));
  const password =
    credentials.password ?? (parsed.password === '' ? undefined : decodeURIComponent(parsed.password));
  return {
    kind: 'broker',
    host: parsed.hostname,
    port: parsed.port === '' ? (tls ? 8883 : 1883) : Number(parsed.port),
    tls,
    ...(credentials.caPath === undefined ? {} : { caPath: credentials.caPath }),
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
  };
}

/** The same endpoint with another login (the fleet gives each lock its own password). */
export function withCredentials(
  endpoint: TBrokerEndpoint,
  username: string | undefined,
  password: string | undefined,
): TBrokerEndpoint {
  if (endpoint.kind !== 'broker') return endpoint;
  const { username: _u, password: _p, ...rest } = endpoint;
  return {
    ...rest,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
  };
}

export function readPem(path: string): string {
  return readFileSync(path, 'utf8');
}

/** For logs: never the password. */
export function describeEndpoint(endpoint: TBrokerEndpoint): string {
  if (endpoint.kind === 'aws-iot') return `aws-iot mtls://${endpoint.host}:${endpoint.port}`;
  const login = endpoint.username === undefined ? 'anonymous' : `user ${endpoint.username}`;
  return `${endpoint.tls ? 'mqtts' : 'mqtt'}://${endpoint.host}:${endpoint.port} (${login})`;
}
