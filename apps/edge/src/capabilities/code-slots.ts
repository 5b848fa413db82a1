import {
  KEYPAD_BUTTONS,
  RejectReason,
  checkAgainst,
  codeRulesFor,
  isSlotInRange,
  type TCapabilityProfile,
} from '@lockstep/lock-protocol';
import { type TNvmSlot } from '../nvm/nvm-record.js';

/**
 * One digit string with the given button sequence (each button's first digit). The lock only ever
 * sees buttons, so it stores button sequences; lock-protocol's rules take digits, and every digit
 * string of a sequence gives the same answer (and the same fingerprint).
 */
export function digitsOfButtons(buttons: string): string {
  let digits = '';
  for (const button of buttons) digits += KEYPAD_BUTTONS[Number(button) - 1]?.[0] ?? '';
  return digits;
}

export type TSlotCheck =
  | { ok: true; buttons: string }
  | {
      ok: false;
      reason:
        | typeof RejectReason.SlotOutOfRange
        | typeof RejectReason.InvalidCode
        | typeof RejectReason.ConflictEqual
        | typeof RejectReason.ConflictPrefix;
      /** Names the rule or the conflicting slot; never a code. */
      detail: string;
    };

/**
 * The code slots of DESIGN §2: as many as the profile says, slot 1 the primary. Installing into one
 * slot never touches another, and a code that equals or prefixes (at button level) another slot's
 * code is refused, because the keypad matches as buttons are pressed and the shorter one would always
 * fire first.
 */
export class CodeSlots {
  #slots: TNvmSlot[];

  constructor(
    private readonly profile: Pick<TCapabilityProfile, 'slotCount' | 'codeLength'>,
    slots: readonly TNvmSlot[] = [],
  ) {
    this.#slots = Array.from({ length: profile.slotCount }, (_, index) => {
      const stored = slots.find((entry) => entry.slot === index + 1);
      return stored === undefined ? { slot: index + 1, buttons: null, version: 0 } : { ...stored };
    });
  }

  get slotCount(): number {
    return this.profile.slotCount;
  }

  /** Whether `code` (digits) may go into `slot`, checked against every other slot. */
  check(slot: number, code: string): TSlotCheck {
    if (!isSlotInRange(this.profile, slot)) {
      return {
        ok: false,
        reason: RejectReason.SlotOutOfRange,
        detail: `slot ${slot} is not in 1..${this.profile.slotCount}`,
      };
    }
    const others = this.#slots
      .filter((entry) => entry.slot !== slot && entry.buttons !== null)
      .map((entry) => ({ slot: entry.slot, code: digitsOfButtons(entry.buttons ?? '') }));
    const result = checkAgainst(code, others, codeRulesFor(this.profile));
    if (result.ok) return { ok: true, buttons: result.buttons };
    if (result.reason === 'conflict_equal' || result.reason === 'conflict_prefix') {
      const slots = result.conflicts.map((conflict) => conflict.existing.slot).join(', ');
      return {
        ok: false,
        reason: result.reason === 'conflict_equal' ? RejectReason.ConflictEqual : RejectReason.ConflictPrefix,
        detail:
          result.reason === 'conflict_equal'
            ? `same button sequence as the code in slot ${slots}`
            : `button sequence is a prefix of, or starts with, the code in slot ${slots}`,
      };
    }
    return { ok: false, reason: RejectReason.InvalidCode, detail: `${result.reason}: ${result.detail}` };
  }

  /** Checks and stores `code` in `slot`; `version` is the command's, or undefined for local programming. */
  install(slot: number, code: string, version?: number): TSlotCheck {
    const check = this.check(slot, code);
    if (!check.ok) return check;
    const entry = this.#entry(slot);
    entry.buttons = check.buttons;
    if (version !== undefined) entry.version = version;
    return check;
  }

  /** Empties `slot` (in range: callers check first). */
  clear(slot: number, version?: number): void {
    const entry = this.#entry(slot);
    entry.buttons = null;
    if (version !== undefined) entry.version = version;
  }

  isInRange(slot: number): boolean {
    return isSlotInRange(this.profile, slot);
  }

  /** Records the version of the command applied to `slot` (lock-protocol's `recordApplied`). */
  setVersion(slot: number, version: number): void {
    this.#entry(slot).version = version;
  }

  version(slot: number): number {
    return this.#entry(slot).version;
  }

  hasCode(slot: number): boolean {
    return this.#entry(slot).buttons !== null;
  }

  hasAnyCode(): boolean {
    return this.#slots.some((entry) => entry.buttons !== null);
  }

  /** Clearing `slot` would leave the lock without a code (DESIGN §2: the keypad would stop working). */
  wouldLeaveNoCode(slot: number): boolean {
    return this.#slots.every((entry) => entry.slot === slot || entry.buttons === null);
  }

  /** The first slot whose code has exactly this button sequence, or null. */
  match(buttons: string): number | null {
    return this.#slots.find((entry) => entry.buttons === buttons)?.slot ?? null;
  }

  /** Digits of the code in `slot` (one representative per button sequence), for fingerprinting. */
  codeDigits(slot: number): string | null {
    const buttons = this.#entry(slot).buttons;
    return buttons === null ? null : digitsOfButtons(buttons);
  }

  /** Factory reset: every slot empty, every version back to 0. */
  reset(): void {
    for (const entry of this.#slots) {
      entry.buttons = null;
      entry.version = 0;
    }
  }

  snapshot(): TNvmSlot[] {
    return this.#slots.map((entry) => ({ ...entry }));
  }

  #entry(slot: number): TNvmSlot {
    const entry = this.#slots[slot - 1];
    if (entry === undefined) throw new RangeError(`slot ${slot} is not in 1..${this.profile.slotCount}`);
    return entry;
  }
}
