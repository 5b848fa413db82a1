/**
 * The slot fingerprints this worker has computed, per device. A fingerprint is an HMAC of the code
 * under the device's fingerprint key, and neither input changes under an id: an access code's digits
 * are fixed at creation (a new PIN is a new code; a reseal re-encrypts the same digits), and a device's
 * key is identified here by its sealed bytes, so a re-commissioned or resealed key starts afresh.
 * Without it every reconciliation opened the device key and every code it compares, and fingerprinted
 * them again: about a third of a state report's reconciliation in the window-burst profile.
 *
 * Only fingerprints are kept, never the codes or the key: a fingerprint is what the lock itself
 * reports in the clear. Bounded by devices, least recently used out first.
 */
export class FingerprintCache {
  private readonly devices = new Map<string, TDeviceFingerprints>();

  constructor(private readonly maxDevices = 50_000) {}

  /**
   * The device's fingerprints (`slot:codeId` → fingerprint), or undefined when this sealed key has not
   * been seen to open yet (the caller opens it, then {@link remember}s it).
   */
  lookup(deviceId: string, sealedKey: Buffer, keyId: string): Map<string, string> | undefined {
    const entry = this.devices.get(deviceId);
    if (entry === undefined) return undefined;
    if (entry.keyId !== keyId || !entry.sealedKey.equals(sealedKey)) {
      this.devices.delete(deviceId);
      return undefined;
    }
    // Most recently used last (a Map iterates in insertion order).
    this.devices.delete(deviceId);
    this.devices.set(deviceId, entry);
    return entry.values;
  }

  /** Starts the device's entry once its sealed key has opened. */
  remember(deviceId: string, sealedKey: Buffer, keyId: string): Map<string, string> {
    const values = new Map<string, string>();
    this.devices.delete(deviceId);
    this.devices.set(deviceId, { sealedKey: Buffer.from(sealedKey), keyId, values });
    while (this.devices.size > this.maxDevices) {
      const oldest = this.devices.keys().next().value;
      if (oldest === undefined) break;
      this.devices.delete(oldest);
    }
    return values;
  }

  get size(): number {
    return this.devices.size;
  }
}

interface TDeviceFingerprints {
  sealedKey: Buffer;
  keyId: string;
  values: Map<string, string>;
}
