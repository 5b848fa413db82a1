import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AccessCodeError, AccessCodeErrorCode } from './access-code-error.js';

/**
 * Codes at rest (DESIGN §3): AES-256-GCM with a key from configuration. The stored value is
 * `nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)` next to the id of the key that sealed it, so keys
 * can rotate: add a key to the ring, make it active, and `reseal` every row. The key id is bound as
 * associated data, so a sealed value relabelled with another key id does not open.
 *
 * Nothing here logs, and no error message carries a code or key material.
 */

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const ALGORITHM = 'aes-256-gcm';
/** Domain separation: these bytes are only ever access codes of this format version. */
const AAD_PREFIX = 'lockstep/v1 access-code\n';
/** ...and these only ever device fingerprint keys. */
const DEVICE_KEY_AAD_PREFIX = 'lockstep/v1 device-key\n';

/** Key ids appear in configuration and next to every sealed row: short, no `:` or `,`. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const CODE_PATTERN = /^[0-9]{1,16}$/;

/** A sealed code as stored: the bytes and the id of the key that sealed them. */
export interface TSealedCode {
  sealed: Buffer;
  keyId: string;
}

export interface TCodeSealer {
  /** Id of the key new seals use. */
  readonly activeKeyId: string;
  /** Seals a code (digits only) with the active key and a fresh random nonce. */
  seal(code: string): TSealedCode;
  /** Opens a sealed code. Throws AccessCodeError `unknown_key_id` or `open_failed`. */
  open(sealed: Uint8Array, keyId: string): string;
  /**
   * The same code sealed with the active key, for key rotation. A value already under the active key
   * comes back unchanged (same bytes), so a re-encryption run can be repeated without rewriting rows.
   */
  reseal(sealed: Uint8Array, keyId: string): TSealedCode;
  /** True when a row sealed with `keyId` should be resealed. */
  needsReseal(keyId: string): boolean;
  /**
   * A device's 32-byte fingerprint key (`devices.fingerprint_key_sealed`), sealed like a code but
   * under its own associated-data domain, so a sealed key can never be opened as a code or vice versa.
   */
  sealDeviceKey(key: Uint8Array): TSealedCode;
  openDeviceKey(sealed: Uint8Array, keyId: string): Buffer;
  resealDeviceKey(sealed: Uint8Array, keyId: string): TSealedCode;
}

function associatedData(keyId: string, domain: string): Buffer {
  return Buffer.from(domain + keyId, 'utf8');
}

/** Builds a sealer over a key ring. Throws AccessCodeError `invalid_key_ring` on a bad ring. */
export function createCodeSealer(options: {
  keys: Readonly<Record<string, Uint8Array>>;
  activeKeyId: string;
}): TCodeSealer {
  const ring = new Map<string, Buffer>();
  for (const [keyId, key] of Object.entries(options.keys)) {
    if (!KEY_ID_PATTERN.test(keyId)) {
      throw new AccessCodeError(
        AccessCodeErrorCode.InvalidKeyRing,
        'key ids are 1-32 characters of A-Z a-z 0-9 _ -',
        'keys',
      );
    }
    if (key.length !== KEY_BYTES) {
      throw new AccessCodeError(
        AccessCodeErrorCode.InvalidKeyRing,
        `key ${keyId} is not ${KEY_BYTES} bytes`,
        'keys',
      );
    }
    // A private copy: the caller may zero or reuse its buffer.
    ring.set(keyId, Buffer.from(key));
  }
  const activeKeyId = options.activeKeyId;
  if (!ring.has(activeKeyId)) {
    throw new AccessCodeError(
      AccessCodeErrorCode.InvalidKeyRing,
      'the active key id is not in the ring',
      'activeKeyId',
    );
  }

  const keyFor = (keyId: string): Buffer => {
    const key = ring.get(keyId);
    if (key === undefined)
      throw new AccessCodeError(AccessCodeErrorCode.UnknownKeyId, 'no key with this id', 'keyId');
    return key;
  };

  const sealBytes = (domain: string, plaintext: Buffer): TSealedCode => {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, keyFor(activeKeyId), nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(activeKeyId, domain));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { sealed: Buffer.concat([nonce, body, cipher.getAuthTag()]), keyId: activeKeyId };
  };

  const openBytes = (domain: string, sealed: Uint8Array, keyId: string): Buffer => {
    const key = keyFor(keyId);
    const bytes = Buffer.from(sealed);
    if (bytes.length < NONCE_BYTES + TAG_BYTES + 1) {
      throw new AccessCodeError(AccessCodeErrorCode.OpenFailed, 'sealed value too short', 'sealed');
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, bytes.subarray(0, NONCE_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(associatedData(keyId, domain));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      // node:crypto's message says nothing useful and must not be relied on; ours is stable.
      throw new AccessCodeError(AccessCodeErrorCode.OpenFailed, 'authentication failed', 'sealed');
    }
  };

  const seal = (code: string): TSealedCode => {
    if (!CODE_PATTERN.test(code)) {
      throw new AccessCodeError(
        AccessCodeErrorCode.InvalidCode,
        'only codes of 1-16 digits are sealed',
        'code',
      );
    }
    return sealBytes(AAD_PREFIX, Buffer.from(code, 'utf8'));
  };

  const open = (sealed: Uint8Array, keyId: string): string => {
    const code = openBytes(AAD_PREFIX, sealed, keyId).toString('utf8');
    if (!CODE_PATTERN.test(code)) {
      throw new AccessCodeError(AccessCodeErrorCode.OpenFailed, 'authentication failed', 'sealed');
    }
    return code;
  };

  const sealDeviceKey = (key: Uint8Array): TSealedCode => {
    if (key.length !== KEY_BYTES) {
      throw new AccessCodeError(
        AccessCodeErrorCode.InvalidKeyRing,
        `a device key is ${KEY_BYTES} bytes`,
        'key',
      );
    }
    return sealBytes(DEVICE_KEY_AAD_PREFIX, Buffer.from(key));
  };

  const openDeviceKey = (sealed: Uint8Array, keyId: string): Buffer => {
    const key = openBytes(DEVICE_KEY_AAD_PREFIX, sealed, keyId);
    if (key.length !== KEY_BYTES) {
      throw new AccessCodeError(AccessCodeErrorCode.OpenFailed, 'authentication failed', 'sealed');
    }
    return key;
  };

  return {
    activeKeyId,
    seal,
    open,
    reseal: (sealed, keyId) => {
      // Opened either way, so a rotation run also proves every row still authenticates.
      const code = open(sealed, keyId);
      return keyId === activeKeyId ? { sealed: Buffer.from(sealed), keyId } : seal(code);
    },
    needsReseal: (keyId) => keyId !== activeKeyId,
    sealDeviceKey,
    openDeviceKey,
    resealDeviceKey: (sealed, keyId) => {
      const key = openDeviceKey(sealed, keyId);
      return keyId === activeKeyId ? { sealed: Buffer.from(sealed), keyId } : sealDeviceKey(key);
    },
  };
}

const BASE64_KEY = /^(?:[A-Za-z0-9+/]{43}=|[A-Za-z0-9_-]{43})$/;

/**
 * Parses a key-ring configuration string `k1:<base64 of 32 bytes>,k2:<…>` (standard base64 with padding
 * or base64url without; spaces around entries are ignored). Throws AccessCodeError `invalid_key_ring`
 * naming the entry by position or id, never echoing key material.
 */
export function parseKeyRing(config: string): Record<string, Buffer> {
  const keys: Record<string, Buffer> = {};
  const entries = config.split(',').map((entry) => entry.trim());
  if (entries.length === 0 || entries.every((entry) => entry === '')) {
    throw new AccessCodeError(AccessCodeErrorCode.InvalidKeyRing, 'the key ring is empty', 'keyRing');
  }
  for (const [index, entry] of entries.entries()) {
    const separator = entry.indexOf(':');
    const keyId = separator < 0 ? '' : entry.slice(0, separator);
    const encoded = separator < 0 ? '' : entry.slice(separator + 1);
    if (!KEY_ID_PATTERN.test(keyId)) {
      throw new AccessCodeError(
        AccessCodeErrorCode.InvalidKeyRing,
        `entry ${index + 1} is not <keyId>:<base64 key> with a key id of A-Z a-z 0-9 _ -`,
        'keyRing',
      );
    }
    if (Object.hasOwn(keys, keyId)) {
      throw new AccessCodeError(
        AccessCodeErrorCode.InvalidKeyRing,
        `key id ${keyId} appears twice`,
        'keyRing',
      );
    }
    if (!BASE64_KEY.test(encoded)) {
      throw new AccessCodeError(
        AccessCodeErrorCode.InvalidKeyRing,
        `key ${keyId} is not ${KEY_BYTES} bytes of base64`,
        'keyRing',
      );
    }
    keys[keyId] = Buffer.from(encoded, encoded.endsWith('=') ? 'base64' : 'base64url');
  }
  return keys;
}

/** A sealer from configuration strings (e.g. `CODE_KEYS` and `CODE_ACTIVE_KEY_ID`). */
export function codeSealerFromConfig(config: { keyRing: string; activeKeyId: string }): TCodeSealer {
  return createCodeSealer({ keys: parseKeyRing(config.keyRing), activeKeyId: config.activeKeyId });
}

/** Digits a mask always leaves hidden: 5^4 = 625 button sequences, the smallest code space of any model. */
const MIN_HIDDEN_DIGITS = 4;

/**
 * A code for display: `••••` and its last two digits (`••••42`), never revealing more than leaves four
 * digits hidden (a 5-digit code shows one, a 4-digit code none), and always four dots so the mask does
 * not tell the length.
 */
export function mask(code: string, visibleDigits = 2): string {
  const shown = Math.max(0, Math.min(visibleDigits, code.length - MIN_HIDDEN_DIGITS));
  return `••••${shown === 0 ? '' : code.slice(-shown)}`;
}
