/**
 * @lockstep/lock-protocol — the contract between the Lockstep cloud and lock firmware. Portable: no
 * `node:` import anywhere under this entry. Node-only key handling lives in `@lockstep/lock-protocol/node`.
 */
export * from './constants.js';
export * from './protocol-error.js';
export * from './topics.js';
export * from './random-source.js';
export * from './keypad.js';
export * from './profiles.js';
export * from './faults.js';
export * from './pin-envelope.js';
export * from './messages/common.js';
export * from './messages/message-type.js';
export * from './messages/device-status.js';
export * from './messages/events.js';
export * from './messages/acks.js';
export * from './messages/commands.js';
export * from './messages/message-unions.js';
export * from './codec.js';
export * from './examples.js';
export * from './base64url.js';
export * from './fingerprint.js';
export { generateDeviceKeyPairAsync, encryptPinAsync, decryptPinAsync } from './webcrypto-pin.js';
export * from './json-schemas.js';
export * from './command-rules.js';
export * from './profile-checks.js';
