import { base64UrlDecode } from './base64url.js';
import { FINGERPRINT_BYTES } from './constants.js';
import { buttonSequence } from './keypad.js';
import { ProtocolError, ProtocolErrorCode } from './protocol-error.js';
import { isDeviceId } from './topics.js';
import { subtleCrypto } from './webcrypto-subtle.js';

/**
 * Slot fingerprints (PROTOCOL.md §Fingerprints): the lock reports, per slot, a keyed hash of the code so
 * the cloud detects drift without the PIN travelling back.
 *
 *   fingerprint = hex(HMAC-SHA256(deviceKey, message)[0..16])
 *   message     = UTF-8("lockstep/v1 fp\n" + deviceId + "\n" + slot (decimal) + "\n" + buttonSequence(code))
 *
 * The button sequence, not the digits, is hashed: `1357` and `2468` are the same code to the lock, so
 * they must have the same fingerprint. The device id and slot are bound in so a fingerprint cannot be
 * replayed for another lock or slot. The key is per device (32 random bytes), never sent over MQTT.
 */
export const FINGERPRINT_DOMAIN = 'lockstep/v1 fp';

/** Bytes of a device fingerprint key. */
export const FINGERPRINT_KEY_BYTES = 32;

/** Inputs of a slot fingerprint. `deviceKey` is base64url (no padding) or raw bytes. */
export interface TSlotFingerprintInput {
  deviceKey: string | Uint8Array;
  deviceId: string;
  slot: number;
  code: string;
}

/** The exact bytes HMAC-SHA256 is computed over. Throws on a bad device id, slot or code. */
export function fingerprintMessage(deviceId: string, slot: number, code: string): Uint8Array {
  if (!isDeviceId(deviceId)) {
    throw new ProtocolError({
      code: ProtocolErrorCode.InvalidDeviceId,
      field: 'deviceId',
      detail: 'bad device id',
    });
  }
  if (!Number.isInteger(slot) || slot < 1 || slot > 250) {
    throw new ProtocolError({
      code: ProtocolErrorCode.InvalidField,
      field: 'slot',
      detail: 'slot must be 1..250',
    });
  }
  return new TextEncoder().encode(`${FINGERPRINT_DOMAIN}\n${deviceId}\n${slot}\n${buttonSequence(code)}`);
}

/** Decodes and checks a fingerprint key. Throws ProtocolError `invalid_key`. */
export function fingerprintKeyBytes(deviceKey: string | Uint8Array): Uint8Array {
  const bytes = typeof deviceKey === 'string' ? base64UrlDecode(deviceKey) : deviceKey;
  if (bytes?.length !== FINGERPRINT_KEY_BYTES) {
    throw new ProtocolError({
      code: ProtocolErrorCode.InvalidKey,
      field: 'deviceKey',
      detail: `device key must be ${FINGERPRINT_KEY_BYTES} bytes (base64url without padding)`,
    });
  }
  return bytes;
}

/** Truncates an HMAC to the reported fingerprint. */
export function fingerprintFromMac(mac: Uint8Array): string {
  return Array.from(mac.subarray(0, FINGERPRINT_BYTES), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** As `slotFingerprint` from `./node`, over WebCrypto (HMAC-SHA256 in SubtleCrypto). */
export async function slotFingerprintAsync(input: TSlotFingerprintInput): Promise<string> {
  const subtle = subtleCrypto();
  const key = await subtle.importKey(
    'raw',
    fingerprintKeyBytes(input.deviceKey),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await subtle.sign('HMAC', key, fingerprintMessage(input.deviceId, input.slot, input.code));
  return fingerprintFromMac(new Uint8Array(mac));
}
