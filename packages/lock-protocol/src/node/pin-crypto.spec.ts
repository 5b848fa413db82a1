import { describe, expect, it } from 'vitest';
import { decryptPin, encryptPin, generateDeviceKeyPair, x25519PublicKeyOf } from './pin-crypto.js';
import { generateFingerprintKey, slotFingerprint } from './fingerprint-node.js';
import { decryptPinAsync, encryptPinAsync, generateDeviceKeyPairAsync } from '../webcrypto-pin.js';
import { slotFingerprintAsync } from '../fingerprint.js';
import { ZPinEnvelopeSchema } from '../pin-envelope.js';

const commandId = 'c0ffee00-0000-4000-8000-0000000000aa';

describe('PIN encryption', () => {
  it('round-trips through node:crypto and WebCrypto in every combination', async () => {
    const nodeKeys = generateDeviceKeyPair();
    const webKeys = await generateDeviceKeyPairAsync();
    for (const keys of [nodeKeys, webKeys]) {
      expect(x25519PublicKeyOf(keys.privateKey)).toBe(keys.publicKey);
      const fromNode = encryptPin({ devicePublicKey: keys.publicKey, pin: '135790', commandId });
      const fromWeb = await encryptPinAsync({ devicePublicKey: keys.publicKey, pin: '135790', commandId });
      for (const envelope of [fromNode, fromWeb]) {
        expect(ZPinEnvelopeSchema.parse(envelope)).toEqual(envelope);
        expect(decryptPin({ devicePrivateKey: keys.privateKey, envelope, commandId })).toEqual({
          ok: true,
          pin: '135790',
        });
        expect(await decryptPinAsync({ devicePrivateKey: keys.privateKey, envelope, commandId })).toEqual({
          ok: true,
          pin: '135790',
        });
      }
    }
  });

  it('uses a fresh ephemeral key and nonce every time', () => {
    const { publicKey } = generateDeviceKeyPair();
    const a = encryptPin({ devicePublicKey: publicKey, pin: '2580', commandId });
    const b = encryptPin({ devicePublicKey: publicKey, pin: '2580', commandId });
    expect(a.epk).not.toBe(b.epk);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
  });

  it('hides the PIN length: every envelope has the same size', () => {
    const { publicKey } = generateDeviceKeyPair();
    const sizes = ['1234', '12345678', '1234567890123456'].map(
      (pin) => JSON.stringify(encryptPin({ devicePublicKey: publicKey, pin, commandId })).length,
    );
    expect(new Set(sizes).size).toBe(1);
  });

  it('fails closed: another command id, another key, tampering', async () => {
    const keys = generateDeviceKeyPair();
    const other = generateDeviceKeyPair();
    const envelope = encryptPin({ devicePublicKey: keys.publicKey, pin: '2580', commandId });
    const cases = [
      { devicePrivateKey: keys.privateKey, envelope, commandId: 'c0ffee00-0000-4000-8000-0000000000ab' },
      { devicePrivateKey: other.privateKey, envelope, commandId },
      {
        devicePrivateKey: keys.privateKey,
        envelope: { ...envelope, ct: `${envelope.ct[0] === 'B' ? 'C' : 'B'}${envelope.ct.slice(1)}` },
        commandId,
      },
      { devicePrivateKey: keys.privateKey, envelope: { ...envelope, alg: 'none' as never }, commandId },
      { devicePrivateKey: 'not-a-key', envelope, commandId },
    ];
    for (const input of cases) {
      expect(decryptPin(input)).toMatchObject({ ok: false, error: { code: 'decrypt_failed' } });
      expect(await decryptPinAsync(input)).toMatchObject({ ok: false, error: { code: 'decrypt_failed' } });
    }
  });

  it('gives the same results with a key it has used before (its key objects are kept) as the first time', () => {
    const keys = generateDeviceKeyPair();
    const other = generateDeviceKeyPair();
    const first = encryptPin({ devicePublicKey: keys.publicKey, pin: '864200', commandId });
    const again = encryptPin({ devicePublicKey: keys.publicKey, pin: '975311', commandId });
    for (let round = 0; round < 2; round++) {
      expect(decryptPin({ devicePrivateKey: keys.privateKey, envelope: first, commandId })).toEqual({
        ok: true,
        pin: '864200',
      });
      expect(decryptPin({ devicePrivateKey: keys.privateKey, envelope: again, commandId })).toEqual({
        ok: true,
        pin: '975311',
      });
      expect(decryptPin({ devicePrivateKey: other.privateKey, envelope: first, commandId })).toMatchObject({
        ok: false,
      });
      const zeroPoint = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      expect(() => encryptPin({ devicePublicKey: zeroPoint, pin: '2580', commandId })).toThrow();
    }
  });

  it('refuses a low-order public key instead of encrypting under an all-zero secret', () => {
    const zeroPoint = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expect(() => encryptPin({ devicePublicKey: zeroPoint, pin: '2580', commandId })).toThrow();
  });

  it('refuses bad keys and PINs', () => {
    expect(() => encryptPin({ devicePublicKey: 'short', pin: '2580', commandId })).toThrow(
      expect.objectContaining({ code: 'invalid_key' }),
    );
    const { publicKey } = generateDeviceKeyPair();
    expect(() => encryptPin({ devicePublicKey: publicKey, pin: '12a4', commandId })).toThrow(RangeError);
    expect(() => encryptPin({ devicePublicKey: publicKey, pin: '12345678901234567', commandId })).toThrow(
      RangeError,
    );
  });
});

describe('slot fingerprints', () => {
  const deviceKey = generateFingerprintKey();

  it('agree between node:crypto and WebCrypto', async () => {
    const input = { deviceKey, deviceId: 'lock-1', slot: 2, code: '135790' };
    expect(await slotFingerprintAsync(input)).toBe(slotFingerprint(input));
    expect(slotFingerprint(input)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('are the same for codes the lock cannot tell apart, and differ per slot, device and key', () => {
    const base = { deviceKey, deviceId: 'lock-1', slot: 1, code: '1357' };
    const fp = slotFingerprint(base);
    expect(slotFingerprint({ ...base, code: '2468' })).toBe(fp);
    expect(slotFingerprint({ ...base, code: '1359' })).not.toBe(fp);
    expect(slotFingerprint({ ...base, slot: 2 })).not.toBe(fp);
    expect(slotFingerprint({ ...base, deviceId: 'lock-2' })).not.toBe(fp);
    expect(slotFingerprint({ ...base, deviceKey: generateFingerprintKey() })).not.toBe(fp);
  });

  it('refuses a bad key, device id, slot or code', () => {
    const base = { deviceKey, deviceId: 'lock-1', slot: 1, code: '1357' };
    expect(() => slotFingerprint({ ...base, deviceKey: 'AAAA' })).toThrow(
      expect.objectContaining({ code: 'invalid_key' }),
    );
    expect(() => slotFingerprint({ ...base, deviceId: 'a/b' })).toThrow(
      expect.objectContaining({ code: 'invalid_device_id' }),
    );
    expect(() => slotFingerprint({ ...base, slot: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid_field' }),
    );
    expect(() => slotFingerprint({ ...base, code: '12a4' })).toThrow(
      expect.objectContaining({ code: 'invalid_code' }),
    );
  });
});
