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
