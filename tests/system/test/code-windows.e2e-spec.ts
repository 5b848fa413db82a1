import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCode, issueCode, setPrimary, waitForTarget } from '../src/harness/access-codes.js';
import { type LockHandle } from '../src/harness/fleet.js';
import { pinCanary } from '../src/harness/pin-canary.js';
import { startOneLockWithPrimary } from '../src/harness/one-lock.js';
import { workerBuilt, type TSystem } from '../src/harness/system.js';
import { sleepUntil, waitFor } from '../src/harness/wait.js';

/**
 * A lock (real apps/edge firmware) in a Europe/Berlin property, through the whole platform: the
 * tenant's primary, a technician's time-bound code that appears at its window start and disappears at
 * its end (tried on the emulated keypad each time), unlock attribution, a one-time code, a primary
 * change, and the PIN canary over everything the processes printed, answered and queued.
 */
describe.skipIf(!workerBuilt())('access-code windows on a real lock', () => {
  let system: TSystem;
  let lock: LockHandle;
  let lockId: string;
  let primary: string;
  const pins: string[] = [];

  beforeAll(async () => {
    // The 30-slot model: each test's code gets a slot of its own (a slot is held for two minutes
    // beyond a window's end, so codes sharing one would need windows minutes apart).
    ({ system, lock, lockId, primary } = await startOneLockWithPrimary({
      label: 'windows',
      timeZone: 'Europe/Berlin',
      model: 'lockstep-db30',
    }));
    pins.push(primary);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('installs a code at its window start, opens the door with it, and removes it at the end', async () => {
    const startsAt = new Date(Date.now() + 20_000);
    const endsAt = new Date(startsAt.getTime() + 30_000);
    const { accessCode, code } = await issueCode(system.http, {
      unitId: system.portfolio.unitId,
      startsAt,
      endsAt,
      holderUserId: system.portfolio.technician.id,
      label: 'Boiler service',
    });
    pins.push(code);
    expect(accessCode.targets).toMatchObject([{ lockId, status: 'scheduled' }]);
    const slot = accessCode.targets[0]!.slot!;
    expect(slot).toBeGreaterThan(1);

    // Before the start the code is nowhere: not on the lock, and the keypad refuses it.
    expect((await lock.status()).slotsWithCode).toEqual([1]);
    expect((await lock.enterCode(code)).outcome).toBe('wrong_code');
    expect((await lock.enterCode(primary)).outcome).toBe('unlocked'); // resets the wrong-code count
    const early = await getCode(system.http, accessCode.id);
    expect(early.targets[0]!.status).toBe('scheduled');

    const set = await waitForTarget(system.http, accessCode.id, lockId, 'set', (t) => t.status === 'set');
    expect(new Date(set.installedAt!).getTime()).toBeGreaterThanOrEqual(startsAt.getTime());
    expect((await lock.status()).slotsWithCode).toEqual([1, slot]);
    expect(await lock.enterCode(code)).toEqual({ outcome: 'unlocked', slot });

    // The unlock is attributed to the code and the person holding it.
    const event = await waitFor('the unlock event stored and attributed', async () => {
      const rows = await system.pool.query<{ access_code_id: string | null; user_id: string | null }>(
        `SELECT access_code_id, user_id FROM lock_events
         WHERE lock_id = $1 AND type = 'unlocked' AND slot = $2 ORDER BY occurred_at DESC LIMIT 1`,
        [lockId, slot],
      );
      return rows.rows[0];
    });
    expect(event).toEqual({ access_code_id: accessCode.id, user_id: system.portfolio.technician.id });

    const removed = await waitForTarget(
      system.http,
      accessCode.id,
      lockId,
      'removed',
      (t) => t.status === 'removed',
    );
    expect(new Date(removed.removedAt!).getTime()).toBeGreaterThanOrEqual(endsAt.getTime());
    expect((await lock.status()).slotsWithCode).toEqual([1]);
    expect((await lock.enterCode(code)).outcome).toBe('wrong_code');
    expect((await lock.enterCode(primary)).outcome).toBe('unlocked');

    // Every step is a stored transition with a cause.
    const transitions = await system.pool.query<{ to_status: string }>(
      `SELECT t.to_status FROM access_code_transitions t JOIN access_code_targets g ON g.id = t.target_id
       WHERE g.access_code_id = $1 ORDER BY t.at, t.id`,
      [accessCode.id],
    );
    expect(transitions.rows.map((r) => r.to_status)).toEqual([
      'scheduled',
      'setting',
      'set',
      'removing',
      'removed',
    ]);
  });

  it('revokes a one-time code (maxUses 1) after its first unlock', async () => {
    const startsAt = new Date(Date.now() + 8_000);
    const { accessCode, code } = await issueCode(system.http, {
      unitId: system.portfolio.unitId,
      kind: 'guest',
      label: 'Parcel delivery',
      holderName: 'Courier',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 600_000),
      maxUses: 1,
    });
    pins.push(code);
    const set = await waitForTarget(system.http, accessCode.id, lockId, 'set', (t) => t.status === 'set');
    expect(await lock.enterCode(code)).toEqual({ outcome: 'unlocked', slot: set.slot });

    await waitForTarget(
      system.http,
      accessCode.id,
      lockId,
      'revoked and removed',
      (t, c) => c.state === 'revoked' && t.status === 'removed',
    );
    const after = await getCode(system.http, accessCode.id);
    expect(after.useCount).toBe(1);
    expect((await lock.enterCode(code)).outcome).toBe('wrong_code');
    expect((await lock.enterCode(primary)).outcome).toBe('unlocked');
  });

  it('keeps the old primary working until the new one is confirmed, then only the new one', async () => {
    const tenant = system.http.as(system.portfolio.tenant.token);
    const oldPrimary = primary;
    // The lock is out of reach while the tenant changes the code: nothing can be confirmed yet.
    lock.goOffline(25);
    await waitFor('the lock marked offline', async () => {
      const r = await system.pool.query<{ online: boolean }>(
        `SELECT online FROM devices WHERE lock_id = $1`,
        [lockId],
      );
      return r.rows[0]?.online === false;
    });
    const issued = await setPrimary(tenant, system.portfolio.unitId);
    pins.push(issued.code);
    const pending = await getCode(system.http, issued.accessCode.id);
    expect(pending.targets[0]!.status).not.toBe('set');
    expect(await lock.enterCode(oldPrimary)).toEqual({ outcome: 'unlocked', slot: 1 });

    await waitForTarget(system.http, issued.accessCode.id, lockId, 'set', (t) => t.status === 'set', 180_000);
    expect(await lock.enterCode(issued.code)).toEqual({ outcome: 'unlocked', slot: 1 });
    expect((await lock.enterCode(oldPrimary)).outcome).toBe('wrong_code');
    expect((await lock.enterCode(issued.code)).outcome).toBe('unlocked');
    expect((await lock.status()).slotsWithCode).toContain(1);
    primary = issued.code;
  });

  it('never shows a PIN outside the create responses: not in logs, Redis, other responses or stored commands', async () => {
    // One more window edge through the queues, so Redis holds jobs of every kind while we look.
    const startsAt = new Date(Date.now() + 5_000);
    const { code } = await issueCode(system.http, {
      unitId: system.portfolio.unitId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 600_000),
      holderName: 'Canary',
    });
    pins.push(code);
    await sleepUntil(startsAt.getTime() + 3_000);
    // The haystacks are real: the processes logged, Redis holds the platform's queues.
    for (const p of [system.gateway, system.worker, system.api!]) expect(p.output.length).toBeGreaterThan(0);
    expect((await system.redis.keys()).length).toBeGreaterThan(0);
    const findings = await pinCanary(system, pins);
    expect(findings).toEqual([]);
  });
});
