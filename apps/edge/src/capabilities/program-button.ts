import { PRIMARY_SLOT } from '@lockstep/lock-protocol';
import { type TClock, type TTimer } from '../clock/clock.js';

/** A second press within this window selects the secondary code. */
export const PROGRAM_DOUBLE_PRESS_MS = 1_500;

/** Program mode ends, discarding the entry, after this long without input. */
export const PROGRAM_MODE_TIMEOUT_MS = 20_000;

/** The secondary code's slot (DESIGN §2: press twice). */
export const SECONDARY_SLOT = PRIMARY_SLOT + 1;

/**
 * The program button behind the interior cover (DESIGN §2): press once, enter a code on the keypad,
 * press the lock button → the primary; press twice → the secondary. This behaviour only tracks the mode
 * and collects the buttons; the firmware checks and stores the code, like any other code change.
 */
export class ProgramButton {
  #slot: number | null = null;
  #lastPressAt = Number.NEGATIVE_INFINITY;
  #entry = '';
  #timeout: TTimer | undefined;

  constructor(
    private readonly clock: TClock,
    private readonly slotCount: number,
    private readonly onTimeout: () => void = () => undefined,
  ) {}

  /** The slot being programmed, or null when not in program mode. */
  get slot(): number | null {
    return this.#slot;
  }

  isActive(): boolean {
    return this.#slot !== null;
  }

  /** Returns the slot now selected. */
  press(): number {
    const now = this.clock.now();
    const quickSecond =
      this.#slot === PRIMARY_SLOT &&
      this.#entry.length === 0 &&
      now - this.#lastPressAt <= PROGRAM_DOUBLE_PRESS_MS;
    this.#slot = quickSecond && this.slotCount >= SECONDARY_SLOT ? SECONDARY_SLOT : PRIMARY_SLOT;
    this.#lastPressAt = now;
    this.#entry = '';
    this.#touch();
    return this.#slot;
  }

  /** A keypad button while in program mode. */
  digit(button: number): void {
    if (this.#slot === null) return;
    this.#entry += String(button);
    this.#touch();
  }

  /** The lock button: ends program mode with the slot and the buttons entered. */
  commit(): { slot: number; buttons: string } | undefined {
    const slot = this.#slot;
    const buttons = this.#entry;
    this.cancel();
    return slot === null || buttons.length === 0 ? undefined : { slot, buttons };
  }

  cancel(): void {
    this.#slot = null;
    this.#entry = '';
    this.#timeout?.cancel();
    this.#timeout = undefined;
  }

  #touch(): void {
    this.#timeout?.cancel();
    this.#timeout = this.clock.setTimer(PROGRAM_MODE_TIMEOUT_MS, () => {
      this.cancel();
      this.onTimeout();
    });
  }
}
