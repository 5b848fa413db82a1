import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { DEFAULT_DYNSEC_PLUGIN } from '../broker/mosquitto-dynsec.js';
import { DYNSEC_FILE, readMosquittoCredentials, writeMosquittoFiles } from '../broker/mosquitto-files.js';
import { mosquittoPasswordHash } from '@lockstep/device-credentials';
import { DEFAULT_SERVICE_USERNAME } from '../gateway.js';

/**
 * `npm run mosquitto-config -w @lockstep/gateway -- --out docker/mosquitto/generated`
 *
 * Produces the local broker's security from the device registry: a password file (device id →
 * Mosquitto hash, plus the gateway service account) and a deny-by-default ACL. Run it after
 * commissioning, then send the broker SIGHUP (Mosquitto re-reads both files without dropping clients).
 *
 * `--security dynsec [--dynsec-plugin <path>]` writes `dynamic-security.json` for Mosquitto's
 * dynamic-security plugin instead (and a mosquitto.conf that loads it): the same rules, plus each
 * device's client id bound to its username. The plugin reads that file at start-up only: restart the
 * broker after regenerating it (or apply changes through its $CONTROL API).
 */
const ZEnvSchema = z.object({
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required'),
  /** The gateway service account's password (the gateway's MQTT_PASSWORD). */
  MQTT_PASSWORD: z.string().min(12, 'MQTT_PASSWORD: at least 12 characters'),
  MQTT_USERNAME: z.string().default(DEFAULT_SERVICE_USERNAME),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'docker/mosquitto/generated' },
      'broker-dir': { type: 'string' },
      port: { type: 'string', default: '1883' },
      security: { type: 'string', default: 'acl' },
      'dynsec-plugin': { type: 'string', default: DEFAULT_DYNSEC_PLUGIN },
    },
  });
  if (values.security !== 'acl' && values.security !== 'dynsec') {
    console.error('mosquitto-config: --security must be acl or dynsec');
    process.exit(1);
  }
  const env = ZEnvSchema.safeParse(process.env);
  if (!env.success) {
    console.error(
      `mosquitto-config: ${env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
    process.exit(1);
  }
  const pool = new pg.Pool({ connectionString: env.data.DATABASE_URL, max: 1 });
  try {
    const devices = await readMosquittoCredentials(pool);
    const brokerDir = values['broker-dir'] ?? values.out;
    const result = await writeMosquittoFiles(values.out, {
      devices,
      services: [
        {
          username: env.data.MQTT_USERNAME,
          brokerPasswordHash: mosquittoPasswordHash(env.data.MQTT_PASSWORD),
        },
      ],
      port: Number(values.port),
      passwordFilePath: `${brokerDir}/passwords`,
      aclFilePath: `${brokerDir}/acl`,
      ...(values.security === 'dynsec'
        ? {
            dynsec: {
              pluginPath: values['dynsec-plugin'],
              configFilePath: `${brokerDir}/${DYNSEC_FILE}`,
            },
          }
        : {}),
    });
    console.log(
      `mosquitto-config: ${devices.length - result.skipped.length} devices written to ${values.out}`,
    );
    for (const s of result.skipped) console.log(`  skipped ${s.deviceId}: ${s.reason}`);
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error('mosquitto-config:', error instanceof Error ? error.message : error);
  process.exit(1);
});
