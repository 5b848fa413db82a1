import { type ParseArgsConfig } from 'node:util';
import { loadEdgeConfig, type TEdgeConfig } from '@lockstep/config';
import { CAPABILITY_PROFILES, profileFor, type TCapabilityProfile } from '@lockstep/lock-protocol';
import { brokerEndpointFromUrl, type TBrokerEndpoint } from '../connectivity/broker-endpoint.js';
import { TRANSPORT_NAMES } from '../connectivity/transport-factory.js';
import { type TTransportName } from '../connectivity/transport.js';

/** A bad command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Options shared by `run` and `fleet`: where to connect, how, and where memory lives. */
export const CONNECTION_OPTIONS = {
  'mqtt-url': { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  ca: { type: 'string' },
  'aws-endpoint': { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  port: { type: 'string' },
  transport: { type: 'string' },
  'state-dir': { type: 'string' },
  model: { type: 'string' },
  'log-level': { type: 'string' },
  'telemetry-interval': { type: 'string' },
  'clean-session': { type: 'boolean' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export const CONNECTION_USAGE = `Connection (defaults from the environment: MQTT_URL, MQTT_USERNAME, MQTT_PASSWORD, EDGE_*):
  --mqtt-url <url>          mqtt://host:1883 or mqtts://host:8883 (default ${'$'}MQTT_URL or mqtt://127.0.0.1:1883)
  --username <u> --password <p>   broker login (default anonymous)
  --ca <path>               CA bundle for mqtts:// or AWS IoT
  --aws-endpoint <host>     AWS IoT Core ATS endpoint, with --cert <path> --key <path> (mutual TLS, port 8883)
  --transport <name>        ${TRANSPORT_NAMES.join(' | ')}
  --state-dir <dir>         non-volatile memory and control sockets (default ${'$'}EDGE_STATE_DIR or .lockstep/edge)
  --model <model>           ${Object.keys(CAPABILITY_PROFILES).join(' | ')} (default lockstep-db2)
  --telemetry-interval <s>  seconds between telemetry samples (0: only on battery change)
  --clean-session           no persistent broker session (commands sent while offline are lost)
  --seed <text>             derive keys (and traffic) from a seed: reproducible simulated locks
  --log-level <level>       fatal | error | warn | info | debug | trace | silent`;

export type TConnectionValues = {
  [K in keyof typeof CONNECTION_OPTIONS]?: (typeof CONNECTION_OPTIONS)[K]['type'] extends 'boolean'
    ? boolean
    : string;
};

/** Runs `node:util` parseArgs, turning its errors into usage errors. */
export function parsingArguments<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function integerOption(value: string | undefined, name: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min)
    throw new UsageError(`--${name} must be an integer ≥ ${min}`);
  return parsed;
}

export function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new UsageError(`--${name} must be a number ≥ 0`);
  return parsed;
}

export interface TResolvedConnection {
  config: Readonly<TEdgeConfig>;
  endpoint: TBrokerEndpoint;
  transport: TTransportName;
  stateDir: string;
  profile: Readonly<TCapabilityProfile>;
  logLevel: string;
  telemetryIntervalMs: number;
  persistentSession: boolean;
  seed: string | undefined;
}

export function resolveConnection(
  values: TConnectionValues,
  defaultTransport: TTransportName,
  env: Record<string, string | undefined> = process.env,
): TResolvedConnection {
  const config = loadEdgeConfig(env);
  const awsEndpoint = values['aws-endpoint'] ?? config.EDGE_AWS_IOT_ENDPOINT;
  const caPath = values.ca ?? config.EDGE_CA_PATH;
  let endpoint: TBrokerEndpoint;
  if (awsEndpoint !== undefined) {
    const certPath = values.cert ?? config.EDGE_CERT_PATH;
    const keyPath = values.key ?? config.EDGE_KEY_PATH;
    if (certPath === undefined || keyPath === undefined) {
      throw new UsageError('--aws-endpoint needs --cert and --key (mutual TLS)');
    }
    endpoint = {
      kind: 'aws-iot',
      host: awsEndpoint,
      port: integerOption(values.port, 'port', 8883, 1),
      certPath,
      keyPath,
      ...(caPath === undefined ? {} : { caPath }),
    };
  } else {
    try {
      endpoint = brokerEndpointFromUrl(values['mqtt-url'] ?? config.MQTT_URL, {
        username: values.username ?? config.MQTT_USERNAME,
        password: values.password ?? config.MQTT_PASSWORD,
        caPath,
      });
    } catch {
      throw new UsageError('--mqtt-url must be mqtt://host:port or mqtts://host:port');
    }
  }
  const transport = values.transport ?? config.EDGE_TRANSPORT ?? defaultTransport;
  if (!(TRANSPORT_NAMES as readonly string[]).includes(transport)) {
    throw new UsageError(`--transport must be one of ${TRANSPORT_NAMES.join(', ')}`);
  }
  const model = values.model ?? 'lockstep-db2';
  const profile = profileFor(model);
  if (profile === undefined) throw new UsageError(`unknown --model ${model}`);
  return {
    config,
    endpoint,
    transport: transport as TTransportName,
    stateDir: values['state-dir'] ?? config.EDGE_STATE_DIR,
    profile,
    logLevel: values['log-level'] ?? config.LOG_LEVEL,
    telemetryIntervalMs:
      integerOption(
        values['telemetry-interval'],
        'telemetry-interval',
        config.EDGE_TELEMETRY_INTERVAL_SECONDS,
      ) * 1000,
    persistentSession: values['clean-session'] !== true,
    seed: values.seed,
  };
}
