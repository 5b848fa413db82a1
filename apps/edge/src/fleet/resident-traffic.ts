import { JamCause, type TJamCause } from '@lockstep/lock-protocol';
import { type TClock, type TTimer } from '../clock/clock.js';
import { type TLockDevice } from '../device/lock-device.js';
import { type SeededRandom } from './seeded-random.js';

/** How often each kind of thing happens in the simulated fleet. */
export interface TTrafficProfile {
  /** Keypad entries per lock per hour (residents, visitors, guessers). */
  entriesPerHour: number;
  /** Share of entries that are wrong codes (a typo, a forgotten code). */
  wrongCodeShare: number;
  /** Chance per entry that a wrong code is someone guessing three times (a lockout). */
  guessingChance: number;
  /** Chance per entry that the door is opened from inside instead (thumb turn). */
  thumbturnShare: number;
  /** Chance per entry of local reprogramming with the program button. */
  reprogramChance: number;
  /** Chance per entry that a mechanical fault appears (cleared after `faultMinutes`). */
  jamChance: number;
  faultMinutes: [number, number];
  /** Chance per entry that the lock loses the network for `offlineMinutes`. */
  offlineChance: number;
  offlineMinutes: [number, number];
  /** Hours until someone replaces the batteries after the low-battery warning. */
  batteryReplacedAfterHours: [number, number];
}

export const DEFAULT_TRAFFIC: Readonly<TTrafficProfile> = Object.freeze<TTrafficProfile>({
  entriesPerHour: 6,
  wrongCodeShare: 0.08,
  guessingChance: 0.005,
  thumbturnShare: 0.2,
  reprogramChance: 0.003,
  jamChance: 0.002,
  faultMinutes: [5, 30],
  offlineChance: 0.002,
  offlineMinutes: [1, 10],
  batteryReplacedAfterHours: [2, 48],
});

const JAM_CAUSES: readonly TJamCause[] = [
  JamCause.MountingPlatePressure,
  JamCause.ClutchDisengaged,
  JamCause.DoorHoleMisaligned,
];

const MINUTE = 60_000;

/**
 * People and faults around one lock: residents typing their codes through the day (the simulator
 * reads the stored button sequences, as a resident knows their code), some wrong codes, guessers who
 * trip the lockout, exits by the thumb turn, local reprogramming, jams, lost network, and batteries
 * replaced some hours after the warning. All draws come from a seeded PRNG: same seed, same day.
 */
export class ResidentTraffic {
  #timers = new Set<TTimer>();
  #stopped = false;

  constructor(
    private readonly device: TLockDevice,
    private readonly clock: TClock,
    private readonly random: SeededRandom,
    private readonly profile: TTrafficProfile,
  ) {}

  start(): void {
    this.device.firmware.observe({
      message: (message) => {
        if (message.type === 'event' && message.event === 'battery_low') {
          const [min, max] = this.profile.batteryReplacedAfterHours;
          this.#after(this.random.int(min * 60, max * 60) * MINUTE, () =>
            this.device.firmware.replaceBatteries(),
          );
        }
      },
    });
    this.#scheduleNext();
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers) timer.cancel();
    this.#timers.clear();
  }

  #scheduleNext(): void {
    if (this.profile.entriesPerHour <= 0) return;
    this.#after(this.random.exponential(3_600_000 / this.profile.entriesPerHour), () => {
      this.#act();
      this.#scheduleNext();
    });
  }

  #after(ms: number, task: () => void): void {
    if (this.#stopped) return;
    const timer = this.clock.setTimer(Math.round(ms), () => {
      this.#timers.delete(timer);
      if (!this.#stopped) task();
    });
    this.#timers.add(timer);
  }

  #act(): void {
    const firmware = this.device.firmware;
    const p = this.profile;
    const random = this.random;
    if (random.chance(p.jamChance) && firmware.bolt.fault === null) {
      firmware.injectJam(random.pick(JAM_CAUSES));
      const [min, max] = p.faultMinutes;
      this.#after(random.int(min, max) * MINUTE, () => firmware.clearJam());
    }
    if (random.chance(p.offlineChance) && !this.device.link.isOffline) {
      const [min, max] = p.offlineMinutes;
      void this.device.link.goOfflineFor(random.int(min, max) * MINUTE);
    }
    if (random.chance(p.reprogramChance)) {
      this.#reprogram();
      return;
    }
    if (random.chance(p.thumbturnShare)) {
      this.#leaveFromInside();
      return;
    }
    if (random.chance(p.guessingChance)) {
      // Full-length guesses end by themselves; three in a row trip the lockout.
      const length = firmware.profile.codeLength.max;
      for (let attempt = 0; attempt < 3; attempt++) this.#typeButtons(this.#randomButtons(length));
      return;
    }
    const codes = firmware.slots.snapshot().filter((entry) => entry.buttons !== null);
    if (codes.length === 0 || random.chance(p.wrongCodeShare)) {
      this.#typeButtons(this.#randomButtons(random.int(4, 8)));
      firmware.pressLockButton();
      return;
    }
    this.#typeButtons(random.pick(codes).buttons ?? '');
    // In, and the door locked behind them unless auto-lock does it.
    if (firmware.autoLock.effectiveSeconds() === 0)
      this.#after(random.int(5, 90) * 1000, () => firmware.pressLockButton());
  }

  #leaveFromInside(): void {
    const firmware = this.device.firmware;
    if (firmware.bolt.state() === 'locked') firmware.turnThumbturn();
    this.#after(this.random.int(3, 20) * 1000, () => {
      if (firmware.bolt.state() === 'unlocked') firmware.pressLockButton();
    });
  }

  #reprogram(): void {
    const firmware = this.device.firmware;
    firmware.pressProgramButton();
    const buttons = this.#randomButtons(this.random.int(4, 8));
    this.#typeButtons(buttons);
    firmware.pressLockButton();
  }

  #typeButtons(buttons: string): void {
    for (const button of buttons) this.device.firmware.pressButton(Number(button));
  }

  #randomButtons(length: number): string {
    let buttons = '';
    for (let i = 0; i < length; i++) buttons += String(this.random.int(1, 5));
    return buttons;
  }
}
