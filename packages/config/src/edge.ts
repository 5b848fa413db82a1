import { z } from 'zod';
import { commonShape, mqttShape } from './common.js';
import { loadConfig } from './load-config.js';

/** How a simulated lock talks MQTT (apps/edge `--transport`). */
export const EDGE_TRANSPORTS = ['aws-crt-mqtt5', 'aws-crt-mqtt311', 'mqttjs-5', 'mqttjs-311'] as const;

const zOptionalPath = z.string().min(1).optional();

/** The fleet simulator's service configuration (`lockstep-edge fleet` under docker compose / npm run dev). */
export const edgeShape = {
  ...commonShape,
  ...mqttShape,
  /** The local broker by default; `npm run dev` points it at Mosquitto or the embedded Aedes. */
  MQTT_URL: mqttShape.MQTT_URL.default('mqtt://127.0.0.1:1883'),
  /** Folder holding each simulated lock's non-volatile memory. */
  EDGE_STATE_DIR: z.string().default('.lockstep/edge'),
  EDGE_FLEET_SIZE: z.coerce.number().int().min(0).max(100_000).default(8),
  /** Comma-separated device ids for the fleet (wins over EDGE_FLEET_SIZE). */
  EDGE_DEVICES: z.string().optional(),
  /**
   * MQTT client library and protocol. Unset: `run` uses aws-crt-mqtt5, `fleet` mqttjs-311 (works with
   * both Mosquitto and the MQTT 3.1.1-only embedded Aedes).
   */
  EDGE_TRANSPORT: z.enum(EDGE_TRANSPORTS).optional(),
  /** Seed for reproducible fleets: traffic, and the simulated locks' keys and broker secrets. */
  EDGE_SEED: z.string().min(1).default('lockstep-demo'),
  /** Per-device broker passwords: JSON `{ "<deviceId>": "<secret>" }` or lines `<deviceId> <secret>`. */
  EDGE_PASSWORDS_FILE: zOptionalPath,
  /** Seconds between fleet summary lines. */
  EDGE_SUMMARY_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3_600).default(10),
  /** Seconds between telemetry samples per lock (a battery change sends one at once). */
  EDGE_TELEMETRY_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Keypad entries per lock per hour in the simulated traffic. */
  EDGE_ENTRIES_PER_LOCK_PER_HOUR: z.coerce.number().min(0).max(3_600).default(6),
  /** AWS IoT Core instead of MQTT_URL: the ATS endpoint, and the device certificate and key (mTLS). */
  EDGE_AWS_IOT_ENDPOINT: z.string().min(1).optional(),
  EDGE_CERT_PATH: zOptionalPath,
  EDGE_KEY_PATH: zOptionalPath,
  /** CA bundle (AWS root CA, or a private CA for an mqtts:// broker). */
  EDGE_CA_PATH: zOptionalPath,
};
export const ZEdgeConfigObject = z.object(edgeShape);
export const ZEdgeConfigSchema = ZEdgeConfigObject.superRefine((cfg, ctx) => {
  if (cfg.EDGE_AWS_IOT_ENDPOINT !== undefined) {
    for (const variable of ['EDGE_CERT_PATH', 'EDGE_KEY_PATH'] as const) {
      if (cfg[variable] === undefined) {
        ctx.addIssue({ code: 'custom', path: [variable], message: 'required with EDGE_AWS_IOT_ENDPOINT' });
      }
    }
  }
});
export type TEdgeConfig = z.output<typeof ZEdgeConfigSchema>;

export const loadEdgeConfig = (env?: Record<string, string | undefined>) =>
  loadConfig('edge', ZEdgeConfigSchema, env);
