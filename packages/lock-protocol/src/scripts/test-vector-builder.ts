import { createHmac, diffieHellman, hkdfSync } from 'node:crypto';
import { base64UrlDecode, base64UrlEncode, hexDecode, hexEncode } from '../base64url.js';
import { encodeToString } from '../codec.js';
import { EXAMPLE_DEVICE_ID, EXAMPLE_MESSAGES } from '../examples.js';
import { FINGERPRINT_DOMAIN, fingerprintMessage } from '../fingerprint.js';
import { buttonSequence, codeSpaceSize, findConflict, validateCode, weakPattern } from '../keypad.js';
import { channelOf, type TMessage } from '../messages/message-unions.js';
import {
  encryptPin,
  x25519PrivateKeyObject,
  x25519PublicKeyObject,
  x25519PublicKeyOf,
} from '../node/pin-crypto.js';
import { slotFingerprint } from '../node/fingerprint-node.js';
import {
  PIN_ENVELOPE_ALG,
  PIN_HKDF_INFO,
  padPin,
  pinAssociatedData,
  pinHkdfSalt,
  type TPinEnvelope,
} from '../pin-envelope.js';
import { MAX_COMMAND_BYTES, MAX_PAYLOAD_BYTES, PROTOCOL_VERSION } from '../constants.js';

/**
 * Builds the JSON test vectors in `vectors/` from fixed keys. Deterministic: the test suite rebuilds
 * them and fails if the committed files differ, and separately checks every vector against the code.
 */

/** RFC 7748 §6.1 keys, so firmware authors can check their X25519 against the RFC first. */
const DEVICE_PRIVATE_HEX = '5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb'; // "Bob"
const EPHEMERAL_PRIVATE_HEX = '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'; // "Alice"
const SECOND_EPHEMERAL_PRIVATE_HEX = '202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f';
const FINGERPRINT_KEY_HEX = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

function b64(hex: string): string {
  const bytes = hexDecode(hex);
  if (bytes === undefined) throw new RangeError(`bad hex ${hex}`);
  return base64UrlEncode(bytes);
}

function unb64(text: string): Uint8Array {
  const bytes = base64UrlDecode(text);
  if (bytes === undefined) throw new RangeError(`bad base64url ${text}`);
  return bytes;
}

const BUTTON_CODES = [
  '1357',
  '2468',
  '90',
  '0123456789',
  '1234',
  '4321',
  '1111',
  '1212',
  '9090',
  '2222',
  '13579',
  '97531',
  '0864',
  '3579',
  '5791',
  '9135',
  '7531',
  '135799',
  '24680',
  '80642',
  '12',
  '123',
  '123456789',
  '7294',
  '8413',
  '135790',
  '55555555',
  '19283746',
  '00000000',
  '5',
  '0',
];

function buttonVectors() {
  return {
    description:
      'Digits to button sequences (1·2→1, 3·4→2, 5·6→3, 7·8→4, 9·0→5), the weak pattern of the button ' +
      'sequence, and the first seed-model code rule broken (4–8 digits), or null when the code is allowed.',
    cases: BUTTON_CODES.map((code) => {
      const rule = validateCode(code);
      return {
        code,
        buttons: buttonSequence(code),
        weakPattern: weakPattern(buttonSequence(code)),
        seedRule: rule.ok ? null : rule.reason,
      };
    }),
    invalid: ['12a4', ' 1234', '١٢٣٤', '12.3', '-123', ''].map((code) => {
      const rule = validateCode(code);
      return { code, seedRule: rule.ok ? null : rule.reason };
    }),
    codeSpace: [1, 2, 3, 4, 5, 6, 7, 8].map((length) => ({ length, size: codeSpaceSize(length) })),
  };
}

const CONFLICT_PAIRS: [string, string][] = [
  ['1357', '2468'],
  ['1357', '1357'],
  ['1357', '135799'],
  ['246800', '1357'],
  ['1357', '1359'],
  ['13579', '13577'],
  ['7294', '8413'],
  ['8294', '7293'],
  ['9021', '0912'],
  ['123456', '124356'],
  ['1234', '12345678'],
  ['55555555', '5555'],
  ['2580', '1479'],
  ['7294', '72941'],
  ['0000', '9999'],
];

function conflictVectors() {
  return {
    description:
      'Conflict between two codes at button level: "equal" when the button sequences are identical, ' +
      '"prefix" when one is a proper prefix of the other, null otherwise. Symmetric.',
    cases: CONFLICT_PAIRS.map(([a, b]) => ({
      a,
      b,
      buttonsA: buttonSequence(a),
      buttonsB: buttonSequence(b),
      conflict: findConflict(a, b),
    })),
  };
}

const FINGERPRINT_CASES: [string, number, string][] = [
  ['lock-0001', 1, '7294'],
  ['lock-0001', 1, '8413'],
  ['lock-0001', 2, '135790'],
  ['lock-0001', 2, '246890'],
  ['lock-0001', 1, '135790'],
  ['lock-0002', 2, '135790'],
  ['A_b-9', 30, '12345678'],
];

function fingerprintVectors() {
  const deviceKey = b64(FINGERPRINT_KEY_HEX);
  return {
    description:
      'fingerprint = lowercase hex of the first 16 bytes of HMAC-SHA256(deviceKey, message), message = ' +
      `UTF-8("${FINGERPRINT_DOMAIN}\\n" + deviceId + "\\n" + slot + "\\n" + buttonSequence(code)).`,
    deviceKey,
    deviceKeyHex: FINGERPRINT_KEY_HEX,
    cases: FINGERPRINT_CASES.map(([deviceId, slot, code]) => {
      const message = fingerprintMessage(deviceId, slot, code);
      const hmac = createHmac('sha256', unb64(deviceKey)).update(message).digest();
      return {
        deviceId,
        slot,
        code,
        buttons: buttonSequence(code),
        messageHex: hexEncode(message),
        hmacHex: hexEncode(new Uint8Array(hmac)),
        fingerprint: slotFingerprint({ deviceKey, deviceId, slot, code }),
      };
    }),
  };
}

const PIN_CASES: { commandId: string; pin: string; ephemeralHex: string; ivHex: string }[] = [
  {
    commandId: 'c0ffee00-0000-4000-8000-000000000043',
    pin: '135790',
    ephemeralHex: EPHEMERAL_PRIVATE_HEX,
    ivHex: '000102030405060708090a0b',
  },
  {
    commandId: 'c0ffee00-0000-4000-8000-000000000050',
    pin: '7294',
    ephemeralHex: SECOND_EPHEMERAL_PRIVATE_HEX,
    ivHex: 'f0f1f2f3f4f5f6f7f8f9fafb',
  },
  {
    commandId: 'Zk3q_9-xY2LmN0pQ',
    pin: '12345678',
    ephemeralHex: SECOND_EPHEMERAL_PRIVATE_HEX,
    ivHex: '0a0b0c0d0e0f101112131415',
  },
];

function flip(text: string, index: number): string {
  const bytes = unb64(text);
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return base64UrlEncode(bytes);
}

function pinVectors() {
  const devicePrivateKey = b64(DEVICE_PRIVATE_HEX);
  const devicePublicKey = x25519PublicKeyOf(devicePrivateKey);
  const cases = PIN_CASES.map(({ commandId, pin, ephemeralHex, ivHex }) => {
    const ephemeralPrivateKey = b64(ephemeralHex);
    const ephemeralPublicKey = x25519PublicKeyOf(ephemeralPrivateKey);
    const shared = diffieHellman({
      privateKey: x25519PrivateKeyObject(unb64(ephemeralPrivateKey)),
      publicKey: x25519PublicKeyObject(unb64(devicePublicKey)),
    });
    const salt = pinHkdfSalt(unb64(ephemeralPublicKey), unb64(devicePublicKey));
    const aesKey = new Uint8Array(hkdfSync('sha256', shared, salt, PIN_HKDF_INFO, 32));
    const envelope = encryptPin({ devicePublicKey, pin, commandId }, { ephemeralPrivateKey, iv: b64(ivHex) });
    return {
      commandId,
      pin,
      ephemeralPrivateKey,
      ephemeralPublicKey,
      ephemeralPublicKeyHex: hexEncode(unb64(ephemeralPublicKey)),
      sharedSecretHex: hexEncode(new Uint8Array(shared)),
      hkdfSaltHex: hexEncode(salt),
      aesKeyHex: hexEncode(aesKey),
      ivHex,
      plaintextHex: hexEncode(padPin(pin)),
      aadHex: hexEncode(pinAssociatedData(commandId)),
      envelope,
    };
  });
  const first = cases[0];
  if (first === undefined) throw new RangeError('no PIN cases');
  const bad = (name: string, envelope: TPinEnvelope, commandId = first.commandId) => ({
    name,
    commandId,
    envelope,
    result: 'decrypt_failed',
  });
  return {
    description:
      `${PIN_ENVELOPE_ALG}: shared = X25519(ephemeral, device); key = HKDF-SHA256(shared, salt = epk ‖ devicePublicKey, ` +
      `info = "${PIN_HKDF_INFO}", 32 bytes); ct = AES-256-GCM(key, iv, aad = UTF-8(commandId), ` +
      'plaintext = ASCII digits padded with 0x00 to 16 bytes) ‖ 16-byte tag. Keys are base64url of raw 32 bytes ' +
      '(the device and first ephemeral key are RFC 7748 §6.1 "Bob" and "Alice").',
    device: {
      privateKey: devicePrivateKey,
      publicKey: devicePublicKey,
      privateKeyHex: DEVICE_PRIVATE_HEX,
      publicKeyHex: hexEncode(unb64(devicePublicKey)),
    },
    cases,
    mustFail: [
      bad('another command id', first.envelope, 'c0ffee00-0000-4000-8000-000000000099'),
      bad('flipped ciphertext bit', { ...first.envelope, ct: flip(first.envelope.ct, 0) }),
      bad('flipped tag bit', { ...first.envelope, ct: flip(first.envelope.ct, 31) }),
      bad('flipped iv bit', { ...first.envelope, iv: flip(first.envelope.iv, 0) }),
      bad('another ephemeral key', { ...first.envelope, epk: cases[1]?.envelope.epk ?? '' }),
    ],
  };
}

const utf8 = new TextEncoder();

function messageVectors() {
  const valid = Object.entries(EXAMPLE_MESSAGES as Record<string, TMessage>).map(([name, message]) => ({
    name,
    channel: channelOf(message.type),
    payload: encodeToString(message),
  }));
  const state = EXAMPLE_MESSAGES.state;
  const invalid: {
    name: string;
    channel: string;
    payload: string;
    error: { code: string; field: string | null };
  }[] = [
    { name: 'not JSON', channel: 'state', payload: '{"v":1,', error: { code: 'invalid_json', field: null } },
    { name: 'array', channel: 'state', payload: '[1,2]', error: { code: 'not_an_object', field: null } },
    {
      name: 'other version',
      channel: 'state',
      payload: JSON.stringify({ ...state, v: PROTOCOL_VERSION + 1 }),
      error: { code: 'unsupported_version', field: 'v' },
    },
    {
      name: 'unknown type',
      channel: 'state',
      payload: JSON.stringify({ ...state, type: 'shadow' }),
      error: { code: 'unknown_type', field: 'type' },
    },
    {
      name: 'type on the wrong channel',
      channel: 'event',
      payload: JSON.stringify(state),
      error: { code: 'wrong_channel', field: 'type' },
    },
    {
      name: 'unknown field',
      channel: 'state',
      payload: JSON.stringify({ ...state, colour: 'red' }),
      error: { code: 'unknown_field', field: 'colour' },
    },
    {
      name: 'bad nested field',
      channel: 'state',
      payload: JSON.stringify({ ...state, battery: { percent: 101, millivolts: 5000 } }),
      error: { code: 'invalid_field', field: 'battery.percent' },
    },
    {
      name: 'missing field',
      channel: 'cmd',
      payload: JSON.stringify({ ...EXAMPLE_MESSAGES.setCode, notAfter: undefined }),
      error: { code: 'invalid_field', field: 'notAfter' },
    },
    {
      name: 'version 0',
      channel: 'cmd',
      payload: JSON.stringify({ ...EXAMPLE_MESSAGES.clearSlot, desiredVersion: 0 }),
      error: { code: 'invalid_field', field: 'desiredVersion' },
    },
    {
      name: 'bad envelope',
      channel: 'cmd',
      payload: JSON.stringify({
        ...EXAMPLE_MESSAGES.setCode,
        pin: { ...EXAMPLE_MESSAGES.setCode.pin, iv: 'AAEC' },
      }),
      error: { code: 'invalid_field', field: 'pin.iv' },
    },
    {
      name: 'unknown event',
      channel: 'event',
      payload: JSON.stringify({ ...EXAMPLE_MESSAGES.eventFactoryReset, event: 'exploded' }),
      error: { code: 'invalid_field', field: 'event' },
    },
    {
      name: 'unknown reject reason',
      channel: 'ack',
      payload: JSON.stringify({ ...EXAMPLE_MESSAGES.ackRejected, reason: 'tired' }),
      error: { code: 'invalid_field', field: 'reason' },
    },
    {
      name: 'keypad unlock without slot',
      channel: 'event',
      payload: JSON.stringify({ ...EXAMPLE_MESSAGES.eventUnlockedKeypad, slot: null }),
      error: { code: 'invalid_field', field: 'slot' },
    },
    {
      name: 'fractional timestamp',
      channel: 'telemetry',
      payload: JSON.stringify({ ...EXAMPLE_MESSAGES.telemetry, ts: 1.5 }),
      error: { code: 'invalid_field', field: 'ts' },
    },
  ];
  return {
    description:
      `Payloads for decode(channel, payload). "valid" payloads decode to themselves (keys in wire order); ` +
      `"invalid" ones fail with the given error code and dotted field path (null: no field). Example device: ${EXAMPLE_DEVICE_ID}.`,
    maxPayloadBytes: MAX_PAYLOAD_BYTES,
    maxCommandBytes: MAX_COMMAND_BYTES,
    valid,
    invalid: invalid.map((entry) => ({ ...entry, payloadBytes: utf8.encode(entry.payload).length })),
  };
}

/** Every vector file, by file name. */
export function buildTestVectors(): Record<string, unknown> {
  return {
    'button-sequences.json': buttonVectors(),
    'conflicts.json': conflictVectors(),
    'fingerprints.json': fingerprintVectors(),
    'pin-encryption.json': pinVectors(),
    'messages.json': messageVectors(),
  };
}
