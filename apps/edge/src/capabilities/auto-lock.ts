import { AUTO_LOCK_OFF, BoltState, FormFactor, type TFormFactor } from '@lockstep/lock-protocol';
import { type TClock, type TTimer } from '../clock/clock.js';
import { type TBoltPosition } from './bolt-motor.js';

/** A lever set's lever relocks by itself this long after the keypad frees it. */
export const LEVER_RELOCK_SECONDS = 5;

/**
 * Auto-lock (DESIGN §2): off, or relock a set time after every unlock. Watches bolt positions and asks
 * for a relock when the timer runs out; a lock in between (by hand, button or command) cancels it.
 * On a lever set the lever always relocks after {@link LEVER_RELOCK_SECONDS}, whatever the setting.
 */
export class AutoLock {
  #seconds: number;
  #timer: TTimer | undefined;

  constructor(
    private readonly clock: TClock,
    private readonly formFactor: TFormFactor,
    seconds: number,
    private readonly relock: () => void,
  ) {
    this.#seconds = seconds;
  }

  get seconds(): number {
    return this.#seconds;
  }

  setSeconds(seconds: number): void {
    this.#seconds = seconds;
    if (seconds === AUTO_LOCK_OFF && this.formFactor !== FormFactor.Lever) this.cancel();
  }

  /** The delay that applies now, in seconds; 0 when nothing relocks. */
  effectiveSeconds(): number {
    return this.formFactor === FormFactor.Lever ? LEVER_RELOCK_SECONDS : this.#seconds;
  }

  boltMoved(position: TBoltPosition): void {
    this.cancel();
    if (position !== BoltState.Unlocked) return;
    const seconds = this.effectiveSeconds();
    if (seconds === AUTO_LOCK_OFF) return;
    this.#timer = this.clock.setTimer(seconds * 1000, () => {
      this.#timer = undefined;
      this.relock();
    });
  }

  isArmed(): boolean {
    return this.#timer !== undefined;
  }

  cancel(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
  }
}
