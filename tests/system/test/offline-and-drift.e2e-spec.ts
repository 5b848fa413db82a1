import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCode, setPrimary, waitForTarget } from '../src/harness/access-codes.js';
import { expectedFingerprint } from '../src/harness/fingerprints.js';
import { alertsOf, commandsById, isOnline, openAlerts, reportedSlots } from '../src/harness/lock-records.js';
import { startSystem, workerBuilt, type TSystem } from '../src/harness/system.js';
import { sleepUntil, waitFor } from '../src/harness/wait.js';

/**
 * Locks that are out of reach or changed by hand (DESIGN §6 invariant 1, issue #7 "Drift"): a lock
 * offline across a window end is flagged `removal_overdue` (critical) and gets the removal before
 * anything else when it reconnects; a primary programmed at the door, and a factory reset, are seen
 * as drift (`modified_on_device`, alert) and the organization's policy (restore the managed code) is
 * applied. Two locks of one unit, each test on its own lock.
 */
describe.skipIf(!workerBuilt())('offline locks and local changes', () => {
  let system: TSystem;
  let primary: string;
  let primaryId: string;

  beforeAll(async () => {
    system = await startSystem({ label: 'offline', lockCount: 2, timeZone: 'America/New_York' });
    const issued = await setPrimary(system.http.as(system.portfolio.tenant.token), system.portfolio.unitId);
    primary = issued.code;
    primaryId = issued.accessCode.id;
    for (const { lockId } of system.portfolio.locks) {
      await waitForTarget(system.http, primaryId, lockId, 'primary set', (t) => t.status === 'set');
    }
  });
  afterAll(async () => {
    await system?.close();
  });

  it('flags a lock offline at window end removal_overdue and sends it the removal first on reconnect', async () => {
    const { lockId, deviceId } = system.portfolio.locks[0]!;
    const lock = await system.fleet!.lock(deviceId);
    const startsAt = new Date(Date.now() + 12_000);
    const endsAt = new Date(startsAt.getTime() + 25_000);
    const { accessCode, code } = await issueCode(system.http, {
      unitId: system.portfolio.unitId,
      lockIds: [lockId],
      startsAt,
      endsAt,
      holderName: 'Plumber',
    });
    await waitForTarget(system.http, accessCode.id, lockId, 'set', (t) => t.status === 'set');

    await sleepUntil(endsAt.getTime() - 8_000);
    const before = lock.seen.length;
    lock.goOffline(45);
    await waitFor('the lock offline', async () => !(await isOnline(system.pool, lockId)), {
      timeoutMs: 30_000,
    });
    expect(Date.now()).toBeLessThan(endsAt.getTime()); // the precondition: offline before the end

    const overdue = await waitForTarget(system.http, accessCode.id, lockId, 'removal_overdue', (t) =>
      t.warnings.includes('removal_overdue'),
    );
    expect(overdue.status).not.toBe('removed');
    expect(await openAlerts(system.pool, lockId)).toContainEqual({
      type: 'removal_overdue',
      severity: 'critical',
    });

    await waitFor('the lock back online', () => isOnline(system.pool, lockId), { timeoutMs: 120_000 });
    await waitForTarget(system.http, accessCode.id, lockId, 'removed', (t) => t.status === 'removed');
    const [first] = await commandsById(system.pool, lock.acksSince(before));
    expect(first).toMatchObject({ type: 'clear_slot', slot: 2, access_code_id: accessCode.id });
    expect((await lock.enterCode(code)).outcome).toBe('wrong_code');
    expect((await lock.enterCode(primary)).outcome).toBe('unlocked');
  });

  it('detects a primary programmed at the door and restores the managed one (restore_managed)', async () => {
    const { lockId, deviceId } = system.portfolio.locks[1]!;
    const lock = await system.fleet!.lock(deviceId);
    const local = '71936248';
    const slot1Holds = (code: string) => async () =>
      (await reportedSlots(system.pool, lockId))?.[0] ===
      expectedFingerprint(system.fleetSeed, deviceId, 1, code);
    const from = lock.seen.length;
    lock.programLocally(1, local);
    // The lock's own word that it took the code (the cloud may restore the managed one within a second).
    const localFingerprint = expectedFingerprint(system.fleetSeed, deviceId, 1, local);
    await waitFor(
      'code_programmed_locally from the lock',
      () =>
        lock
          .messagesSince(from)
          .includes(`event code_programmed_locally slot=1 fingerprint=${localFingerprint}`),
      { timeoutMs: 30_000, describe: () => lock.messagesSince(from).join('\n') },
    );

    await waitForTarget(system.http, primaryId, lockId, 'modified_on_device', (t) =>
      t.warnings.includes('modified_on_device'),
    );
    // Raised (it may be resolved already: the restore takes about a second).
    expect((await alertsOf(system.pool, lockId)).map((a) => a.type)).toContain('modified_on_device');
    // The policy puts the managed primary back: it opens the door again, the local code no longer does.
    await waitFor('the managed primary restored in slot 1', slot1Holds(primary), { timeoutMs: 120_000 });
    await waitFor('the lock to be in sync', async () => (await lock.status()).slotsWithCode.includes(1));
    expect((await lock.enterCode(local)).outcome).toBe('wrong_code');
    expect((await lock.enterCode(primary)).outcome).toBe('unlocked');
    await waitForTarget(system.http, primaryId, lockId, 'set again', (t) => t.status === 'set');
  });

  it('reinstalls the managed primary after a factory reset', async () => {
    const { lockId, deviceId } = system.portfolio.locks[1]!;
    const lock = await system.fleet!.lock(deviceId);
    const from = lock.seen.length;
    lock.factoryReset();
    // The lock reports itself empty (its own message stream: the cloud may refill it at once).
    await waitFor(
      'the empty state report',
      () => lock.messagesSince(from).some((m) => /^state .*slots=1:empty@v0,2:empty@v0/.test(m)),
      { timeoutMs: 30_000, describe: () => lock.messagesSince(from).join('\n') },
    );
    await waitFor(
      'the managed primary reinstalled (acknowledged set_code, then reported in slot 1)',
      async () =>
        lock.messagesSince(from).some((m) => m.startsWith('ack applied')) &&
        (await reportedSlots(system.pool, lockId))?.[0] ===
          expectedFingerprint(system.fleetSeed, deviceId, 1, primary),
      { timeoutMs: 120_000, describe: () => lock.messagesSince(from).join('\n') },
    );
    expect((await lock.enterCode(primary)).outcome).toBe('unlocked');
    await waitForTarget(system.http, primaryId, lockId, 'set again', (t) => t.status === 'set');
  });
});
