import { type TBirthMessage, type TStateMessage } from './messages/device-status.js';
import { ProtocolErrorCode, type TProtocolErrorInfo } from './protocol-error.js';
import { supportsAutoLockSeconds, type TCapabilityProfile } from './profiles.js';

/**
 * Checks a message that decoded fine against what the cloud knows about the lock: schemas cannot know
 * the model, so these run after `decode` (PROTOCOL.md §11). Each returns null when consistent.
 */

/** A state report must list exactly the model's slots and an auto-lock value the model offers. */
export function checkStateAgainstProfile(
  state: TStateMessage,
  profile: Pick<TCapabilityProfile, 'slotCount' | 'autoLockOptions'>,
): TProtocolErrorInfo | null {
  if (state.slots.length !== profile.slotCount) {
    return {
      code: ProtocolErrorCode.InvalidField,
      field: 'slots',
      detail: `model has ${profile.slotCount} slots, report lists ${state.slots.length}`,
    };
  }
  if (!supportsAutoLockSeconds(profile, state.autoLockSeconds)) {
    return {
      code: ProtocolErrorCode.InvalidField,
      field: 'autoLockSeconds',
      detail: `model does not offer auto-lock ${state.autoLockSeconds} s`,
    };
  }
  return null;
}

/** A birth must come from the registered model and carry the key registered at commissioning. */
export function checkBirthAgainstRegistration(
  birth: TBirthMessage,
  registered: { model: string; publicKey: string },
): TProtocolErrorInfo | null {
  if (birth.model !== registered.model) {
    return {
      code: ProtocolErrorCode.InvalidField,
      field: 'model',
      detail: `registered as ${registered.model}, announces ${birth.model}`,
    };
  }
  if (birth.publicKey !== registered.publicKey) {
    return {
      code: ProtocolErrorCode.InvalidKey,
      field: 'publicKey',
      detail: 'public key differs from the registered one',
    };
  }
  return null;
}
