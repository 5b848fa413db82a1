import {
  BoltOperation,
  BoltState,
  RejectReason,
  type TBoltOperation,
  type TBoltState,
  type TJamCause,
} from '@lockstep/lock-protocol';
import { type TClock } from '../clock/clock.js';

/** How long the motor runs to throw or retract the bolt. */
export const MOTOR_RUN_MS = 600;

export type TBoltPosition = typeof BoltState.Locked | typeof BoltState.Unlocked;

/** What the motor needs from the battery. */
export interface TMotorPower {
  isDead(): boolean;
  consumeMotorOperation(): void;
}

export type TMotorOutcome =
  | { ok: true; moved: boolean; position: TBoltPosition }
  | { ok: false; reason: typeof RejectReason.Busy | typeof RejectReason.BatteryDead }
  | { ok: false; reason: typeof RejectReason.Jammed; cause: TJamCause };

export interface TBoltMotorState {
  position: TBoltPosition;
  /** A mechanical fault present in the door (injected); every motor run stalls while it is. */
  fault: TJamCause | null;
  /** The bolt stalled on the current fault. */
  jammed: boolean;
}

/**
 * The motor-driven bolt (or, on a lever set, the lever clutch). The motor runs for {@link MOTOR_RUN_MS}
 * and draws from the battery; with a fault present it stalls and the bolt reads `jammed` until the fault
 * is cleared. By hand, the thumb turn moves a bolt that is neither moving nor jammed, battery or not.
 * The motor reports nothing itself: the firmware turns outcomes into events, then state reports.
 */
export class BoltMotor {
  #position: TBoltPosition;
  #fault: TJamCause | null;
  #jammed: boolean;
  #moving = false;

  constructor(
    private readonly clock: TClock,
    private readonly power: TMotorPower,
    initial: TBoltMotorState,
  ) {
    this.#position = initial.position;
    this.#fault = initial.fault;
    this.#jammed = initial.jammed && initial.fault !== null;
  }

  state(): TBoltState {
    if (this.#moving) return BoltState.Moving;
    if (this.#jammed) return BoltState.Jammed;
    return this.#position;
  }

  get position(): TBoltPosition {
    return this.#position;
  }

  snapshot(): TBoltMotorState {
    return { position: this.#position, fault: this.#fault, jammed: this.#jammed };
  }

  /** Runs the motor towards `operation`'s position. Resolves when the motor stops. */
  run(operation: TBoltOperation): Promise<TMotorOutcome> {
    if (this.#moving) return Promise.resolve({ ok: false, reason: RejectReason.Busy });
    if (this.power.isDead()) return Promise.resolve({ ok: false, reason: RejectReason.BatteryDead });
    const target: TBoltPosition = operation === BoltOperation.Lock ? BoltState.Locked : BoltState.Unlocked;
    if (!this.#jammed && this.#position === target) {
      return Promise.resolve({ ok: true, moved: false, position: target });
    }
    this.power.consumeMotorOperation();
    this.#moving = true;
    return new Promise((resolve) => {
      this.clock.setTimer(MOTOR_RUN_MS, () => {
        this.#moving = false;
        if (this.#fault !== null) {
          this.#jammed = true;
          resolve({ ok: false, reason: RejectReason.Jammed, cause: this.#fault });
          return;
        }
        this.#jammed = false;
        this.#position = target;
        resolve({ ok: true, moved: true, position: target });
      });
    });
  }

  /** Thumb turn: toggles the bolt by hand. Returns the new position, or undefined when it cannot turn. */
  turnByHand(): TBoltPosition | undefined {
    if (this.#moving || this.#jammed) return undefined;
    this.#position = this.#position === BoltState.Locked ? BoltState.Unlocked : BoltState.Locked;
    return this.#position;
  }

  /** A mechanical fault appears (fault injection); the next motor run stalls. */
  injectFault(cause: TJamCause): void {
    this.#fault = cause;
  }

  /** Someone fixed the fault: the bolt is free again and reads its last position. */
  clearFault(): boolean {
    const wasJammed = this.#jammed;
    this.#fault = null;
    this.#jammed = false;
    return wasJammed;
  }

  get fault(): TJamCause | null {
    return this.#fault;
  }
}
