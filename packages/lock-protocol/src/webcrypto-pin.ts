import { base64UrlDecode, base64UrlEncode } from './base64url.js';
import {
  PIN_ENVELOPE_ALG,
  PIN_HKDF_INFO,
  PIN_IV_BYTES,
  PIN_PLAINTEXT_BYTES,
  PIN_TAG_BYTES,
  X25519_KEY_BYTES,
  X25519_PKCS8_PREFIX,
  ZPinEnvelopeSchema,
  padPin,
  pinAssociatedData,
  pinHkdfSalt,
  unpadPin,
  withPrefix,
  type TDecryptPinInput,
  type TDeviceKeyPair,
  type TEncryptPinDeterminism,
  type TEncryptPinInput,
  type TPinEnvelope,
} from './pin-envelope.js';
import { ProtocolError, ProtocolErrorCode, type TResult } from './protocol-error.js';
import { defaultRandomSource } from './random-source.js';
import { subtleCrypto, type TCryptoKeyLike, type TSubtleLike } from './webcrypto-subtle.js';

/**
 * PIN encryption over WebCrypto, for the portable entry (edge firmware on non-Node runtimes, browsers).
 * Same construction and bytes as `@lockstep/lock-protocol/node`'s `encryptPin` / `decryptPin`; the test
 * vectors check both.
 */

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

async function importPrivate(subtle: TSubtleLike, raw: Uint8Array): Promise<TCryptoKeyLike> {
  // WebCrypto cannot import a raw X25519 private key; PKCS #8 is the portable wrapper.
  return subtle.importKey('pkcs8', withPrefix(X25519_PKCS8_PREFIX, raw), { name: 'X25519' }, true, [
    'deriveBits',
  ]);
}

async function importPublic(subtle: TSubtleLike, raw: Uint8Array): Promise<TCryptoKeyLike> {
  return subtle.importKey('raw', raw, { name: 'X25519' }, true, []);
}

/** Public half of a raw private key: WebCrypto only reveals it through the JWK export's `x`. */
async function publicOfPrivate(subtle: TSubtleLike, raw: Uint8Array): Promise<Uint8Array> {
  const jwk = await subtle.exportKey('jwk', await importPrivate(subtle, raw));
  const x = jwk.x === undefined ? undefined : base64UrlDecode(jwk.x);
  if (x?.length !== X25519_KEY_BYTES) {
    throw new ProtocolError({
      code: ProtocolErrorCode.InvalidKey,
      detail: 'could not derive the X25519 public key',
    });
  }
  return x;
}

async function deriveAesKey(
  subtle: TSubtleLike,
  privateKey: TCryptoKeyLike,
  peerPublic: Uint8Array,
  salt: Uint8Array,
  usage: 'encrypt' | 'decrypt',
): Promise<TCryptoKeyLike> {
  const shared = new Uint8Array(
    await subtle.deriveBits(
      { name: 'X25519', public: await importPublic(subtle, peerPublic) },
      privateKey,
      256,
    ),
  );
  if (shared.every((byte) => byte === 0)) {
    throw new ProtocolError({
      code: ProtocolErrorCode.InvalidKey,
      detail: 'X25519 produced an all-zero shared secret',
    });
  }
  const ikm = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveBits']);
  const keyBytes = await subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt, info: new TextEncoder().encode(PIN_HKDF_INFO) },
    ikm,
    256,
  );
  return subtle.importKey('raw', keyBytes, { name: 'AES-GCM' }, false, [usage]);
}

/** A fresh static X25519 key pair for a lock, via WebCrypto. */
export async function generateDeviceKeyPairAsync(): Promise<TDeviceKeyPair> {
  const subtle = subtleCrypto();
  const pair = await subtle.generateKey({ name: 'X25519' }, true, ['deriveBits']);
  const publicKey = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey));
  return {
    publicKey: base64UrlEncode(publicKey),
    privateKey: base64UrlEncode(pkcs8.subarray(pkcs8.length - X25519_KEY_BYTES)),
  };
}

/** As `encryptPin` from `./node`, over WebCrypto. */
export async function encryptPinAsync(
  input: TEncryptPinInput,
  determinism?: TEncryptPinDeterminism,
): Promise<TPinEnvelope> {
  const subtle = subtleCrypto();
  const devicePublic = rawKey(input.devicePublicKey, 'devicePublicKey');
  const plaintext = padPin(input.pin);
  let ephemeralPrivate: TCryptoKeyLike;
  let ephemeralPublic: Uint8Array;
  if (determinism === undefined) {
    const pair = await subtle.generateKey({ name: 'X25519' }, true, ['deriveBits']);
    ephemeralPrivate = pair.privateKey;
    ephemeralPublic = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  } else {
    const raw = rawKey(determinism.ephemeralPrivateKey, 'ephemeralPrivateKey');
    ephemeralPrivate = await importPrivate(subtle, raw);
    ephemeralPublic = await publicOfPrivate(subtle, raw);
  }
  const iv =
    determinism === undefined
      ? defaultRandomSource()(new Uint8Array(PIN_IV_BYTES))
      : base64UrlDecode(determinism.iv);
  if (iv?.length !== PIN_IV_BYTES) {
    throw new ProtocolError({
      code: ProtocolErrorCode.InvalidKey,
      field: 'iv',
      detail: 'iv must be 12 bytes',
    });
  }
  const key = await deriveAesKey(
    subtle,
    ephemeralPrivate,
    devicePublic,
    pinHkdfSalt(ephemeralPublic, devicePublic),
    'encrypt',
  );
  const ct = new Uint8Array(
    await subtle.encrypt(
      {
        name: 'AES-GCM',
        iv,
        additionalData: pinAssociatedData(input.commandId),
        tagLength: PIN_TAG_BYTES * 8,
      },
      key,
      plaintext,
    ),
  );
  return {
    alg: PIN_ENVELOPE_ALG,
    epk: base64UrlEncode(ephemeralPublic),
    iv: base64UrlEncode(iv),
    ct: base64UrlEncode(ct),
  };
}

/** As `decryptPin` from `./node`, over WebCrypto. Never rejects: failures are `decrypt_failed`. */
export async function decryptPinAsync(input: TDecryptPinInput): Promise<TResult<string, 'pin'>> {
  const failed = (detail: string) => ({
    ok: false as const,
    error: { code: ProtocolErrorCode.DecryptFailed, detail },
  });
  try {
    const subtle = subtleCrypto();
    const envelope = ZPinEnvelopeSchema.safeParse(input.envelope);
    if (!envelope.success) return failed('malformed envelope');
    const devicePrivateRaw = rawKey(input.devicePrivateKey, 'devicePrivateKey');
    const devicePublic = await publicOfPrivate(subtle, devicePrivateRaw);
    const ephemeralPublic = base64UrlDecode(envelope.data.epk);
    const iv = base64UrlDecode(envelope.data.iv);
    const ct = base64UrlDecode(envelope.data.ct);
    if (
      ephemeralPublic === undefined ||
      iv === undefined ||
      ct?.length !== PIN_PLAINTEXT_BYTES + PIN_TAG_BYTES
    ) {
      return failed('malformed envelope');
    }
    const key = await deriveAesKey(
      subtle,
      await importPrivate(subtle, devicePrivateRaw),
      ephemeralPublic,
      pinHkdfSalt(ephemeralPublic, devicePublic),
      'decrypt',
    );
    const plaintext = new Uint8Array(
      await subtle.decrypt(
        {
          name: 'AES-GCM',
          iv,
          additionalData: pinAssociatedData(input.commandId),
          tagLength: PIN_TAG_BYTES * 8,
        },
        key,
        ct,
      ),
    );
    const pin = unpadPin(plaintext);
    return pin === undefined ? failed('plaintext is not a padded PIN') : { ok: true, pin };
  } catch {
    return failed('envelope did not open with this key and command id');
  }
}
