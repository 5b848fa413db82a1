import { pbkdf2Sync, scryptSync } from 'node:crypto';
import { DEVICE_ID_PATTERN } from '@lockstep/lock-protocol';
import { describe, expect, it } from 'vitest';
import {
  generateDeviceSecret,
  hashDeviceSecret as scryptHash,
  mosquittoPasswordHash,
  newDeviceId,
} from './device-credentials.js';

describe('device credential formats (shared by API, gateway and dev stack)', () => {
  const salt = Buffer.alloc(16, 7);

  it('hashes with scrypt in the registry format the gateway verifies', () => {
    const stored = scryptHash('s3cret', salt);
    const [scheme, n, r, p, saltText, key] = stored.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(saltText).toBe(salt.toString('base64url'));
    expect(key).toBe(scryptSync('s3cret', salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64url'));
  });

  it("hashes with PBKDF2-SHA512 in Mosquitto's $7$ format", () => {
    const mosquittoSalt = Buffer.alloc(12, 3);
    const stored = mosquittoPasswordHash('s3cret', 1000, mosquittoSalt);
    const expected = pbkdf2Sync('s3cret', mosquittoSalt, 1000, 64, 'sha512').toString('base64');
    expect(stored).toBe(`$7$1000$${mosquittoSalt.toString('base64')}$${expected}`);
  });

  it('issues fresh secrets and valid device ids', () => {
    expect(generateDeviceSecret()).not.toBe(generateDeviceSecret());
    expect(Buffer.from(generateDeviceSecret(), 'base64url')).toHaveLength(32);
    expect(newDeviceId()).toMatch(DEVICE_ID_PATTERN);
  });
});
