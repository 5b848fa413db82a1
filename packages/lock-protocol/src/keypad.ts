import { KEYPAD_BUTTON_COUNT } from './constants.js';
import { ProtocolError, ProtocolErrorCode } from './protocol-error.js';
import { defaultRandomSource, randomBelow, type TRandomSource } from './random-source.js';

/**
 * The keypad model of DESIGN §2. Five buttons carry two digits each (`1·2`, `3·4`, `5·6`, `7·8`, `9·0`),
 * so the lock only ever sees which *button* was pressed: every rule here works on button sequences.
 */

/** Digits printed on each button, button 1 first. */
export const KEYPAD_BUTTONS = [
  ['1', '2'],
  ['3', '4'],
  ['5', '6'],
  ['7', '8'],
  ['9', '0'],
] as const;

/** Length limits for codes; a capability profile supplies them per model. */
export interface TCodeRules {
  minLength: number;
  maxLength: number;
}

/** Code lengths of the seed model (DESIGN §2): 4 to 8 digits. */
export const SEED_CODE_RULES: Readonly<TCodeRules> = Object.freeze({ minLength: 4, maxLength: 8 });

/** Why a code breaks a code rule. Wire values: the lock reports the same strings in `invalid_code` details. */
export const CodeRuleReason = {
  /** Contains something other than the ASCII digits 0–9. */
  NotDigits: 'not_digits',
  /** Shorter than the model's minimum length. */
  TooShort: 'too_short',
  /** Longer than the model's maximum length. */
  TooLong: 'too_long',
  /** Every digit is on the same button (`1111`, `1212`, `9090`): one button pressed n times. */
  WeakSingleButton: 'weak_single_button',
  /** Buttons form one straight run, each press one button up (`1357` → 1234) or one down (`0864` → 5432). */
  WeakStraightRun: 'weak_straight_run',
} as const;
export type TCodeRuleReason = (typeof CodeRuleReason)[keyof typeof CodeRuleReason];

/** How two codes collide on a lock. */
export const Conflict = {
  /** Same button sequence: the lock cannot tell them apart. */
  Equal: 'equal',
  /**
   * One button sequence is a proper prefix of the other. The lock matches as buttons are pressed and
   * opens on the first stored code matched, so the shorter code fires before the longer is complete and
   * the longer one can never be used.
   */
  Prefix: 'prefix',
} as const;
export type TConflict = (typeof Conflict)[keyof typeof Conflict];

/** Reasons `checkAgainst` can give: a code rule, or a conflict with a code already present. */
export type TCandidateRejection = TCodeRuleReason | 'conflict_equal' | 'conflict_prefix';

const DIGITS = /^[0-9]*$/;

/** Button (1–5) a digit is on: `1`,`2` → 1 … `9`,`0` → 5. */
export function buttonOfDigit(digit: string): number {
  if (digit.length !== 1 || !DIGITS.test(digit)) {
    throw new ProtocolError({ code: ProtocolErrorCode.InvalidCode, detail: 'not a single digit' });
  }
  const value = Number(digit);
  return value === 0 ? KEYPAD_BUTTON_COUNT : Math.ceil(value / 2);
}

/** The other digit on the same button: 1↔2, 3↔4, 5↔6, 7↔8, 9↔0. */
export function pairMate(digit: string): string {
  const pair = KEYPAD_BUTTONS[buttonOfDigit(digit) - 1];
  if (pair === undefined) throw new RangeError('unreachable: button out of range');
  return pair[0] === digit ? pair[1] : pair[0];
}

/**
 * Digits → button sequence as a string of `1`–`5`: `1357` → `1234`, `2468` → `1234`, `90` → `55`.
 * Throws a ProtocolError (`invalid_code`) on anything but ASCII digits; validate untrusted input first.
 */
export function buttonSequence(code: string): string {
  if (!DIGITS.test(code)) {
    throw new ProtocolError({
      code: ProtocolErrorCode.InvalidCode,
      detail: `code must contain only digits 0-9 (${CodeRuleReason.NotDigits})`,
    });
  }
  let buttons = '';
  for (const digit of code) buttons += String(buttonOfDigit(digit));
  return buttons;
}

function sequenceConflict(a: string, b: string): TConflict | null {
  if (a === b) return Conflict.Equal;
  if (a.startsWith(b) || b.startsWith(a)) return Conflict.Prefix;
  return null;
}

/**
 * How two codes collide at button level: `'equal'` when their button sequences are identical, `'prefix'`
 * when one is a proper prefix of the other, otherwise `null`. Symmetric. Throws on non-digit input.
 */
export function findConflict(a: string, b: string): TConflict | null {
  return sequenceConflict(buttonSequence(a), buttonSequence(b));
}

/**
 * Weak pattern of a button sequence, or null. Precisely (n = length, b[i] the buttons):
 * - `weak_single_button`: n ≥ 1 and b[i] = b[0] for all i;
 * - `weak_straight_run`: n ≥ 2 and b[i+1] − b[i] = +1 for all i, or = −1 for all i (no wrap-around
 *   from 5 to 1). With five buttons this only hits 4- and 5-button codes: 1234, 2345, 12345, 4321, 5432,
 *   54321.
 */
export function weakPattern(buttons: string): TCodeRuleReason | null {
  if (buttons.length === 0) return null;
  const first = buttons[0];
  if ([...buttons].every((button) => button === first)) return CodeRuleReason.WeakSingleButton;
  if (buttons.length < 2) return null;
  const steps = new Set<number>();
  for (let i = 1; i < buttons.length; i++) steps.add(Number(buttons[i]) - Number(buttons[i - 1]));
  if (steps.size === 1 && (steps.has(1) || steps.has(-1))) return CodeRuleReason.WeakStraightRun;
  return null;
}

/** Outcome of checking a code against the code rules. */
export type TCodeRuleCheck =
  { ok: true; buttons: string } | { ok: false; reason: TCodeRuleReason; detail: string };

/**
 * Checks one code against the rules, in this order: digits only, minimum length, maximum length,
 * single button, straight run. Returns the first rule broken.
 */
export function validateCode(code: string, rules: TCodeRules = SEED_CODE_RULES): TCodeRuleCheck {
  if (!DIGITS.test(code) || code.length === 0) {
    return { ok: false, reason: CodeRuleReason.NotDigits, detail: 'a code contains only the digits 0-9' };
  }
  if (code.length < rules.minLength) {
    return {
      ok: false,
      reason: CodeRuleReason.TooShort,
      detail: `a code has at least ${rules.minLength} digits`,
    };
  }
  if (code.length > rules.maxLength) {
    return {
      ok: false,
      reason: CodeRuleReason.TooLong,
      detail: `a code has at most ${rules.maxLength} digits`,
    };
  }
  const buttons = buttonSequence(code);
  const weak = weakPattern(buttons);
  if (weak === CodeRuleReason.WeakSingleButton) {
    return { ok: false, reason: weak, detail: `every digit is on button ${buttons[0] ?? ''}` };
  }
  if (weak === CodeRuleReason.WeakStraightRun) {
    return { ok: false, reason: weak, detail: `buttons ${buttons} form a straight run` };
  }
  return { ok: true, buttons };
}

/** A code already present that a candidate collides with. */
export interface TCodeConflict<T> {
  existing: T;
  conflict: TConflict;
}

/** Outcome of `checkAgainst`. `conflicts` lists every colliding code, equal ones first. */
export type TCandidateCheck<T> =
  | { ok: true; buttons: string }
  | { ok: false; reason: TCandidateRejection; detail: string; conflicts: TCodeConflict<T>[] };

/** Something that holds a code: a plain digit string, or an object with a `code` field. */
export type TCodeHolder = string | { readonly code: string };

function codeOf(holder: TCodeHolder): string {
  return typeof holder === 'string' ? holder : holder.code;
}

/**
 * Checks a candidate code against the code rules and against every code that can be on the same lock
 * at the same time. Existing codes may be strings or objects with a `code` field; the conflicting ones
 * are returned as given, so callers can name them.
 */
export function checkAgainst<T extends TCodeHolder>(
  candidate: string,
  codes: Iterable<T>,
  rules: TCodeRules = SEED_CODE_RULES,
): TCandidateCheck<T> {
  const rule = validateCode(candidate, rules);
  if (!rule.ok) return { ...rule, conflicts: [] };
  const equal: TCodeConflict<T>[] = [];
  const prefix: TCodeConflict<T>[] = [];
  for (const existing of codes) {
    const conflict = sequenceConflict(rule.buttons, buttonSequence(codeOf(existing)));
    if (conflict === Conflict.Equal) equal.push({ existing, conflict });
    else if (conflict === Conflict.Prefix) prefix.push({ existing, conflict });
  }
  if (equal.length > 0) {
    return {
      ok: false,
      reason: 'conflict_equal',
      detail: `same button sequence as ${equal.length} existing code(s)`,
      conflicts: [...equal, ...prefix],
    };
  }
  if (prefix.length > 0) {
    return {
      ok: false,
      reason: 'conflict_prefix',
      detail: `button sequence is a prefix of, or starts with, ${prefix.length} existing code(s)`,
      conflicts: prefix,
    };
  }
  return { ok: true, buttons: rule.buttons };
}

/**
 * Number of distinct codes of `length` digits as the lock sees them: 5^length button sequences
 * (10^length digit strings collapse pairwise). Brute-force alerting uses it: with a 60 s lockout every
 * three tries, a 4-digit code space of 625 falls in under 3.5 hours of guessing.
 */
export function codeSpaceSize(length: number): number {
  if (!Number.isInteger(length) || length < 0)
    throw new RangeError(`length must be a natural number, got ${length}`);
  return KEYPAD_BUTTON_COUNT ** length;
}

/** Random attempts before falling back to enumerating the whole space (which proves exhaustion). */
const RANDOM_ATTEMPTS = 64;

function digitsForButtons(buttons: string, random: TRandomSource): string {
  let code = '';
  for (const button of buttons) {
    const pair = KEYPAD_BUTTONS[Number(button) - 1];
    if (pair === undefined) throw new RangeError('unreachable: button out of range');
    code += pair[randomBelow(2, random)];
  }
  return code;
}

function isFreeSequence(buttons: string, taken: readonly string[]): boolean {
  return weakPattern(buttons) === null && taken.every((other) => sequenceConflict(buttons, other) === null);
}

/**
 * A uniformly random code of `length` digits that passes the code rules and conflicts (equal or prefix)
 * with none of `existing`. `random` must be cryptographically secure (default:
 * `globalThis.crypto.getRandomValues`). Throws ProtocolError `code_space_exhausted` when no such code
 * exists, and `invalid_code` when `length` is outside `rules`.
 */
export function generateCode(
  length: number,
  existing: Iterable<TCodeHolder> = [],
  random: TRandomSource = defaultRandomSource(),
  rules: TCodeRules = SEED_CODE_RULES,
): string {
  if (!Number.isInteger(length) || length < rules.minLength || length > rules.maxLength) {
    throw new ProtocolError({
      code: ProtocolErrorCode.InvalidCode,
      field: 'length',
      detail: `length must be an integer in ${rules.minLength}..${rules.maxLength}`,
    });
  }
  const taken = Array.from(existing, (holder) => buttonSequence(codeOf(holder)));
  // Uniform digits, rejected until valid, give a uniform valid code; almost always the first try.
  for (let attempt = 0; attempt < RANDOM_ATTEMPTS; attempt++) {
    let buttons = '';
    for (let i = 0; i < length; i++) buttons += String(randomBelow(KEYPAD_BUTTON_COUNT, random) + 1);
    if (isFreeSequence(buttons, taken)) return digitsForButtons(buttons, random);
  }
  // A crowded space: enumerate every sequence (at most 5^8 = 390,625), then pick one uniformly.
  const free: string[] = [];
  const total = codeSpaceSize(length);
  for (let index = 0; index < total; index++) {
    let buttons = '';
    let rest = index;
    for (let i = 0; i < length; i++) {
      buttons = String((rest % KEYPAD_BUTTON_COUNT) + 1) + buttons;
      rest = Math.floor(rest / KEYPAD_BUTTON_COUNT);
    }
    if (isFreeSequence(buttons, taken)) free.push(buttons);
  }
  const chosen = free[free.length === 0 ? 0 : randomBelow(free.length, random)];
  if (chosen === undefined) {
    throw new ProtocolError({
      code: ProtocolErrorCode.CodeSpaceExhausted,
      field: 'length',
      detail: `no ${length}-digit code avoids the weak patterns and the ${taken.length} existing code(s)`,
    });
  }
  return digitsForButtons(chosen, random);
}
