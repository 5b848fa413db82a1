import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileNvmStore, NvmCorruptError } from './file-nvm-store.js';
import { NVM_FORMAT, type TNvmRecord } from './nvm-record.js';
import { MemoryNvmStore } from './nvm-store.js';

const KEY = 'hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo';

function record(version: number): TNvmRecord {
  return {
    format: NVM_FORMAT,
    deviceId: 'lock-1',
    model: 'lockstep-db2',
    identity: { publicKey: KEY, privateKey: KEY, fingerprintKey: KEY, commissionedAt: 0 },
    slots: [
      { slot: 1, buttons: '12345', version },
      { slot: 2, buttons: null, version: 0 },
    ],
    autoLockSeconds: 0,
    autoLockVersion: 0,
    boltVersion: 0,
    desiredVersion: version,
    newestCommandTs: 0,
    physical: { bolt: 'locked', batteryCharge: 1, fault: null, jammed: false },
  };
}

describe('FileNvmStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edge-nvm-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has nothing before the first save, then round-trips the record', async () => {
    const store = new FileNvmStore(dir, 'lock-1');
    await expect(store.load()).resolves.toBeUndefined();
    await store.save(record(3));
    await expect(new FileNvmStore(dir, 'lock-1').load()).resolves.toEqual(record(3));
  });

  it('writes through a temporary file and leaves none behind; the file is private (0600)', async () => {
    const store = new FileNvmStore(dir, 'lock-1');
    await Promise.all([store.save(record(1)), store.save(record(2)), store.save(record(3))]);
    expect(await readdir(dir)).toEqual(['lock-1.nvm.json']);
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
    await expect(store.load()).resolves.toEqual(record(3));
  });

  it('refuses a corrupt file rather than starting over with no codes', async () => {
    await writeFile(join(dir, 'lock-1.nvm.json'), '{"format":1,');
    await expect(new FileNvmStore(dir, 'lock-1').load()).rejects.toBeInstanceOf(NvmCorruptError);
    await writeFile(join(dir, 'lock-1.nvm.json'), '{"format":1}');
    await expect(new FileNvmStore(dir, 'lock-1').load()).rejects.toBeInstanceOf(NvmCorruptError);
  });
});

describe('MemoryNvmStore', () => {
  it('keeps a copy: neither the saved object nor a loaded one changes what is stored', async () => {
    const store = new MemoryNvmStore(record(1));
    await expect(store.load()).resolves.toEqual(record(1));
    const saved = record(2);
    await store.save(saved);
    saved.slots[0]!.buttons = '55555';
    saved.physical.jammed = true;
    const loaded = await store.load();
    expect(loaded).toEqual(record(2));
    loaded!.desiredVersion = 99;
    await expect(store.load()).resolves.toEqual(record(2));
    expect(store.writes).toBe(1);
  });
});
