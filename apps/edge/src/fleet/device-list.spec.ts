import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedDeviceIds, parseDeviceIds, readPasswordsFile, seededBrokerSecret } from './device-list.js';

describe('device lists', () => {
  it('generates ids for --count', () => {
    expect(generatedDeviceIds(3)).toEqual(['sim-lock-0001', 'sim-lock-0002', 'sim-lock-0003']);
    expect(generatedDeviceIds(2, 'demo')).toEqual(['demo-0001', 'demo-0002']);
  });

  it('parses --devices lists and files, refusing bad and repeated ids', () => {
    expect(parseDeviceIds('demo-harbor-1a-front-door,demo-harbor-1b-front-door', /,/)).toEqual([
      'demo-harbor-1a-front-door',
      'demo-harbor-1b-front-door',
    ]);
    expect(parseDeviceIds('# demo\nlock-a\n\nlock-b  # the back door\n')).toEqual(['lock-a', 'lock-b']);
    expect(() => parseDeviceIds('lock/a')).toThrow(/invalid device id/);
    expect(() => parseDeviceIds('a,a', /,/)).toThrow(/unique/);
  });

  it('reads per-device passwords as JSON or lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edge-passwords-'));
    try {
      await writeFile(join(dir, 'p.json'), '{"lock-a":"s3cret"}');
      await writeFile(join(dir, 'p.txt'), 'lock-a s3cret\nlock-b:other\n');
      expect([...(await readPasswordsFile(join(dir, 'p.json')))]).toEqual([['lock-a', 's3cret']]);
      expect([...(await readPasswordsFile(join(dir, 'p.txt')))]).toEqual([
        ['lock-a', 's3cret'],
        ['lock-b', 'other'],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('derives the same broker secret from the same seed', () => {
    expect(seededBrokerSecret('s', 'lock-a')).toBe(seededBrokerSecret('s', 'lock-a'));
    expect(seededBrokerSecret('s', 'lock-a')).not.toBe(seededBrokerSecret('s', 'lock-b'));
  });
});
