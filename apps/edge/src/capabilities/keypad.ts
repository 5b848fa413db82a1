import { type TClock, type TTimer } from '../clock/clock.js';
import { Feedback, type TFeedbackSignal } from './keypad-feedback.js';

/** An entry with no press for this long ends (and counts as a wrong code if long enough). */
export const ENTRY_TIMEOUT_MS = 5_000;

/** What the keypad asks of the code slots. */
export interface TCodeMatcher {
  match(buttons: string): number | null;
  hasAnyCode(): boolean;
}

export interface TKeypadHooks {
  /** A stored code was matched: the firmware unlocks. */
  accepted(slot: number): void;
  /** An entry ended without a match; `attempt` counts consecutive wrong codes (1..attempts). */
  wrongCode(attempt: number): void;
  /** Too many wrong codes: the keypad ignores input until `until`. */
  lockedOut(until: number, attempts: number, durationSeconds: number): void;
  /** The lockout ended (state changes: `lockoutUntil` goes back to null). */
  lockoutEnded(): void;
  feedback(signal: TFeedbackSignal): void;
}

export interface TKeypadRules {
  minLength: number;
  maxLength: number;
  lockoutAttempts: number;
  lockoutSeconds: number;
}

/**
 * The exterior keypad (DESIGN §2): five paired buttons. It compares as buttons are pressed and accepts
 * the first stored code matched, so a code whose button sequence is a prefix of another's fires first.
 * An entry that matches nothing ends when it reaches the longest code length, when the lock button is
 * pressed, or after {@link ENTRY_TIMEOUT_MS} without a press; it counts as a wrong code if it had at
 * least the shortest code length (a stray press is not a guess). Three wrong codes in a row disable the
 * keypad for 60 s; a correct code resets the count. With no code stored the keypad does nothing.
 */
export class Keypad {
  #entry = '';
  #wrongInARow = 0;
  #lockoutUntil: number | null = null;
  #entryTimer: TTimer | undefined;
  #lockoutTimer: TTimer | undefined;

  constructor(
    private readonly clock: TClock,
    private readonly rules: TKeypadRules,
    private readonly codes: TCodeMatcher,
    private readonly hooks: TKeypadHooks,
  ) {}

  /** End of the current lockout, or null. */
  lockoutUntil(): number | null {
    return this.#lockoutUntil;
  }

  wrongCodesInARow(): number {
    return this.#wrongInARow;
  }

  /** Buttons pressed so far in the current entry (count only: the entry itself never leaves). */
  pendingPresses(): number {
    return this.#entry.length;
  }

  /** A digit button (1 = `1·2` … 5 = `9·0`). */
  press(button: number): void {
    if (!Number.isInteger(button) || button < 1 || button > 5) {
      throw new RangeError(`keypad button must be 1..5, got ${button}`);
    }
    if (this.#lockoutUntil !== null) {
      this.hooks.feedback({ feedback: Feedback.LockedOut });
      return;
    }
    if (!this.codes.hasAnyCode()) {
      this.hooks.feedback({ feedback: Feedback.RedFlash });
      return;
    }
    this.hooks.feedback({ feedback: Feedback.Beep });
    this.#entry += String(button);
    const slot = this.codes.match(this.#entry);
    if (slot !== null) {
      this.#clearEntry();
      this.#wrongInARow = 0;
      this.hooks.feedback({ feedback: Feedback.GreenFlash });
      this.hooks.accepted(slot);
      return;
    }
    if (this.#entry.length >= this.rules.maxLength) {
      this.#endEntry();
      return;
    }
    this.#entryTimer?.cancel();
    this.#entryTimer = this.clock.setTimer(ENTRY_TIMEOUT_MS, () => {
      this.#entryTimer = undefined;
      this.#endEntry();
    });
  }

  /**
   * The lock button ends a pending entry (a wrong code if it was long enough). The firmware throws the
   * bolt either way: the lock button is not part of a code.
   */
  lockButton(): void {
    if (this.#entry.length > 0) this.#endEntry();
  }

  /** Program mode and factory reset discard a pending entry without counting it. */
  discardEntry(): void {
    this.#clearEntry();
  }

  /** Power cycle or factory reset: entry, count and lockout are RAM and start over. */
  reset(): void {
    this.#clearEntry();
    this.#wrongInARow = 0;
    this.#lockoutTimer?.cancel();
    this.#lockoutTimer = undefined;
    this.#lockoutUntil = null;
  }

  #endEntry(): void {
    const length = this.#entry.length;
    this.#clearEntry();
    if (length < this.rules.minLength) return;
    this.#wrongInARow++;
    this.hooks.feedback({ feedback: Feedback.RedFlash });
    this.hooks.wrongCode(this.#wrongInARow);
    if (this.#wrongInARow >= this.rules.lockoutAttempts) {
      const attempts = this.#wrongInARow;
      this.#wrongInARow = 0;
      const until = this.clock.now() + this.rules.lockoutSeconds * 1000;
      this.#lockoutUntil = until;
      this.#lockoutTimer = this.clock.setTimer(this.rules.lockoutSeconds * 1000, () => {
        this.#lockoutTimer = undefined;
        this.#lockoutUntil = null;
        this.hooks.lockoutEnded();
      });
      this.hooks.lockedOut(until, attempts, this.rules.lockoutSeconds);
    }
  }

  #clearEntry(): void {
    this.#entry = '';
    this.#entryTimer?.cancel();
    this.#entryTimer = undefined;
  }
}
