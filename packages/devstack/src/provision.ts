import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { codeSealerFromConfig } from '@lockstep/access-codes';
import { loadConfig } from '@lockstep/config';
import { z } from 'zod';
import { prepareDatabase } from './database.js';
import { seedDemoPrimaries } from './demo-codes.js';
import { registerDemoFleet } from './demo-fleet.js';

/**
 * `lockstep-devstack provision --devices-file <path>`: the demo set-up of `npm run dev` for a
 * deployment that brings its own services (docker-compose's `setup` service). Migrates, seeds the demo
 * portfolio, registers the demo fleet's identities derived from LOCKSTEP_FLEET_SEED (what commissioning
 * does for a real lock), gives every demo unit a primary code, and writes the device ids one per line
 * for the simulated fleet (`lockstep-edge fleet --devices-file … --passwords-from-seed`). Idempotent.
 * Every secret comes from the environment; nothing is printed but counts.
 */
const ZProvisionEnvSchema = z.object({
  DATABASE_URL: z.string().min(1),
  CODE_KEYS: z.string().min(1),
  CODE_ACTIVE_KEY_ID: z.string().min(1),
  /** The seed the simulated locks derive their keys and broker secrets from (EDGE_SEED of the fleet). */
  LOCKSTEP_FLEET_SEED: z.string().min(16),
  /** The demo users' password. */
  LOCKSTEP_DEMO_PASSWORD: z.string().min(12),
});

export async function provision(options: { devicesFile: string }): Promise<number> {
  const env = loadConfig('provision', ZProvisionEnvSchema, process.env);
  const sealer = codeSealerFromConfig({ keyRing: env.CODE_KEYS, activeKeyId: env.CODE_ACTIVE_KEY_ID });
  const db = await prepareDatabase(env.DATABASE_URL, {
    seed: true,
    demoPassword: env.LOCKSTEP_DEMO_PASSWORD,
  });
  await registerDemoFleet(env.DATABASE_URL, env.LOCKSTEP_FLEET_SEED, db.deviceIds, sealer);
  const primaries = await seedDemoPrimaries(env.DATABASE_URL, sealer);
  await mkdir(dirname(options.devicesFile), { recursive: true });
  await writeFile(options.devicesFile, `${db.deviceIds.join('\n')}\n`);
  console.log(
    `devstack: provisioned the demo portfolio: ${db.deviceIds.length} locks registered, ${primaries} primary codes created, device list in ${options.devicesFile}`,
  );
  return 0;
}
