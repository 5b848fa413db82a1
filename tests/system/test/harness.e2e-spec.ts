import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type TSystem } from '../src/harness/system.js';
import { waitFor } from '../src/harness/wait.js';

describe('harness', () => {
  let system: TSystem;
  beforeAll(async () => {
    system = await startSystem({ label: 'smoke', lockCount: 2 });
  });
  afterAll(async () => {
    await system?.close();
  });

  it('brings the seeded locks online through the gateway, and a lock with no code ignores its keypad', async () => {
    await waitFor('both locks online', async () => {
      const r = await system.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM devices WHERE online`);
      return r.rows[0]!.n === 2;
    });
    const lock = await system.fleet!.lock(system.portfolio.locks[0]!.deviceId);
    expect((await lock.status()).slotsWithCode).toEqual([]);
    expect((await lock.enterCode('135790')).outcome).toBe('ignored');
    const me = await system.http.get('/v1/me');
    expect(me.status).toBeLessThan(500);
  });
});
