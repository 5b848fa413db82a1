import { ProtocolError, ProtocolErrorCode } from './protocol-error.js';

/**
 * A cryptographically secure random source with the shape of `crypto.getRandomValues`: fills `target`
 * and returns it. Injected so tests can be deterministic and firmware can plug in its hardware RNG.
 */
export type TRandomSource = (target: Uint8Array) => Uint8Array;

interface TGetRandomValues {
  getRandomValues(target: Uint8Array): Uint8Array;
}

/**
 * `globalThis.crypto.getRandomValues` (Node ≥ 19, browsers, Deno, Bun, workers). Resolved lazily and
 * without a `node:` import so the main entry stays portable.
 */
export function defaultRandomSource(): TRandomSource {
  const webCrypto = (globalThis as { crypto?: Partial<TGetRandomValues> }).crypto;
  if (webCrypto?.getRandomValues === undefined) {
    throw new ProtocolError({
      code: ProtocolErrorCode.NoRandomSource,
      detail: 'globalThis.crypto.getRandomValues is not available; pass a secure random source',
    });
  }
  return (target) => webCrypto.getRandomValues!(target);
}

/**
 * Uniform integer in [0, bound) by rejection sampling, so no value is favoured (a plain `x % bound` biases
 * low values whenever the source's range is not a multiple of bound). Draws one byte for bounds ≤ 256,
 * four bytes otherwise.
 */
export function randomBelow(bound: number, random: TRandomSource): number {
  if (!Number.isInteger(bound) || bound < 1 || bound > 2 ** 32) {
    throw new RangeError(`bound must be an integer in 1..2^32, got ${bound}`);
  }
  const width = bound <= 256 ? 1 : 4;
  const range = 2 ** (8 * width);
  const limit = range - (range % bound);
  const bytes = new Uint8Array(width);
  // A fixed attempt budget turns a broken source (always 0xff) into an error, not a hang.
  for (let attempt = 0; attempt < 1024; attempt++) {
    random(bytes);
    let value = 0;
    for (const byte of bytes) value = value * 256 + byte;
    if (value < limit) return value % bound;
  }
  throw new ProtocolError({
    code: ProtocolErrorCode.NoRandomSource,
    detail: 'random source returned only out-of-range values for 1024 draws',
  });
}

/** Random RFC 4122 version 4 UUID from the given source: usable as a message or command id. */
export function randomUuid(random: TRandomSource = defaultRandomSource()): string {
  const bytes = random(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
