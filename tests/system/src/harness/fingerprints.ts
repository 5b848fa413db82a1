import { seededLockKeys } from '@lockstep/edge/dist/firmware/lock-crypto.js';
import { slotFingerprint } from '@lockstep/lock-protocol/node';

/**
 * The fingerprint a seeded lock reports for `code` in `slot`: the test knows the fleet seed, so it
 * can tell from the lock's own reports which code a slot holds without pressing any button (pressing
 * wrong codes in a loop would trip the keypad lockout).
 */
export function expectedFingerprint(fleetSeed: string, deviceId: string, slot: number, code: string): string {
  return slotFingerprint({
    deviceKey: seededLockKeys(fleetSeed, deviceId).fingerprintKey,
    deviceId,
    slot,
    code,
  });
}
