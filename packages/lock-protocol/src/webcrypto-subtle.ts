import { ProtocolError, ProtocolErrorCode } from './protocol-error.js';

/**
 * The slice of WebCrypto's SubtleCrypto the protocol uses, typed here so the portable entry needs
 * neither DOM nor Node type libraries. Available in Node ≥ 20 (X25519 included), Deno, Bun and current
 * browsers.
 */
type TBytes = Uint8Array | ArrayBuffer;
export interface TCryptoKeyLike {
  readonly type: string;
}
export interface TSubtleLike {
  importKey(
    format: 'raw' | 'spki' | 'pkcs8',
    keyData: TBytes,
    algorithm: string | { name: string; hash?: string },
    extractable: boolean,
    usages: string[],
  ): Promise<TCryptoKeyLike>;
  exportKey(format: 'raw' | 'spki' | 'pkcs8', key: TCryptoKeyLike): Promise<ArrayBuffer>;
  exportKey(format: 'jwk', key: TCryptoKeyLike): Promise<{ x?: string }>;
  generateKey(
    algorithm: { name: 'X25519' },
    extractable: boolean,
    usages: string[],
  ): Promise<{ publicKey: TCryptoKeyLike; privateKey: TCryptoKeyLike }>;
  deriveBits(
    algorithm:
      { name: 'X25519'; public: TCryptoKeyLike } | { name: 'HKDF'; hash: string; salt: TBytes; info: TBytes },
    baseKey: TCryptoKeyLike,
    length: number,
  ): Promise<ArrayBuffer>;
  encrypt(
    algorithm: { name: 'AES-GCM'; iv: TBytes; additionalData: TBytes; tagLength: number },
    key: TCryptoKeyLike,
    data: TBytes,
  ): Promise<ArrayBuffer>;
  decrypt(
    algorithm: { name: 'AES-GCM'; iv: TBytes; additionalData: TBytes; tagLength: number },
    key: TCryptoKeyLike,
    data: TBytes,
  ): Promise<ArrayBuffer>;
  sign(algorithm: 'HMAC' | { name: 'HMAC' }, key: TCryptoKeyLike, data: TBytes): Promise<ArrayBuffer>;
}

/** `globalThis.crypto.subtle`, or a ProtocolError when the platform has none. */
export function subtleCrypto(): TSubtleLike {
  const subtle = (globalThis as { crypto?: { subtle?: TSubtleLike } }).crypto?.subtle;
  if (subtle === undefined) {
    throw new ProtocolError({
      code: ProtocolErrorCode.NoRandomSource,
      detail: 'globalThis.crypto.subtle is not available on this platform',
    });
  }
  return subtle;
}
