import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { MessageType, type TPinEnvelope } from '@lockstep/lock-protocol';
import { describe, expect, it } from 'vitest';
import { digitsOfButtons } from '../capabilities/code-slots.js';
import { bootLock } from '../test/lock-factory.js';
import { nodeLockCrypto } from './lock-crypto.js';

/** lock-protocol's shared test vectors (PROTOCOL.md: firmware SHOULD run all of them). */
async function vectors<T>(name: string): Promise<T> {
  const path = createRequire(import.meta.url).resolve(`@lockstep/lock-protocol/vectors/${name}`);
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

interface TPinVectors {
  device: { privateKey: string; publicKey: string };
  cases: { commandId: string; pin: string; envelope: TPinEnvelope }[];
  mustFail: { name: string; commandId: string; envelope: TPinEnvelope }[];
}

interface TFingerprintVectors {
  deviceKey: string;
  cases: { deviceId: string; slot: number; code: string; buttons: string; fingerprint: string }[];
}

describe('lock-protocol test vectors, through the firmware', () => {
  it('opens every PIN envelope vector, and refuses every must-fail one', async () => {
    const pins = await vectors<TPinVectors>('pin-encryption.json');
    for (const vector of pins.cases) {
      expect(nodeLockCrypto.decryptPin(vector.envelope, pins.device.privateKey, vector.commandId)).toEqual({
        ok: true,
        pin: vector.pin,
      });
    }
    for (const vector of pins.mustFail) {
      expect(nodeLockCrypto.decryptPin(vector.envelope, pins.device.privateKey, vector.commandId).ok).toBe(
        false,
      );
    }
  });

  it('computes every fingerprint vector, also from the button sequence the lock stores', async () => {
    const fingerprints = await vectors<TFingerprintVectors>('fingerprints.json');
    for (const vector of fingerprints.cases) {
      const fromDigits = nodeLockCrypto.fingerprint(
        fingerprints.deviceKey,
        vector.deviceId,
        vector.slot,
        vector.code,
      );
      const fromButtons = nodeLockCrypto.fingerprint(
        fingerprints.deviceKey,
        vector.deviceId,
        vector.slot,
        digitsOfButtons(vector.buttons),
      );
      expect(fromDigits).toBe(vector.fingerprint);
      expect(fromButtons).toBe(vector.fingerprint);
    }
  });

  it('installs the vector set_code envelope in a lock holding the vector key', async () => {
    const pins = await vectors<TPinVectors>('pin-encryption.json');
    const vector = pins.cases[0];
    if (vector === undefined) throw new Error('no PIN vector');
    const unit = await bootLock({
      deviceId: 'lock-0001',
      commissioningKeys: () => ({ ...pins.device, fingerprintKey: pins.device.publicKey }),
    });
    const ack = await unit.lock.handleCommand({
      v: 1,
      type: MessageType.SetCode,
      id: 'vector-message-0000001',
      ts: unit.clock.now(),
      commandId: vector.commandId,
      desiredVersion: 1,
      slot: 1,
      pin: vector.envelope,
      notAfter: unit.clock.now() + 60_000,
    });
    expect(ack.result).toBe('applied');
    expect(unit.lock.slots.codeDigits(1)).toBe(digitsOfButtons('123455'));
  });
});
