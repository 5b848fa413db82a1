import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobId } from '@lockstep/queue';
import { getCode, waitForTarget } from '../src/harness/access-codes.js';
import { type LockHandle } from '../src/harness/fleet.js';
import {
  issueWindowAndWaitSet,
  startOneLockWithPrimary,
  type TOneLockSystem,
} from '../src/harness/one-lock.js';
import { workerBuilt, type TSystem } from '../src/harness/system.js';
import { sleepUntil, waitFor } from '../src/harness/wait.js';

/**
 * DESIGN §6 invariant 7: killing the worker (SIGKILL, no shutdown hook runs) just before a window end
 * still removes the code once it is back; and losing every Redis key of the platform (jobs, delayed
 * window edges, schedulers) is repaired by the sweep from Postgres, so the window still ends.
 */
describe.skipIf(!workerBuilt())('crash and data-loss recovery', () => {
  let platform: TOneLockSystem;
  let system: TSystem;
  let lock: LockHandle;
  let lockId: string;
  let primary: string;

  beforeAll(async () => {
    platform = await startOneLockWithPrimary({
      label: 'crash',
      model: 'lockstep-db30', // a slot per code: the second test's window follows the first's closely
      // Edges unstaged: what is under test is the worker recovering an edge it must reconcile itself
      // (staging, the default, is below: the gateway then carries the edge without the worker).
      workerEnv: { WORKER_SWEEP_INTERVAL_MS: '3000', WORKER_STAGE_LEAD_MS: '0' },
    });
    ({ system, lock, lockId, primary } = platform);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('removes the code after a worker killed with SIGKILL just before the window end is restarted', async () => {
    const { accessCode, code, endsAt } = await issueWindowAndWaitSet(platform, {
      startsInMs: 10_000,
      lastsMs: 20_000,
      holderName: 'Locksmith',
    });

    await sleepUntil(endsAt.getTime() - 5_000);
    await system.worker.kill('SIGKILL');
    expect(system.worker.exits.at(-1)?.signal).toBe('SIGKILL');
    // Precondition, not a timing claim: the kill landed before the end, so the end is the worker's to recover.
    expect(Date.now(), 'worker killed before the window end').toBeLessThan(endsAt.getTime());
    await sleepUntil(endsAt.getTime() + 3_000);
    // Nobody else writes commands: with the worker down the code is still on the lock.
    expect((await getCode(system.http, accessCode.id)).targets[0]!.status).toBe('set');

    await system.restartWorker();
    await waitForTarget(system.http, accessCode.id, lockId, 'removed', (t) => t.status === 'removed');
    expect((await lock.enterCode(code)).outcome).toBe('wrong_code');
    expect((await lock.enterCode(primary)).outcome).toBe('unlocked');
  });

  it('repairs lost Redis data from Postgres: the window still ends after every key of the prefix is deleted', async () => {
    const { accessCode, code, endsAt } = await issueWindowAndWaitSet(platform, {
      startsInMs: 10_000,
      lastsMs: 25_000,
      holderName: 'Gardener',
    });

    // The window end is waiting in Redis as the delayed job of its instant (deterministic id): that is
    // what gets lost.
    const endJob = `${system.queuePrefix}:windows:${jobId.windowEdge(endsAt.getTime())}`;
    expect(await system.redis.keys()).toContain(endJob);
    expect(await system.redis.deleteAll()).toBeGreaterThan(0);

    await sleepUntil(endsAt.getTime());
    await waitForTarget(system.http, accessCode.id, lockId, 'removed', (t) => t.status === 'removed');
    expect((await lock.enterCode(code)).outcome).toBe('wrong_code');
    expect((await lock.enterCode(primary)).outcome).toBe('unlocked');
    // The platform runs on: its queues are back in Redis.
    await waitFor('queues back in Redis', async () => (await system.redis.keys()).length > 0);
  });
});

/**
 * With staged edges (the default, WORKER_STAGE_LEAD_MS): a window end near enough was written ahead as
 * the lock's clear_slot, held by the gateway until the end. Killing the worker before the end then
 * delays nothing, and its restart sends nothing more to a lock that is in sync.
 */
describe.skipIf(!workerBuilt())('crash recovery with staged edges', () => {
  let platform: TOneLockSystem | undefined;

  beforeAll(async () => {
    platform = await startOneLockWithPrimary({
      label: 'crashstaged',
      workerEnv: { WORKER_SWEEP_INTERVAL_MS: '3000', WORKER_STAGE_LEAD_MS: '120000' },
    });
  });
  afterAll(async () => {
    await platform?.system.close();
  });

  it('removes the code at the window end with the worker killed before it: the removal was staged', async () => {
    if (!platform) throw new Error('the platform did not start');
    const { system, lock, lockId, primary } = platform;
    const { accessCode, code, startsAt, endsAt, set } = await issueWindowAndWaitSet(platform, {
      startsInMs: 10_000,
      lastsMs: 20_000,
      holderName: 'Window cleaner',
    });
    expect(new Date(set.installedAt!).getTime()).toBeGreaterThanOrEqual(startsAt.getTime());
    const staged = await waitFor('the removal staged for the window end', async () => {
      const rows = await system.pool.query<{ id: string; send_at: Date }>(
        `SELECT id::text, send_at FROM commands
         WHERE lock_id = $1 AND access_code_id = $2 AND type = 'clear_slot' AND status = 'pending'`,
        [lockId, accessCode.id],
      );
      return rows.rows[0];
    });
    expect(staged.send_at.getTime()).toBe(endsAt.getTime());

    await system.worker.kill('SIGKILL');
    expect(Date.now(), 'worker killed before the window end').toBeLessThan(endsAt.getTime());
    // Until the end the code stays (the gateway holds the staged removal).
    expect((await lock.enterCode(code)).outcome).toBe('unlocked');

    const removed = await waitForTarget(
      system.http,
      accessCode.id,
      lockId,
      'removed',
      (t) => t.status === 'removed',
    );
    expect(new Date(removed.removedAt!).getTime()).toBeGreaterThanOrEqual(endsAt.getTime());
    expect((await lock.enterCode(code)).outcome).toBe('wrong_code');
    expect((await lock.enterCode(primary)).outcome).toBe('unlocked');

    // The worker comes back and reconciles the lock (its sweep finds the report it missed), and sends
    // it nothing: the lock is in sync.
    const count = async () =>
      (
        await system.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM commands WHERE lock_id = $1`, [
          lockId,
        ])
      ).rows[0]!.n;
    const commandsBefore = await count();
    const killedAt = new Date();
    await system.restartWorker();
    await waitFor('the restarted worker reconciled the lock', async () => {
      const rows = await system.pool.query<{ at: Date | null }>(
        `SELECT last_reconciled_at AS at FROM locks WHERE id = $1`,
        [lockId],
      );
      const at = rows.rows[0]?.at;
      return at && at > killedAt ? at : undefined;
    });
    expect(await count()).toBe(commandsBefore);
  });
});
