import { type TBattery } from '@lockstep/lock-protocol';
import { type TClock, type TTimer } from '../clock/clock.js';

/**
 * Battery pack: four AA alkaline cells. Charge drains per motor operation and per idle hour; percent
 * and millivolts follow a discharge curve. Crossing {@link BATTERY_LOW_PERCENT} raises the low-battery
 * warning once (re-armed by fresh batteries); at {@link BATTERY_DEAD_PERCENT} the motor no longer runs.
 */
export const BATTERY_LOW_PERCENT = 15;
export const BATTERY_DEAD_PERCENT = 2;

export interface TBatteryDrain {
  /** Fraction of a full pack one motor operation uses. */
  perMotorOperation: number;
  /** Fraction of a full pack an idle hour uses (radio, keypad scan). */
  perIdleHour: number;
}

/** About a year on four AA cells at ten operations a day. */
export const DEFAULT_BATTERY_DRAIN: Readonly<TBatteryDrain> = Object.freeze({
  perMotorOperation: 0.00004,
  perIdleHour: 0.0001,
});

/** Pack voltage (mV) at a charge fraction: alkaline cells sag slowly, then fall off a cliff. */
const DISCHARGE_CURVE: readonly (readonly [charge: number, millivolts: number])[] = [
  [0, 4400],
  [0.1, 4900],
  [0.2, 5200],
  [0.5, 5600],
  [0.8, 5900],
  [1, 6200],
];

export function millivoltsAt(charge: number): number {
  for (let i = 1; i < DISCHARGE_CURVE.length; i++) {
    const [c1, v1] = DISCHARGE_CURVE[i - 1] ?? [0, 0];
    const [c2, v2] = DISCHARGE_CURVE[i] ?? [1, 0];
    if (charge <= c2) return Math.round(v1 + ((charge - c1) / (c2 - c1)) * (v2 - v1));
  }
  return DISCHARGE_CURVE[DISCHARGE_CURVE.length - 1]?.[1] ?? 0;
}

export interface TBatteryHooks {
  /** The reported percent changed (telemetry goes out on this). */
  changed(reading: TBattery): void;
  /** The charge just fell to the low threshold. */
  low(reading: TBattery): void;
}

const HOUR_MS = 3_600_000;

export class Battery {
  #charge: number;
  #settledAt: number;
  #lowAnnounced: boolean;
  #hourly: TTimer | undefined;

  constructor(
    private readonly clock: TClock,
    charge: number,
    private readonly drain: TBatteryDrain,
    private readonly hooks: TBatteryHooks,
  ) {
    this.#charge = clampCharge(charge);
    this.#settledAt = clock.now();
    // A lock that boots already low has announced it before; the state report carries the reading.
    this.#lowAnnounced = this.isLow();
  }

  /** Starts the hourly idle drain. */
  start(): void {
    this.#hourly?.cancel();
    this.#hourly = this.clock.setTimer(HOUR_MS, () => {
      this.settle();
      this.start();
    });
  }

  stop(): void {
    this.#hourly?.cancel();
    this.#hourly = undefined;
  }

  get charge(): number {
    return this.#charge;
  }

  reading(): TBattery {
    return { percent: Math.round(this.#charge * 100), millivolts: millivoltsAt(this.#charge) };
  }

  isLow(): boolean {
    return this.reading().percent <= BATTERY_LOW_PERCENT;
  }

  /** Too weak to run the motor. */
  isDead(): boolean {
    return this.reading().percent <= BATTERY_DEAD_PERCENT;
  }

  /** Applies the idle drain accrued since the last call. */
  settle(): void {
    const now = this.clock.now();
    const hours = Math.max(0, now - this.#settledAt) / HOUR_MS;
    this.#settledAt = now;
    this.#consume(hours * this.drain.perIdleHour);
  }

  consumeMotorOperation(): void {
    this.settle();
    this.#consume(this.drain.perMotorOperation);
  }

  /** Fresh cells: full charge, low warning re-armed. */
  replace(): void {
    this.settle();
    const before = this.reading();
    this.#charge = 1;
    this.#lowAnnounced = false;
    if (before.percent !== this.reading().percent) this.hooks.changed(this.reading());
  }

  /** Fault injection and tests: set the charge directly (e.g. to drive a lock to low battery). */
  setCharge(charge: number): void {
    this.settle();
    this.#apply(clampCharge(charge));
  }

  #consume(fraction: number): void {
    if (fraction <= 0) return;
    this.#apply(clampCharge(this.#charge - fraction));
  }

  #apply(charge: number): void {
    const before = this.reading().percent;
    this.#charge = charge;
    const after = this.reading();
    if (after.percent !== before) this.hooks.changed(after);
    if (!this.#lowAnnounced && after.percent <= BATTERY_LOW_PERCENT) {
      this.#lowAnnounced = true;
      this.hooks.low(after);
    }
    if (after.percent > BATTERY_LOW_PERCENT) this.#lowAnnounced = false;
  }
}

function clampCharge(charge: number): number {
  return Math.min(1, Math.max(0, charge));
}
