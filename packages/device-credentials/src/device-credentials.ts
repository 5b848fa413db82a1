import { pbkdf2Sync, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Device broker credentials. A device authenticates to a local broker (Mosquitto, the embedded Aedes)
 * with username = its device id and a random secret issued at commissioning. The secret is never
 * stored; two hashes of it are:
 *
 * - `scrypt$N$r$p$salt$hash` (base64url): the registry's `devices.credential_hash`, checked by the
 *   gateway (embedded broker) with {@link verifyDeviceSecret};
 * - Mosquitto 2's own password-file hash, `$7$iterations$salt$hash` (PBKDF2-SHA512, standard base64),
 *   because Mosquitto cannot verify scrypt. See README.md §Device credentials for where it is kept.
 *
 * AWS IoT Core uses per-thing X.509 certificates instead (infra/iot).
 */

const SCRYPT_N = 16_384;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
const SCRYPT_KEY_BYTES = 32;
const SALT_BYTES = 16;

/** Mosquitto 2's `mosquitto_passwd` writes 101 iterations and a 12-byte salt; we use more iterations. */
export const MOSQUITTO_PBKDF2_ITERATIONS = 1_000;
const MOSQUITTO_SALT_BYTES = 12;
const MOSQUITTO_HASH_BYTES = 64;

/** A new device id: a valid MQTT client id and topic level (lock-protocol's device id pattern). */
export function newDeviceId(): string {
  return `lk-${randomBytes(10).toString('hex')}`;
}

/** A fresh device secret (32 random bytes, base64url): handed to the device once at commissioning. */
export function generateDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** scrypt hash of a device secret, `scrypt$N$r$p$salt$hash` with base64url salt and hash. */
export function hashDeviceSecret(secret: string, salt: Buffer = randomBytes(SALT_BYTES)): string {
  const key = scryptSync(secret, salt, SCRYPT_KEY_BYTES, {
    N: SCRYPT_N,
    r: SCRYPT_R,
    p: SCRYPT_P,
    maxmem: 64 * 1024 * 1024,
  });
  return `scrypt$${SCRYPT_N}$${SCRYPT_R}$${SCRYPT_P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Mosquitto 2 password hash of a secret: `$7$<iterations>$<salt>$<hash>` (PBKDF2-SHA512, base64). */
export function mosquittoPasswordHash(
  secret: string,
  iterations = MOSQUITTO_PBKDF2_ITERATIONS,
  salt: Buffer = randomBytes(MOSQUITTO_SALT_BYTES),
): string {
  const hash = pbkdf2Sync(secret, salt, iterations, MOSQUITTO_HASH_BYTES, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** One line of a Mosquitto `password_file`. */
export function mosquittoPasswordLine(username: string, passwordHash: string): string {
  if (username.includes(':') || /\s/.test(username))
    throw new RangeError('username may not hold ":" or spaces');
  if (!passwordHash.startsWith('$7$') && !passwordHash.startsWith('$6$')) {
    throw new RangeError('not a Mosquitto password hash');
  }
  return `${username}:${passwordHash}`;
}

/** The two stored forms of a secret (`devices.credential_hash`, `devices.broker_password_hash`). */
export interface DeviceCredentialHashes {
  credentialHash: string;
  brokerPasswordHash: string;
}

/** Both stored forms of a new secret, as the commissioning flow writes them. */
export function deviceCredentialHashes(secret: string): DeviceCredentialHashes {
  return { credentialHash: hashDeviceSecret(secret), brokerPasswordHash: mosquittoPasswordHash(secret) };
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const B64URL = /^[A-Za-z0-9_-]+$/;
const B64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Checks a secret against a stored hash in either format (scrypt, or Mosquitto's `$7$`). Never throws:
 * a malformed or unknown hash is a refusal. Cost parameters are bounded so a corrupted row cannot make
 * one login burn seconds of CPU.
 */
export function verifyDeviceSecret(secret: string, stored: string | null | undefined): boolean {
  if (typeof stored !== 'string' || stored.length === 0) return false;
  try {
    if (stored.startsWith('scrypt$')) {
      const [, n, r, p, salt, hash] = stored.split('$');
      const N = Number(n);
      const R = Number(r);
      const P = Number(p);
      if (!salt || !hash || !B64URL.test(salt) || !B64URL.test(hash)) return false;
      if (!Number.isInteger(N) || N < 2 || N > 1 << 20 || (N & (N - 1)) !== 0) return false;
      if (!Number.isInteger(R) || R < 1 || R > 32 || !Number.isInteger(P) || P < 1 || P > 16) return false;
      const expected = Buffer.from(hash, 'base64url');
      if (expected.length < 16 || expected.length > 64) return false;
      const actual = scryptSync(secret, Buffer.from(salt, 'base64url'), expected.length, {
        N,
        r: R,
        p: P,
        maxmem: 256 * N * R + 1024 * 1024,
      });
      return safeEqual(actual, expected);
    }
    if (stored.startsWith('$7$')) {
      const [, , iterations, salt, hash] = stored.split('$');
      const count = Number(iterations);
      if (!salt || !hash || !B64.test(salt) || !B64.test(hash)) return false;
      if (!Number.isInteger(count) || count < 1 || count > 1_000_000) return false;
      const expected = Buffer.from(hash, 'base64');
      if (expected.length !== MOSQUITTO_HASH_BYTES) return false;
      const actual = pbkdf2Sync(secret, Buffer.from(salt, 'base64'), count, MOSQUITTO_HASH_BYTES, 'sha512');
      return safeEqual(actual, expected);
    }
    return false;
  } catch {
    return false;
  }
}
