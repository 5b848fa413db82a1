import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccessCodeError } from './access-code-error.js';
import { codeSealerFromConfig, createCodeSealer, mask, parseKeyRing } from './code-sealer.js';

const K1 = Buffer.alloc(32, 1);
const K2 = Buffer.alloc(32, 2);
const sealer = createCodeSealer({ keys: { k1: K1, k2: K2 }, activeKeyId: 'k2' });

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof AccessCodeError ? error.code : 'not an AccessCodeError';
  }
  return 'no error';
};

describe('createCodeSealer', () => {
  it('seals as nonce ‖ ciphertext ‖ tag under the active key, with a fresh nonce each time', () => {
    const first = sealer.seal('139071');
    const second = sealer.seal('139071');
    expect(first.keyId).toBe('k2');
    expect(first.sealed.length).toBe(12 + 6 + 16);
    expect(first.sealed.subarray(0, 12).equals(second.sealed.subarray(0, 12))).toBe(false);
    expect(first.sealed.equals(second.sealed)).toBe(false);
    expect(first.sealed.toString('latin1')).not.toContain('139071');
    expect(sealer.open(first.sealed, 'k2')).toBe('139071');
  });

  it('round-trips every code (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,16}$/), (code) => {
        const { sealed, keyId } = sealer.seal(code);
        expect(sealer.open(sealed, keyId)).toBe(code);
        expect(sealer.open(sealer.reseal(sealed, keyId).sealed, 'k2')).toBe(code);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses tampered bytes, a different key id, unknown ids and truncated values', () => {
    const { sealed } = sealer.seal('139071');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: sealed.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (index, flip) => {
          const tampered = Buffer.from(sealed);
          tampered[index] = (tampered[index] ?? 0) ^ flip;
          expect(codeOf(() => sealer.open(tampered, 'k2'))).toBe('open_failed');
        },
      ),
      { numRuns: 100 },
    );
    // Same key bytes under two ids: the id is bound as associated data, so relabelling fails.
    const twins = createCodeSealer({ keys: { a: K1, b: K1 }, activeKeyId: 'a' });
    const underA = twins.seal('139071');
    expect(codeOf(() => twins.open(underA.sealed, 'b'))).toBe('open_failed');
    expect(codeOf(() => sealer.open(sealed, 'k1'))).toBe('open_failed');
    expect(codeOf(() => sealer.open(sealed, 'k9'))).toBe('unknown_key_id');
    expect(codeOf(() => sealer.open(sealed.subarray(0, 20), 'k2'))).toBe('open_failed');
  });

  it('reseals old rows under the active key and leaves current ones byte for byte', () => {
    const old = createCodeSealer({ keys: { k1: K1 }, activeKeyId: 'k1' }).seal('913579');
    expect(sealer.needsReseal(old.keyId)).toBe(true);
    const rotated = sealer.reseal(old.sealed, old.keyId);
    expect(rotated.keyId).toBe('k2');
    expect(sealer.open(rotated.sealed, 'k2')).toBe('913579');
    expect(sealer.needsReseal(rotated.keyId)).toBe(false);
    const again = sealer.reseal(rotated.sealed, rotated.keyId);
    expect(again.sealed.equals(rotated.sealed)).toBe(true);
    // A damaged row is reported, not silently carried over.
    const damaged = Buffer.from(rotated.sealed);
    damaged[0] = (damaged[0] ?? 0) ^ 1;
    expect(codeOf(() => sealer.reseal(damaged, 'k2'))).toBe('open_failed');
  });

  it('seals only digit codes, and keeps its own copy of the keys', () => {
    expect(codeOf(() => sealer.seal('12ab'))).toBe('invalid_code');
    expect(codeOf(() => sealer.seal(''))).toBe('invalid_code');
    const key = Buffer.from(K1);
    const own = createCodeSealer({ keys: { k: key }, activeKeyId: 'k' });
    const { sealed } = own.seal('5551230');
    key.fill(0);
    expect(own.open(sealed, 'k')).toBe('5551230');
  });

  it('refuses bad rings', () => {
    expect(codeOf(() => createCodeSealer({ keys: { k1: K1 }, activeKeyId: 'k2' }))).toBe('invalid_key_ring');
    expect(codeOf(() => createCodeSealer({ keys: { k1: Buffer.alloc(16) }, activeKeyId: 'k1' }))).toBe(
      'invalid_key_ring',
    );
    expect(codeOf(() => createCodeSealer({ keys: { 'k:1': K1 }, activeKeyId: 'k:1' }))).toBe(
      'invalid_key_ring',
    );
  });

  it('exposes no key material through JSON or inspection', () => {
    const text = JSON.stringify(sealer) + String(Object.keys(sealer));
    expect(text).not.toContain(K1.toString('base64'));
    expect(Object.keys(sealer).sort()).toEqual([
      'activeKeyId',
      'needsReseal',
      'open',
      'openDeviceKey',
      'reseal',
      'resealDeviceKey',
      'seal',
      'sealDeviceKey',
    ]);
  });
});

describe('parseKeyRing', () => {
  const b64 = (key: Buffer) => key.toString('base64');

  it('parses k1:<base64>,k2:<base64url> with spaces around entries', () => {
    const k3 = randomBytes(32);
    const keys = parseKeyRing(` k1:${b64(K1)} , k3:${k3.toString('base64url')}`);
    expect(Object.keys(keys)).toEqual(['k1', 'k3']);
    expect(keys.k1?.equals(K1)).toBe(true);
    expect(keys.k3?.equals(k3)).toBe(true);
    const fromConfig = codeSealerFromConfig({ keyRing: `k1:${b64(K1)},k2:${b64(K2)}`, activeKeyId: 'k2' });
    expect(fromConfig.open(sealer.seal('139071').sealed, 'k2')).toBe('139071');
  });

  it('refuses malformed rings without echoing key material', () => {
    const secret = b64(Buffer.alloc(16, 9));
    for (const config of [
      '',
      ' , ',
      `k1${b64(K1)}`,
      `:${b64(K1)}`,
      `k1:${secret}`,
      `k1:${b64(K1)},k1:${b64(K2)}`,
      `k 1:${b64(K1)}`,
    ]) {
      let message = '';
      try {
        parseKeyRing(config);
      } catch (error) {
        expect(error).toBeInstanceOf(AccessCodeError);
        expect((error as AccessCodeError).code).toBe('invalid_key_ring');
        message = (error as Error).message;
      }
      expect(message).not.toBe('');
      expect(message).not.toContain(secret);
      expect(message).not.toContain(b64(K1));
    }
  });
});

describe('mask', () => {
  it('shows the last two digits and hides at least four', () => {
    expect(mask('913542')).toBe('••••42');
    expect(mask('91354278')).toBe('••••78');
    expect(mask('91354')).toBe('••••4');
    expect(mask('9135')).toBe('••••');
    expect(mask('913542', 0)).toBe('••••');
    expect(mask('913542', 3)).toBe('••••42');
  });
});

describe('device fingerprint keys', () => {
  const keys = { k1: randomBytes(32), k2: randomBytes(32) };
  it('seal and open under their own domain: a sealed key never opens as a code, nor a code as a key', () => {
    const sealer = createCodeSealer({ keys, activeKeyId: 'k1' });
    const deviceKey = randomBytes(32);
    const sealed = sealer.sealDeviceKey(deviceKey);
    expect(sealer.openDeviceKey(sealed.sealed, sealed.keyId).equals(deviceKey)).toBe(true);
    expect(() => sealer.open(sealed.sealed, sealed.keyId)).toThrow(AccessCodeError);
    const code = sealer.seal('913542');
    expect(() => sealer.openDeviceKey(code.sealed, code.keyId)).toThrow(AccessCodeError);
    expect(() => sealer.sealDeviceKey(randomBytes(16))).toThrow(AccessCodeError);
  });
  it('reseal onto the active key, unchanged when already there', () => {
    const old = createCodeSealer({ keys, activeKeyId: 'k1' }).sealDeviceKey(randomBytes(32));
    const rotated = createCodeSealer({ keys, activeKeyId: 'k2' });
    const moved = rotated.resealDeviceKey(old.sealed, old.keyId);
    expect(moved.keyId).toBe('k2');
    expect(rotated.openDeviceKey(moved.sealed, 'k2').equals(rotated.openDeviceKey(old.sealed, 'k1'))).toBe(
      true,
    );
    expect(rotated.resealDeviceKey(moved.sealed, 'k2').sealed.equals(moved.sealed)).toBe(true);
  });
});
