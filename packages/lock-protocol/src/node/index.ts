/**
 * @lockstep/lock-protocol/node — Node-only cryptography (node:crypto): device keys, PIN envelopes and
 * slot fingerprints, synchronous. The portable entry has the same operations over WebCrypto
 * (`encryptPinAsync`, `decryptPinAsync`, `slotFingerprintAsync`, `generateDeviceKeyPairAsync`).
 */
export { decryptPin, encryptPin, generateDeviceKeyPair, x25519PublicKeyOf } from './pin-crypto.js';
export { generateFingerprintKey, slotFingerprint } from './fingerprint-node.js';
