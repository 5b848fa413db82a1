import { issueCode, setPrimary, waitForTarget, type TAccessCode } from './access-codes.js';
import { type LockHandle } from './fleet.js';
import { startSystem, type TSystem, type TSystemOptions } from './system.js';
import { waitFor } from './wait.js';

/** A platform with one lock whose tenant primary is installed: how the code e2e files begin. */
export interface TOneLockSystem {
  system: TSystem;
  lock: LockHandle;
  lockId: string;
  /** The tenant's primary, set and on the lock. */
  primary: string;
}

export async function startOneLockWithPrimary(
  options: Omit<TSystemOptions, 'lockCount'>,
): Promise<TOneLockSystem> {
  const system = await startSystem({ ...options, lockCount: 1 });
  try {
    const { lockId, deviceId } = system.portfolio.locks[0]!;
    const lock = await system.fleet!.lock(deviceId);
    const issued = await setPrimary(system.http.as(system.portfolio.tenant.token), system.portfolio.unitId);
    await waitForTarget(system.http, issued.accessCode.id, lockId, 'primary set', (t) => t.status === 'set');
    await waitFor('the primary on the lock', async () => (await lock.status()).slotsWithCode.includes(1));
    return { system, lock, lockId, primary: issued.code };
  } catch (error) {
    await system.close();
    throw error;
  }
}

/**
 * Issues a time-bound code on the unit, its window starting `startsInMs` from now and lasting
 * `lastsMs`, and waits until the lock holds it (its target `set`).
 */
export async function issueWindowAndWaitSet(
  { system, lockId }: TOneLockSystem,
  input: { startsInMs: number; lastsMs: number; holderName: string },
): Promise<{
  accessCode: TAccessCode;
  code: string;
  startsAt: Date;
  endsAt: Date;
  set: Awaited<ReturnType<typeof waitForTarget>>;
}> {
  const startsAt = new Date(Date.now() + input.startsInMs);
  const endsAt = new Date(startsAt.getTime() + input.lastsMs);
  const { accessCode, code } = await issueCode(system.http, {
    unitId: system.portfolio.unitId,
    startsAt,
    endsAt,
    holderName: input.holderName,
  });
  const set = await waitForTarget(system.http, accessCode.id, lockId, 'set', (t) => t.status === 'set');
  return { accessCode, code, startsAt, endsAt, set };
}
