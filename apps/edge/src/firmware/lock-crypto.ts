import { createHmac, createPrivateKey, createPublicKey } from 'node:crypto';
import { type TPinEnvelope, type TResult } from '@lockstep/lock-protocol';
import {
  decryptPin,
  generateDeviceKeyPair,
  generateFingerprintKey,
  slotFingerprint,
} from '@lockstep/lock-protocol/node';

/** Keys a lock makes at commissioning. */
export interface TLockKeys {
  publicKey: string;
  privateKey: string;
  fingerprintKey: string;
}

/** The lock's cryptography, all from lock-protocol (injected so a firmware port can swap it). */
export interface TLockCrypto {
  decryptPin(envelope: TPinEnvelope, privateKey: string, commandId: string): TResult<string, 'pin'>;
  fingerprint(fingerprintKey: string, deviceId: string, slot: number, code: string): string;
}

export const nodeLockCrypto: TLockCrypto = {
  decryptPin: (envelope, devicePrivateKey, commandId) =>
    decryptPin({ envelope, devicePrivateKey, commandId }),
  fingerprint: (deviceKey, deviceId, slot, code) => slotFingerprint({ deviceKey, deviceId, slot, code }),
};

/** Fresh random keys: what a real lock does at commissioning. */
export function generateLockKeys(): TLockKeys {
  const pair = generateDeviceKeyPair();
  return { publicKey: pair.publicKey, privateKey: pair.privateKey, fingerprintKey: generateFingerprintKey() };
}

/**
 * Same result as lock-protocol's `x25519PublicKeyOf` (a test holds them equal), through a JWK import,
 * about ten times faster: a fleet of 10,000 boots in well under a second instead of twenty.
 */
function x25519PublicKeyFast(privateKey: string): string {
  const key = createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: privateKey, x: '' }, format: 'jwk' });
  const { x } = createPublicKey(key).export({ format: 'jwk' });
  if (x === undefined) throw new Error('X25519 public key export failed');
  return x;
}

function base64Url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

/**
 * Keys derived from a fleet seed and the device id, so a simulated fleet has the same identities on
 * every run and the cloud's demo data can register them. Any 32 bytes are a valid X25519 private key
 * (RFC 7748 clamps them). Never for real locks.
 */
export function seededLockKeys(seed: string, deviceId: string): TLockKeys {
  const derive = (purpose: string) => createHmac('sha256', seed).update(`${purpose}\n${deviceId}`).digest();
  const privateKey = base64Url(derive('lockstep-edge x25519'));
  return {
    publicKey: x25519PublicKeyFast(privateKey),
    privateKey,
    fingerprintKey: base64Url(derive('lockstep-edge fingerprint')),
  };
}
