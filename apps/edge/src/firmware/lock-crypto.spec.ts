import { encryptPin, x25519PublicKeyOf } from '@lockstep/lock-protocol/node';
import { describe, expect, it } from 'vitest';
import { generateLockKeys, nodeLockCrypto, seededLockKeys } from './lock-crypto.js';

describe('lock keys', () => {
  it('seeded keys are reproducible, differ per device, and form a valid X25519 pair', () => {
    const a = seededLockKeys('seed', 'lock-a');
    expect(seededLockKeys('seed', 'lock-a')).toEqual(a);
    expect(seededLockKeys('seed', 'lock-b').publicKey).not.toBe(a.publicKey);
    expect(a.publicKey).toBe(x25519PublicKeyOf(a.privateKey));
  });

  it('a PIN encrypted to the public key opens with the private key and the same command id only', () => {
    for (const keys of [generateLockKeys(), seededLockKeys('seed', 'lock-a')]) {
      const commandId = 'c0ffee00-0000-4000-8000-000000000001';
      const envelope = encryptPin({ devicePublicKey: keys.publicKey, pin: '135790', commandId });
      expect(nodeLockCrypto.decryptPin(envelope, keys.privateKey, commandId)).toEqual({
        ok: true,
        pin: '135790',
      });
      expect(nodeLockCrypto.decryptPin(envelope, keys.privateKey, 'another-command-0001').ok).toBe(false);
    }
  });
});
