import { pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';

/**
 * Broker credentials handed to a lock at commissioning: username = device id, password = 32 random
 * bytes (base64url). The password is returned once and never stored; two hashes of it are, in the
 * formats the gateway verifies (apps/gateway/src/devices/device-credentials.ts):
 *
 * - `devices.credential_hash`: `scrypt$<N>$<r>$<p>$<salt>$<hash>` (N=16384, r=8, p=1, 16-byte salt,
 *   32-byte key, base64url), checked by the gateway for the embedded broker;
 * - `devices.broker_password_hash`: Mosquitto 2's `$7$<iterations>$<salt>$<hash>` (PBKDF2-SHA512,
 *   12-byte salt, 64-byte hash, standard base64), for a Mosquitto password file.
 *
 * TODO(lead): the gateway owns the same functions; move both into a shared Node entry point
 * (e.g. @lockstep/lock-protocol/node) so there is one implementation.
 */
export interface DeviceSecretHashes {
  credentialHash: string;
  brokerPasswordHash: string;
}

const SCRYPT = { N: 16_384, r: 8, p: 1, keyBytes: 32, saltBytes: 16 } as const;
const MOSQUITTO = { iterations: 1_000, saltBytes: 12, hashBytes: 64 } as const;

export function generateDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function scryptHash(secret: string, salt: Buffer = randomBytes(SCRYPT.saltBytes)): string {
  const key = scryptSync(secret, salt, SCRYPT.keyBytes, {
    N: SCRYPT.N,
    r: SCRYPT.r,
    p: SCRYPT.p,
    maxmem: 64 * 1024 * 1024,
  });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export function mosquittoHash(secret: string, salt: Buffer = randomBytes(MOSQUITTO.saltBytes)): string {
  const hash = pbkdf2Sync(secret, salt, MOSQUITTO.iterations, MOSQUITTO.hashBytes, 'sha512');
  return `$7$${MOSQUITTO.iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function hashDeviceSecret(secret: string): DeviceSecretHashes {
  return { credentialHash: scryptHash(secret), brokerPasswordHash: mosquittoHash(secret) };
}

/** A new device id: a valid MQTT client id and topic level (lock-protocol's DEVICE_ID_PATTERN). */
export function newDeviceId(): string {
  return `lk-${randomBytes(10).toString('hex')}`;
}
