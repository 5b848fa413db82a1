import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  deviceCredentialHashes,
  generateDeviceSecret,
  hashDeviceSecret,
  mosquittoPasswordHash,
  mosquittoPasswordLine,
  verifyDeviceSecret,
} from './device-credentials.js';

describe('device credentials', () => {
  it('hashes with scrypt in the agreed format and verifies', () => {
    const secret = generateDeviceSecret();
    const hash = hashDeviceSecret(secret);
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(verifyDeviceSecret(secret, hash)).toBe(true);
    expect(verifyDeviceSecret(`${secret}x`, hash)).toBe(false);
  });

  it('verifies Mosquitto $7$ hashes too, including ones written by mosquitto_passwd', () => {
    const secret = 'correct horse battery staple';
    expect(verifyDeviceSecret(secret, mosquittoPasswordHash(secret))).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'pw-'));
    try {
      const file = join(dir, 'pw');
      execFileSync('mosquitto_passwd', ['-b', '-c', file, 'lock-1', secret]);
      const [, hash] = readFileSync(file, 'utf8').trim().split(':');
      expect(hash).toMatch(/^\$7\$/);
      expect(verifyDeviceSecret(secret, hash)).toBe(true);
      expect(verifyDeviceSecret('wrong', hash)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses malformed or hostile hashes without throwing', () => {
    for (const bad of [
      null,
      undefined,
      '',
      'plain',
      'scrypt$',
      'scrypt$1048577$8$1$aa$bb',
      'scrypt$16384$8$1$!!$bb',
      '$7$0$a$b',
      '$7$101$YWJj$YWJj',
      '$6$x',
    ]) {
      expect(verifyDeviceSecret('secret', bad)).toBe(false);
    }
  });

  it('produces both stored forms and password-file lines', () => {
    const { credentialHash, brokerPasswordHash } = deviceCredentialHashes('s3cret-s3cret');
    expect(credentialHash.startsWith('scrypt$')).toBe(true);
    expect(mosquittoPasswordLine('lock-1', brokerPasswordHash)).toBe(`lock-1:${brokerPasswordHash}`);
    expect(() => mosquittoPasswordLine('a:b', brokerPasswordHash)).toThrow();
    expect(() => mosquittoPasswordLine('lock-1', credentialHash)).toThrow();
  });
});
