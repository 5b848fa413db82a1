import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { readMosquittoCredentials, writeMosquittoFiles } from '../broker/mosquitto-files.js';
import { mosquittoPasswordHash } from '@lockstep/device-credentials';
import { DEFAULT_SERVICE_USERNAME } from '../gateway.js';

/**
 * `npm run mosquitto-config -w @lockstep/gateway -- --out docker/mosquitto/generated`
 *
 * Produces the local broker's security from the device registry: a password file (device id →
 * Mosquitto hash, plus the gateway service account) and a deny-by-default ACL. Run it after
 * commissioning, then send the broker SIGHUP (Mosquitto re-reads both files without dropping clients).
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
    },
  });
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
