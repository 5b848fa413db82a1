import { setPrimary, waitForTarget } from './access-codes.js';
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
