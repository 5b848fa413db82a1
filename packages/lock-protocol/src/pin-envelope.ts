import { z } from 'zod';

/**
 * The encrypted-PIN envelope carried by `set_code` (PROTOCOL.md §PIN encryption). Defined here, in the
 * portable entry, because it is part of the wire format; the cryptography itself lives in `./node`
 * (node:crypto) and `webcrypto-pin.ts` (SubtleCrypto).
 *
 * Construction, with the lock's static X25519 key pair (d_L, Q_L):
 * 1. the cloud makes an ephemeral X25519 key pair (d_E, Q_E) per command;
 * 2. shared = X25519(d_E, Q_L) (32 bytes; an all-zero result is refused);
 * 3. key = HKDF-SHA256(ikm = shared, salt = Q_E ‖ Q_L, info = PIN_HKDF_INFO, 32 bytes);
 * 4. plaintext = the PIN's ASCII digits, right-padded with 0x00 to PIN_PLAINTEXT_BYTES, so every
 *    envelope has the same size and the broker learns nothing about the code length;
 * 5. ct = AES-256-GCM(key, iv = 12 random bytes, aad = UTF-8 of the command id) ‖ 16-byte tag.
 */
export const PIN_ENVELOPE_ALG = 'X25519-HKDF-SHA256-A256GCM';

/** HKDF `info`: binds derived keys to this protocol and purpose. */
export const PIN_HKDF_INFO = 'lockstep/v1 set_code pin';

/** Padded plaintext size: longer than any code a model allows (16 digits max). */
export const PIN_PLAINTEXT_BYTES = 16;

/** AES-GCM nonce size. */
export const PIN_IV_BYTES = 12;

/** AES-GCM tag size. */
export const PIN_TAG_BYTES = 16;

/** X25519 public and private key size. */
export const X25519_KEY_BYTES = 32;

/** Unpadded base64url of exactly `bytes` bytes. */
function base64UrlOfBytes(bytes: number): z.ZodString {
  const chars = Math.ceil((bytes * 4) / 3);
  return z
    .string()
    .regex(new RegExp(`^[A-Za-z0-9_-]{${chars}}$`), `base64url (no padding) of ${bytes} bytes`);
}

/** Base64url (RFC 4648 §5, no padding) of a raw 32-byte X25519 public key. */
export const ZX25519PublicKeySchema = base64UrlOfBytes(X25519_KEY_BYTES);

/** PIN encrypted to one lock for one command. */
export const ZPinEnvelopeSchema = z.strictObject({
  alg: z.literal(PIN_ENVELOPE_ALG),
  /** Ephemeral X25519 public key, base64url of 32 raw bytes. */
  epk: ZX25519PublicKeySchema,
  /** AES-GCM nonce, base64url of 12 bytes. */
  iv: base64UrlOfBytes(PIN_IV_BYTES),
  /** Ciphertext of the 16-byte padded PIN followed by the 16-byte tag, base64url of 32 bytes. */
  ct: base64UrlOfBytes(PIN_PLAINTEXT_BYTES + PIN_TAG_BYTES),
});
export type TPinEnvelope = z.infer<typeof ZPinEnvelopeSchema>;

/** A PIN that may travel in an envelope: ASCII digits, 1 to PIN_PLAINTEXT_BYTES long. */
const PIN_PATTERN = new RegExp(`^[0-9]{1,${PIN_PLAINTEXT_BYTES}}$`);

export function isEnvelopePin(pin: string): boolean {
  return PIN_PATTERN.test(pin);
}

/** PIN → fixed-size plaintext: ASCII digits then 0x00 bytes. Throws RangeError for a non-PIN. */
export function padPin(pin: string): Uint8Array {
  if (!isEnvelopePin(pin)) throw new RangeError(`a PIN is 1..${PIN_PLAINTEXT_BYTES} ASCII digits`);
  const plaintext = new Uint8Array(PIN_PLAINTEXT_BYTES);
  for (let i = 0; i < pin.length; i++) plaintext[i] = pin.charCodeAt(i);
  return plaintext;
}

/** Fixed-size plaintext → PIN; undefined unless it is digits followed only by 0x00 bytes. */
export function unpadPin(plaintext: Uint8Array): string | undefined {
  if (plaintext.length !== PIN_PLAINTEXT_BYTES) return undefined;
  let end = plaintext.indexOf(0);
  if (end === -1) end = plaintext.length;
  if (plaintext.subarray(end).some((byte) => byte !== 0)) return undefined;
  const pin = String.fromCharCode(...plaintext.subarray(0, end));
  return isEnvelopePin(pin) ? pin : undefined;
}

/** HKDF salt: ephemeral public key ‖ device public key (64 bytes), binding the key to both parties. */
export function pinHkdfSalt(ephemeralPublicKey: Uint8Array, devicePublicKey: Uint8Array): Uint8Array {
  const salt = new Uint8Array(2 * X25519_KEY_BYTES);
  salt.set(ephemeralPublicKey, 0);
  salt.set(devicePublicKey, X25519_KEY_BYTES);
  return salt;
}

/** AES-GCM associated data: the UTF-8 bytes of the command id, so an envelope only opens in its own command. */
export function pinAssociatedData(commandId: string): Uint8Array {
  return new TextEncoder().encode(commandId);
}

/** DER prefix of an X25519 SubjectPublicKeyInfo; append the 32 raw bytes (RFC 8410). */
export const X25519_SPKI_PREFIX = Uint8Array.of(
  0x30,
  0x2a,
  0x30,
  0x05,
  0x06,
  0x03,
  0x2b,
  0x65,
  0x6e,
  0x03,
  0x21,
  0x00,
);

/** DER prefix of an X25519 PKCS #8 private key; append the 32 raw bytes (RFC 8410). */
export const X25519_PKCS8_PREFIX = Uint8Array.of(
  0x30,
  0x2e,
  0x02,
  0x01,
  0x00,
  0x30,
  0x05,
  0x06,
  0x03,
  0x2b,
  0x65,
  0x6e,
  0x04,
  0x22,
  0x04,
  0x20,
);

export function withPrefix(prefix: Uint8Array, raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + raw.length);
  out.set(prefix, 0);
  out.set(raw, prefix.length);
  return out;
}

/** A device's static X25519 key pair, each key as base64url of its 32 raw bytes. */
export interface TDeviceKeyPair {
  publicKey: string;
  privateKey: string;
}

/** Inputs of `encryptPin`. */
export interface TEncryptPinInput {
  /** The lock's static X25519 public key, base64url of 32 raw bytes. */
  devicePublicKey: string;
  /** The code, ASCII digits. */
  pin: string;
  /** The `commandId` of the `set_code` command that will carry the envelope. */
  commandId: string;
}

/**
 * Fixed ephemeral key and nonce, for test vectors only. Production callers never pass these: reusing an
 * ephemeral key and nonce with the same device breaks AES-GCM.
 */
export interface TEncryptPinDeterminism {
  ephemeralPrivateKey: string;
  iv: string;
}

/** Inputs of `decryptPin`. */
export interface TDecryptPinInput {
  /** The lock's static X25519 private key, base64url of 32 raw bytes. */
  devicePrivateKey: string;
  envelope: TPinEnvelope;
  /** The `commandId` of the command the envelope arrived in. */
  commandId: string;
}
