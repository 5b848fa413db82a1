import { DEMO } from '@lockstep/db';
import { profileFor } from '@lockstep/lock-protocol';

/**
 * Whether Lockstep knows a lock model: it must have a capability profile in @lockstep/lock-protocol.
 * The demo seed's model id predates the profiles and is accepted until the seed uses a profile id.
 */
export function isKnownLockModel(model: string): boolean {
  return profileFor(model) !== undefined || model === DEMO.lockModel;
}
