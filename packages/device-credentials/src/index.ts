export {
  deviceCredentialHashes,
  generateDeviceSecret,
  hashDeviceSecret,
  MOSQUITTO_PBKDF2_ITERATIONS,
  mosquittoPasswordHash,
  mosquittoPasswordLine,
  newDeviceId,
  verifyDeviceSecret,
  type DeviceCredentialHashes,
} from './device-credentials.js';
