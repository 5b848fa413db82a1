/**
 * Device broker credentials: one implementation, in `@lockstep/device-credentials` (shared with the API's
 * commissioning and the dev stack). Re-exported here so the gateway's modules import from one local name.
 * Formats: `devices.credential_hash` = `scrypt$N$r$p$salt$hash` (base64url), `devices.broker_password_hash`
 * = Mosquitto 2's `$7$iterations$salt$hash` (PBKDF2-SHA512); see README.md §Device credentials.
 */
export {
  deviceCredentialHashes,
  generateDeviceSecret,
  hashDeviceSecret,
  MOSQUITTO_PBKDF2_ITERATIONS,
  mosquittoPasswordHash,
  mosquittoPasswordLine,
  verifyDeviceSecret,
} from '@lockstep/device-credentials';
