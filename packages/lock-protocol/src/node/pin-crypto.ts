import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { base64UrlDecode, base64UrlEncode } from '../base64url.js';
import {
  PIN_ENVELOPE_ALG,
  PIN_HKDF_INFO,
  PIN_IV_BYTES,
  PIN_PLAINTEXT_BYTES,
  PIN_TAG_BYTES,
  X25519_KEY_BYTES,
  ZPinEnvelopeSchema,
  padPin,
  pinAssociatedData,
  pinHkdfSalt,
  unpadPin,
  type TDecryptPinInput,
  type TDeviceKeyPair,
  type TEncryptPinDeterminism,
  type TEncryptPinInput,
  type TPinEnvelope,
} from '../pin-envelope.js';
import { ProtocolError, ProtocolErrorCode, type TResult } from '../protocol-error.js';

/** PIN encryption with node:crypto; byte-for-byte the same construction as the WebCrypto version. */

function rawKey(text: string, field: string): Uint8Array {
  const bytes = base64UrlDecode(text);
  if (bytes?.length !== X25519_KEY_BYTES) {
    throw new ProtocolError({
      code: ProtocolErrorCode.InvalidKey,
      field,
      detail: `${field} must be base64url of ${X25519_KEY_BYTES} raw bytes`,
    });
  }
  return bytes;
}

// Raw keys go in and out as JWK: OpenSSL 3 looks DER up through its decoder framework, which made a
// DER import about 1 ms and dominated each encryption and decryption; a JWK import is a raw key copy.
// The bytes are the same either way (the test vectors hold them).

export function x25519PublicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: base64UrlEncode(raw) }, format: 'jwk' });
}

export function x25519PrivateKeyObject(raw: Uint8Array): KeyObject {
  // node requires `x` to be a string and derives the public half from `d` itself.
  return createPrivateKey({
    key: { kty: 'OKP', crv: 'X25519', d: base64UrlEncode(raw), x: '' },
    format: 'jwk',
  });
}

/**
 * A lock's static key as key objects, kept per key text: a lock opens every envelope with the same
 * private key and the cloud seals every PIN to the same public key, and importing the key (and, for
 * the private one, exporting its public half for the HKDF salt) was half of each operation. Bounded
 * (oldest out first) for processes that hold many keys: the fleet simulator, the reconciler.
 */
class StaticKeys<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly max: number) {}

  get(text: string, make: () => T): T {
    let value = this.entries.get(text);
    if (value === undefined) {
      value = make();
      if (this.entries.size >= this.max) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      this.entries.set(text, value);
    }
    return value;
  }
}

const STATIC_KEYS_MAX = 20_000;
const devicePublicKeys = new StaticKeys<{ raw: Uint8Array; key: KeyObject }>(STATIC_KEYS_MAX);
const devicePrivateKeys = new StaticKeys<{ key: KeyObject; publicRaw: Uint8Array }>(STATIC_KEYS_MAX);

function fromJwk(value: string | undefined): Uint8Array {
  const bytes = value === undefined ? undefined : base64UrlDecode(value);
  if (bytes?.length !== X25519_KEY_BYTES) throw new Error('X25519 JWK export failed');
  return bytes;
}

function rawPublicKey(key: KeyObject): Uint8Array {
  return fromJwk(key.export({ format: 'jwk' }).x);
}

function rawPrivateKey(key: KeyObject): Uint8Array {
  return fromJwk(key.export({ format: 'jwk' }).d);
}

/** Public key (base64url) of an X25519 private key (base64url). */
export function x25519PublicKeyOf(privateKey: string): string {
  return base64UrlEncode(
    rawPublicKey(createPublicKey(x25519PrivateKeyObject(rawKey(privateKey, 'privateKey')))),
  );
}

/** A fresh static X25519 key pair for a lock, made once at provisioning. */
export function generateDeviceKeyPair(): TDeviceKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return {
    publicKey: base64UrlEncode(rawPublicKey(publicKey)),
    privateKey: base64UrlEncode(rawPrivateKey(privateKey)),
  };
}

function deriveKey(privateKey: KeyObject, publicKey: KeyObject, salt: Uint8Array): Buffer {
  const shared = diffieHellman({ privateKey, publicKey });
  // A low-order public key gives an all-zero secret (RFC 7748 §6.1); refuse it.
  if (shared.every((byte) => byte === 0)) {
    throw new ProtocolError({
      code: ProtocolErrorCode.InvalidKey,
      detail: 'X25519 produced an all-zero shared secret',
    });
  }
  return Buffer.from(hkdfSync('sha256', shared, salt, PIN_HKDF_INFO, 32));
}

/**
 * Encrypts a PIN to a lock's public key for one command (ephemeral X25519 + HKDF-SHA256 + AES-256-GCM,
 * the command id as associated data). Throws ProtocolError `invalid_key` for a bad public key and
 * RangeError for a PIN that is not 1–16 digits.
 */
export function encryptPin(input: TEncryptPinInput, determinism?: TEncryptPinDeterminism): TPinEnvelope {
  const device = devicePublicKeys.get(input.devicePublicKey, () => {
    const raw = rawKey(input.devicePublicKey, 'devicePublicKey');
    return { raw, key: x25519PublicKeyObject(raw) };
  });
  const devicePublic = device.raw;
  const plaintext = padPin(input.pin);
  const ephemeral =
    determinism === undefined
      ? generateKeyPairSync('x25519').privateKey
      : x25519PrivateKeyObject(rawKey(determinism.ephemeralPrivateKey, 'ephemeralPrivateKey'));
  const ephemeralPublic = rawPublicKey(createPublicKey(ephemeral));
  const key = deriveKey(ephemeral, device.key, pinHkdfSalt(ephemeralPublic, devicePublic));
  const iv = determinism === undefined ? randomBytes(PIN_IV_BYTES) : base64UrlDecode(determinism.iv);
  if (iv?.length !== PIN_IV_BYTES) {
    throw new ProtocolError({
      code: ProtocolErrorCode.InvalidKey,
      field: 'iv',
      detail: 'iv must be 12 bytes',
    });
  }
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: PIN_TAG_BYTES });
  cipher.setAAD(pinAssociatedData(input.commandId));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return {
    alg: PIN_ENVELOPE_ALG,
    epk: base64UrlEncode(ephemeralPublic),
    iv: base64UrlEncode(iv),
    ct: base64UrlEncode(ct),
  };
}

const decryptFailed = (detail: string): { ok: false; error: { code: 'decrypt_failed'; detail: string } } => ({
  ok: false,
  error: { code: ProtocolErrorCode.DecryptFailed, detail },
});

/**
 * Opens a PIN envelope with the lock's private key. Never throws: a bad envelope, a wrong key, a
 * tampered ciphertext or another command's id all give `decrypt_failed` (ack reason `decrypt_failed`).
 */
export function decryptPin(input: TDecryptPinInput): TResult<string, 'pin'> {
  try {
    const envelope = ZPinEnvelopeSchema.safeParse(input.envelope);
    if (!envelope.success) return decryptFailed('malformed envelope');
    const device = devicePrivateKeys.get(input.devicePrivateKey, () => {
      const key = x25519PrivateKeyObject(rawKey(input.devicePrivateKey, 'devicePrivateKey'));
      return { key, publicRaw: rawPublicKey(createPublicKey(key)) };
    });
    const devicePrivate = device.key;
    const devicePublic = device.publicRaw;
    const ephemeralPublic = base64UrlDecode(envelope.data.epk);
    const iv = base64UrlDecode(envelope.data.iv);
    const ct = base64UrlDecode(envelope.data.ct);
    if (
      ephemeralPublic === undefined ||
      iv === undefined ||
      ct?.length !== PIN_PLAINTEXT_BYTES + PIN_TAG_BYTES
    ) {
      return decryptFailed('malformed envelope');
    }
    const key = deriveKey(
      devicePrivate,
      x25519PublicKeyObject(ephemeralPublic),
      pinHkdfSalt(ephemeralPublic, devicePublic),
    );
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: PIN_TAG_BYTES });
    decipher.setAAD(pinAssociatedData(input.commandId));
    decipher.setAuthTag(ct.subarray(PIN_PLAINTEXT_BYTES));
    const plaintext = Buffer.concat([decipher.update(ct.subarray(0, PIN_PLAINTEXT_BYTES)), decipher.final()]);
    const pin = unpadPin(new Uint8Array(plaintext));
    return pin === undefined ? decryptFailed('plaintext is not a padded PIN') : { ok: true, pin };
  } catch {
    return decryptFailed('envelope did not open with this key and command id');
  }
}
