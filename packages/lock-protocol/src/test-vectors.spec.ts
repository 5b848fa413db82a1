import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode } from './codec.js';
import { slotFingerprintAsync } from './fingerprint.js';
import { buttonSequence, codeSpaceSize, findConflict, validateCode, weakPattern } from './keypad.js';
import { type TChannel } from './topics.js';
import { decryptPin, encryptPin, x25519PublicKeyOf } from './node/pin-crypto.js';
import { slotFingerprint } from './node/fingerprint-node.js';
import { decryptPinAsync, encryptPinAsync } from './webcrypto-pin.js';
import { base64UrlEncode, hexDecode } from './base64url.js';
import { type TPinEnvelope } from './pin-envelope.js';
import { formatJsonFile } from './scripts/json-file-format.js';
import { EXAMPLE_DEVICE_ID, EXAMPLE_MESSAGES } from './examples.js';
import { buildTestVectors } from './scripts/test-vector-builder.js';

const vectorsDir = new URL('../vectors/', import.meta.url);

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, vectorsDir), 'utf8')) as T;
}

function b64(hex: string): string {
  return base64UrlEncode(hexDecode(hex) ?? new Uint8Array());
}

describe('committed test vectors', () => {
  it.each(Object.entries(buildTestVectors()))(
    '%s is current (run `npm run vectors`)',
    async (name, content) => {
      const path = new URL(name, vectorsDir);
      expect(readFileSync(path, 'utf8')).toBe(await formatJsonFile(content, path.pathname));
    },
  );
});

describe('button-sequences.json', () => {
  const vectors = load<{
    cases: { code: string; buttons: string; weakPattern: string | null; seedRule: string | null }[];
    invalid: { code: string; seedRule: string }[];
    codeSpace: { length: number; size: number }[];
  }>('button-sequences.json');
  it.each(vectors.cases)('$code → $buttons', ({ code, buttons, weakPattern: weak, seedRule }) => {
    expect(buttonSequence(code)).toBe(buttons);
    expect(weakPattern(buttons)).toBe(weak);
    const rule = validateCode(code);
    expect(rule.ok ? null : rule.reason).toBe(seedRule);
  });
  it.each(vectors.invalid)('$code is not a code', ({ code, seedRule }) => {
    expect(validateCode(code)).toMatchObject({ ok: false, reason: seedRule });
  });
  it('code space sizes', () => {
    for (const { length, size } of vectors.codeSpace) expect(codeSpaceSize(length)).toBe(size);
  });
});

describe('conflicts.json', () => {
  const vectors = load<{ cases: { a: string; b: string; conflict: string | null }[] }>('conflicts.json');
  it.each(vectors.cases)('$a vs $b → $conflict', ({ a, b, conflict }) => {
    expect(findConflict(a, b)).toBe(conflict);
    expect(findConflict(b, a)).toBe(conflict);
  });
});

describe('fingerprints.json', () => {
  const vectors = load<{
    deviceKey: string;
    deviceKeyHex: string;
    cases: { deviceId: string; slot: number; code: string; fingerprint: string; hmacHex: string }[];
  }>('fingerprints.json');
  it('key encodings agree', () => {
    expect(b64(vectors.deviceKeyHex)).toBe(vectors.deviceKey);
  });
  it.each(vectors.cases)('$deviceId slot $slot code $code', async (entry) => {
    const input = {
      deviceKey: vectors.deviceKey,
      deviceId: entry.deviceId,
      slot: entry.slot,
      code: entry.code,
    };
    expect(slotFingerprint(input)).toBe(entry.fingerprint);
    expect(await slotFingerprintAsync(input)).toBe(entry.fingerprint);
    expect(entry.hmacHex.startsWith(entry.fingerprint)).toBe(true);
  });
});

describe('pin-encryption.json', () => {
  const vectors = load<{
    device: { privateKey: string; publicKey: string; privateKeyHex: string; publicKeyHex: string };
    cases: {
      commandId: string;
      pin: string;
      ephemeralPrivateKey: string;
      ivHex: string;
      envelope: TPinEnvelope;
    }[];
    mustFail: { name: string; commandId: string; envelope: TPinEnvelope }[];
  }>('pin-encryption.json');
  const { device } = vectors;

  it('matches RFC 7748 §6.1 for the device key', () => {
    expect(device.publicKeyHex).toBe('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
    expect(x25519PublicKeyOf(device.privateKey)).toBe(device.publicKey);
    expect(b64(device.privateKeyHex)).toBe(device.privateKey);
  });

  it.each(vectors.cases)('PIN $pin for command $commandId', async (entry) => {
    const input = { devicePublicKey: device.publicKey, pin: entry.pin, commandId: entry.commandId };
    const fixed = { ephemeralPrivateKey: entry.ephemeralPrivateKey, iv: b64(entry.ivHex) };
    expect(encryptPin(input, fixed)).toEqual(entry.envelope);
    expect(await encryptPinAsync(input, fixed)).toEqual(entry.envelope);
    const open = {
      devicePrivateKey: device.privateKey,
      envelope: entry.envelope,
      commandId: entry.commandId,
    };
    expect(decryptPin(open)).toEqual({ ok: true, pin: entry.pin });
    expect(await decryptPinAsync(open)).toEqual({ ok: true, pin: entry.pin });
  });

  it.each(vectors.mustFail)('fails: $name', async ({ commandId, envelope }) => {
    const open = { devicePrivateKey: device.privateKey, envelope, commandId };
    expect(decryptPin(open)).toMatchObject({ ok: false, error: { code: 'decrypt_failed' } });
    expect(await decryptPinAsync(open)).toMatchObject({ ok: false, error: { code: 'decrypt_failed' } });
  });
});

describe('messages.json', () => {
  const vectors = load<{
    valid: { name: string; channel: TChannel; payload: string }[];
    invalid: {
      name: string;
      channel: TChannel;
      payload: string;
      error: { code: string; field: string | null };
    }[];
  }>('messages.json');
  it.each(vectors.valid)('decodes $name', ({ channel, payload }) => {
    expect(decode(channel, payload)).toEqual({ ok: true, message: JSON.parse(payload) as unknown });
  });
  it.each(vectors.invalid)('rejects $name', ({ channel, payload, error }) => {
    const result = decode(channel, payload);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(error.code);
      expect(result.error.field ?? null).toBe(error.field);
    }
  });
});

describe('EXAMPLE_MESSAGES agree with the vector keys', () => {
  const pin = load<{ device: { privateKey: string; publicKey: string } }>('pin-encryption.json');
  const fingerprints = load<{ deviceKey: string }>('fingerprints.json');

  it('birth carries the vector device public key; set_code opens to 135790', () => {
    expect(EXAMPLE_MESSAGES.birth.publicKey).toBe(pin.device.publicKey);
    const { pin: envelope, commandId } = EXAMPLE_MESSAGES.setCode;
    expect(decryptPin({ devicePrivateKey: pin.device.privateKey, envelope, commandId })).toEqual({
      ok: true,
      pin: '135790',
    });
  });

  it('fingerprints are those of the documented codes on lock-0001', () => {
    const of = (slot: number, code: string) =>
      slotFingerprint({ deviceKey: fingerprints.deviceKey, deviceId: EXAMPLE_DEVICE_ID, slot, code });
    expect(EXAMPLE_MESSAGES.state.slots[0].fingerprint).toBe(of(1, '7294'));
    expect(EXAMPLE_MESSAGES.eventCodeProgrammedLocally.fingerprint).toBe(of(1, '8413'));
  });
});
