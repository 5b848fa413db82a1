import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type TCodeSealer } from '@lockstep/access-codes';
import { deviceCredentialHashes } from '@lockstep/device-credentials';
import pg from 'pg';

/**
 * The demo fleet's identities. The simulated locks derive their key pairs and broker secrets from
 * a fleet seed (apps/edge `seededLockKeys`, `seededBrokerSecret`); the dev stack draws that seed at
 * random on the first run, keeps it in the git-ignored data folder, and registers the matching public
 * keys and credential hashes for the seeded devices — what commissioning does for a real lock.
 */
export async function fleetSeed(dataDir: string): Promise<string> {
  return persistedSecret(join(dataDir, 'fleet-seed'));
}

/** The cloud services' own broker password for the embedded broker (username `lockstep-cloud`). */
export async function servicePassword(dataDir: string): Promise<string> {
  return persistedSecret(join(dataDir, 'service-mqtt-password'));
}

async function persistedSecret(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(join(file, '..'), { recursive: true });
    const secret = randomBytes(18).toString('base64url');
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}

export async function registerDemoFleet(
  databaseUrl: string,
  seed: string,
  deviceIds: string[],
  sealer: TCodeSealer,
): Promise<void> {
  // Loaded only here: the firmware package brings aws-crt, which the test and bench modes never need.
  const { seededBrokerSecret, seededLockKeys } = await import('@lockstep/edge');
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'lockstep-devstack' });
  await client.connect();
  try {
    for (const deviceId of deviceIds) {
      const { credentialHash, brokerPasswordHash } = deviceCredentialHashes(
        seededBrokerSecret(seed, deviceId),
      );
      const keys = seededLockKeys(seed, deviceId);
      // The fingerprint key as commissioning stores it: sealed with the data key, its key id beside it.
      const fingerprintKey = sealer.sealDeviceKey(Buffer.from(keys.fingerprintKey, 'base64url'));
      await client.query(
        `UPDATE devices SET public_key = $2, credential_hash = $3, broker_password_hash = $4,
                fingerprint_key_sealed = $5, key_id = $6, updated_at = now()
         WHERE id = $1`,
        [
          deviceId,
          keys.publicKey,
          credentialHash,
          brokerPasswordHash,
          fingerprintKey.sealed,
          fingerprintKey.keyId,
        ],
      );
    }
  } finally {
    await client.end();
  }
}
