import { codeSealerFromConfig } from '@lockstep/access-codes';
import { createTestDatabase, type TestDatabase } from '@lockstep/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCode, createLock, testKeyRing } from '../../test/factories.js';
import { resealAll } from './reseal.js';

describe('codes:reseal (real Postgres)', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await createTestDatabase('worker_reseal');
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('moves every code and device key to the active key, in batches, and a second run changes nothing', async () => {
    const oldRing = testKeyRing(['old']);
    const oldSealer = codeSealerFromConfig({ keyRing: oldRing, activeKeyId: 'old' });
    const codes = ['41827365', '92837461', '63918274'];
    const lock = await createLock(database.db, oldSealer);
    for (const code of codes) await createCode(database.db, oldSealer, [lock], { code });

    const ring = `${oldRing},${testKeyRing(['new'])}`;
    const sealer = codeSealerFromConfig({ keyRing: ring, activeKeyId: 'new' });
    expect(await resealAll(pool, sealer, { batchSize: 2 })).toEqual({ codes: 3, deviceKeys: 1 });

    const rows = await database.db.accessCode.findMany({ orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => r.keyId)).toEqual(['new', 'new', 'new']);
    // Opens with the new key alone: the old one can leave the ring.
    const newOnly = codeSealerFromConfig({ keyRing: ring.split(',')[1]!, activeKeyId: 'new' });
    expect(rows.map((r) => newOnly.open(r.codeSealed, r.keyId)).sort()).toEqual([...codes].sort());
    const device = await database.db.device.findUniqueOrThrow({ where: { id: lock.deviceId } });
    expect(device.keyId).toBe('new');
    expect(newOnly.openDeviceKey(device.fingerprintKeySealed!, 'new').equals(lock.deviceKey)).toBe(true);

    const before = rows.map((r) => Buffer.from(r.codeSealed).toString('hex'));
    expect(await resealAll(pool, sealer)).toEqual({ codes: 0, deviceKeys: 0 });
    const after = (await database.db.accessCode.findMany({ orderBy: { createdAt: 'asc' } })).map((r) =>
      Buffer.from(r.codeSealed).toString('hex'),
    );
    expect(after).toEqual(before);
  });

  it('stops on a row that does not open, naming the row and never its content', async () => {
    const stray = codeSealerFromConfig({ keyRing: testKeyRing(['lost']), activeKeyId: 'lost' });
    const lock = await createLock(database.db, stray);
    await createCode(database.db, stray, [lock], { code: '58273916' });
    const sealer = codeSealerFromConfig({ keyRing: testKeyRing(['new']), activeKeyId: 'new' });
    await expect(resealAll(pool, sealer)).rejects.toThrow(/access_codes .* \(key lost\) did not open/);
  });
});
