import { createHmac, randomBytes } from 'node:crypto';
import { base64UrlEncode } from '../base64url.js';
import {
  FINGERPRINT_KEY_BYTES,
  fingerprintFromMac,
  fingerprintKeyBytes,
  fingerprintMessage,
  type TSlotFingerprintInput,
} from '../fingerprint.js';

/** Slot fingerprint with node:crypto HMAC-SHA256 (construction in fingerprint.ts). Throws on bad input. */
export function slotFingerprint(input: TSlotFingerprintInput): string {
  const mac = createHmac('sha256', fingerprintKeyBytes(input.deviceKey))
    .update(fingerprintMessage(input.deviceId, input.slot, input.code))
    .digest();
  return fingerprintFromMac(new Uint8Array(mac));
}

/** A fresh per-device fingerprint key (32 random bytes, base64url), made once at provisioning. */
export function generateFingerprintKey(): string {
  return base64UrlEncode(new Uint8Array(randomBytes(FINGERPRINT_KEY_BYTES)));
}
