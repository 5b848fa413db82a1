import {
  validateCode,
  type TCapabilityProfile,
  type TCodeRuleReason,
  type TCodeRules,
} from '@lockstep/lock-protocol';

/**
 * The organization's code policy on top of a lock model's code rules. The keypad has five buttons, so a
 * code of n digits is one of only 5^n button sequences: 625 for four digits, gone through in under four
 * hours at three tries a minute (lockout after three). Organizations therefore set a minimum length
 * above the model's, six by default (15,625 sequences, about three and a half days of guessing).
 */

/** Default minimum code length of an organization (matches the database default). */
export const DEFAULT_MIN_CODE_LENGTH = 6;

/**
 * The rules a code must pass on a lock: the model's maximum, and the larger of the model's and the
 * organization's minimum. Null when the organization's minimum exceeds what the model can store.
 */
export function codeRulesForLock(
  profile: Pick<TCapabilityProfile, 'codeLength'>,
  minCodeLength: number = DEFAULT_MIN_CODE_LENGTH,
): TCodeRules | null {
  const minLength = Math.max(minCodeLength, profile.codeLength.min);
  if (minLength > profile.codeLength.max) return null;
  return { minLength, maxLength: profile.codeLength.max };
}

/** Why a code fails the policy on a lock: a lock-protocol code rule, or no length that fits both. */
export type TCodePolicyReason = TCodeRuleReason | 'min_length_unsupported';

/**
 * Checks a code against the policy on one lock model: digits, length, weak patterns (single button,
 * straight run) — lock-protocol's `validateCode`, with {@link codeRulesForLock}. The detail never
 * contains the code or its buttons.
 */
export function checkCodePolicy(
  code: string,
  profile: Pick<TCapabilityProfile, 'codeLength'>,
  minCodeLength: number = DEFAULT_MIN_CODE_LENGTH,
): { ok: true } | { ok: false; reason: TCodePolicyReason; detail: string } {
  const rules = codeRulesForLock(profile, minCodeLength);
  if (rules === null) {
    return {
      ok: false,
      reason: 'min_length_unsupported',
      detail: `the organization's minimum of ${minCodeLength} digits exceeds this lock's maximum of ${profile.codeLength.max}`,
    };
  }
  const check = validateCode(code, rules);
  if (check.ok) return { ok: true };
  // Our own wording: lock-protocol's details name the buttons pressed, which is the code to the lock.
  return { ok: false, reason: check.reason, detail: reasonDetail(check.reason, rules) };
}

function reasonDetail(reason: TCodeRuleReason, rules: TCodeRules): string {
  switch (reason) {
    case 'not_digits':
      return 'a code contains only the digits 0-9';
    case 'too_short':
      return `a code has at least ${rules.minLength} digits`;
    case 'too_long':
      return `a code has at most ${rules.maxLength} digits`;
    case 'weak_single_button':
      return 'every digit is on the same keypad button';
    case 'weak_straight_run':
      return 'the keypad buttons form a straight run (like 1-3-5-7)';
  }
}
