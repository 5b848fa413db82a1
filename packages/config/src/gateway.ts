import { z } from 'zod';
import {
  commonShape,
  databaseShape,
  mqttShape,
  queueShape,
  requireRedisForRedisBackend,
  zBoolean,
  zPort,
} from './common.js';
import { loadConfig } from './load-config.js';

const zPositiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

export const gatewayShape = {
  ...commonShape,
  ...databaseShape,
  ...queueShape,
  ...mqttShape,
  /** Port of the gateway's health and Prometheus metrics endpoint. */
  GATEWAY_HTTP_PORT: zPort.default(9101),
  /**
   * When set, the gateway runs an embedded Aedes broker (MQTT 3.1.1) on this port with the same
   * device authentication and ACL as Mosquitto, and connects to it (the `npm run dev` default when no
   * broker is reachable). Unset: connect to MQTT_URL.
   */
  GATEWAY_EMBEDDED_BROKER_PORT: zPort.optional(),
  /** Stable id of this gateway instance: prefix of its MQTT client ids (persistent sessions). */
  GATEWAY_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/)
    .default('gateway-1'),
  /** MQTT shared-subscription group; gateways in the same group split the device traffic. */
  GATEWAY_SHARE_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .default('lockstep-gateway'),
  /** Subscribe through `$share/<group>/...` (off: plain subscriptions, one gateway only). */
  GATEWAY_SHARED_SUBSCRIPTIONS: zBoolean.default(true),
  /** MQTT protocol of the gateway's own connections: 4 (3.1.1) or 5. The embedded broker forces 4. */
  GATEWAY_MQTT_PROTOCOL: z.enum(['4', '5']).default('4').transform(Number),
  /** Ingest connections in the shared group (each receives a share of the device traffic). */
  GATEWAY_INGEST_CONNECTIONS: zPositiveInt(64).default(2),
  /** Publisher connections the outgoing commands are spread over. */
  GATEWAY_PUBLISH_CONNECTIONS: zPositiveInt(64).default(2),
  /** Publishes per second per connection (AWS IoT Core accepts 100). */
  GATEWAY_PUBLISH_RATE_PER_CONNECTION: zPositiveInt(100_000).default(100),
  /** A batch of stored rows is flushed at this size... */
  GATEWAY_BATCH_SIZE: zPositiveInt(10_000).default(500),
  /** ...or this many milliseconds after its first row, whichever comes first (≤ 100). */
  GATEWAY_BATCH_MAX_WAIT_MS: z.coerce.number().int().min(1).max(100).default(20),
  /** Batches per table written concurrently (Postgres overlaps their commits). */
  GATEWAY_BATCH_CONCURRENCY: zPositiveInt(32).default(4),
  /** A device not heard from for this long (no message, no heartbeat) is marked offline. */
  GATEWAY_PRESENCE_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(180_000),
  /** How long the gateway waits for a command's ack before retrying it. */
  GATEWAY_ACK_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /** Publishes of one command (first try included) before it is recorded as failed. */
  GATEWAY_COMMAND_MAX_ATTEMPTS: zPositiveInt(20).default(4),
  /** First retry delay; doubled on every further retry. */
  GATEWAY_COMMAND_RETRY_BASE_MS: z.coerce.number().int().min(10).default(2_000),
  /** How long a device registry entry is cached before being read again. */
  GATEWAY_REGISTRY_TTL_MS: z.coerce.number().int().min(0).default(30_000),
  /** Also put every stored telemetry sample on the domain-event bus (off: events, states, presence only). */
  GATEWAY_TELEMETRY_EVENTS: zBoolean.default(false),
};
export const ZGatewayConfigObject = z.object(gatewayShape);
export const ZGatewayConfigSchema = ZGatewayConfigObject.superRefine(requireRedisForRedisBackend);
export type TGatewayConfig = z.output<typeof ZGatewayConfigSchema>;

export const loadGatewayConfig = (env?: Record<string, string | undefined>) =>
  loadConfig('gateway', ZGatewayConfigSchema, env);
