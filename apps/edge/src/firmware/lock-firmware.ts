import {
  AckResult,
  AUTO_LOCK_OFF,
  BoltOperation,
  BoltState,
  EventKind,
  Feature,
  JamCause,
  LockMethod,
  MessageType,
  PROTOCOL_VERSION,
  RejectReason,
  StateReason,
  UnlockMethod,
  codeRulesFor,
  evaluateCommand,
  hasFeature,
  randomUuid,
  recordApplied,
  type TAckMessage,
  type TBirthMessage,
  type TBoltOperation,
  type TCapabilityProfile,
  type TCommand,
  type TCommandLedger,
  type TEventMessage,
  type TJamCause,
  type TLockMethod,
  type TPresenceMessage,
  type TPresenceStatus,
  type TRandomSource,
  type TRejectReason,
  type TStateMessage,
  type TStateReason,
  type TTelemetryMessage,
} from '@lockstep/lock-protocol';
import { randomUUID } from 'node:crypto';
import { CloudCorrectedClock } from '../clock/cloud-corrected-clock.js';
import { type TClock, type TTimer } from '../clock/clock.js';
import { AutoLock } from '../capabilities/auto-lock.js';
import { Battery, DEFAULT_BATTERY_DRAIN, type TBatteryDrain } from '../capabilities/battery.js';
import { BoltMotor, type TMotorOutcome } from '../capabilities/bolt-motor.js';
import { CodeSlots, digitsOfButtons } from '../capabilities/code-slots.js';
import { Keypad } from '../capabilities/keypad.js';
import { Feedback, type TFeedbackSignal } from '../capabilities/keypad-feedback.js';
import { ProgramButton } from '../capabilities/program-button.js';
import { NVM_FORMAT, type TNvmRecord } from '../nvm/nvm-record.js';
import { type TNvmStore } from '../nvm/nvm-store.js';
import { generateLockKeys, nodeLockCrypto, type TLockCrypto, type TLockKeys } from './lock-crypto.js';

export const FIRMWARE_VERSION = '0.1.0';

/** Messages the firmware hands to its connectivity for publishing (birth and presence are per session). */
export type TLockOutbound = TStateMessage | TEventMessage | TAckMessage | TTelemetryMessage;

export interface TLockObserver {
  /** Every outbound message, as sent (the fleet counts them; nothing in them is secret). */
  message?(message: TLockOutbound): void;
  /** Keypad lights and sounds. */
  feedback?(signal: TFeedbackSignal): void;
  /** A non-volatile memory write failed. */
  storageError?(error: unknown): void;
}

export interface TLockFirmwareOptions {
  deviceId: string;
  profile: Readonly<TCapabilityProfile>;
  /** The lock's own clock; cloud timestamps correct it forward (see CloudCorrectedClock). */
  clock: TClock;
  store: TNvmStore;
  crypto?: TLockCrypto;
  /** Secure random source for message ids (default: crypto.getRandomValues). */
  random?: TRandomSource;
  /** Keys for commissioning a lock with empty memory (default: fresh random keys). */
  commissioningKeys?: () => TLockKeys;
  batteryDrain?: TBatteryDrain;
  /** Telemetry period; 0 disables the periodic sample (battery changes still send one). */
  telemetryIntervalMs?: number;
  /** Periodic state report; 0 disables it. */
  stateHeartbeatMs?: number;
  /** Radio signal strength reported in telemetry. */
  rssiDbm?: () => number | null;
  firmwareVersion?: string;
}

export type TCommandOutcome =
  | { result: typeof AckResult.Applied }
  | { result: typeof AckResult.Rejected; reason: TRejectReason; detail: string | null };

const applied: TCommandOutcome = { result: AckResult.Applied };
const rejected = (reason: TRejectReason, detail: string | null = null): TCommandOutcome => ({
  result: AckResult.Rejected,
  reason,
  detail,
});

/**
 * The lock: one behaviour per capability (keypad, code slots, bolt motor, auto-lock, battery, program
 * button), wired together as a zwave-js mock node wires its behaviours, plus the command rules of
 * DESIGN §4 and the non-volatile memory. Connectivity sits outside: the firmware hands messages to an
 * output and takes commands from whoever delivers them, so every rule is testable without a broker.
 */
export class LockFirmware {
  readonly deviceId: string;
  readonly profile: Readonly<TCapabilityProfile>;
  readonly clock: CloudCorrectedClock;
  readonly slots: CodeSlots;
  readonly keypad: Keypad;
  readonly bolt: BoltMotor;
  readonly autoLock: AutoLock;
  readonly battery: Battery;
  readonly programButton: ProgramButton;

  #record: TNvmRecord;
  #output: ((message: TLockOutbound) => void) | undefined;
  #observers = new Set<TLockObserver>();
  #fingerprints = new Map<string, string>();
  #stateScheduled = false;
  /** While a command runs, state changes wait for its ack: the cloud learns the outcome first. */
  #stateHeld = false;
  #stateDirty = false;
  #saving: Promise<void> = Promise.resolve();
  #commands: Promise<unknown> = Promise.resolve();
  #bootedAt: number;
  #timers: TTimer[] = [];
  #stopped = false;
  readonly #crypto: TLockCrypto;
  readonly #random: TRandomSource | undefined;

  private constructor(
    private readonly options: TLockFirmwareOptions,
    record: TNvmRecord,
  ) {
    this.deviceId = options.deviceId;
    this.profile = options.profile;
    this.#record = record;
    this.#crypto = options.crypto ?? nodeLockCrypto;
    this.#random = options.random;
    this.clock = new CloudCorrectedClock(options.clock, record.newestCommandTs);
    this.#bootedAt = options.clock.now();
    const rules = codeRulesFor(this.profile);

    this.slots = new CodeSlots(this.profile, record.slots);
    this.battery = new Battery(
      options.clock,
      record.physical.batteryCharge,
      options.batteryDrain ?? DEFAULT_BATTERY_DRAIN,
      {
        changed: (reading) => {
          this.#send({ ...this.#envelope(MessageType.Telemetry), ...this.#telemetryBody(reading) });
          this.#changed();
        },
        low: (battery) => {
          this.#feedback({ feedback: Feedback.LowBatteryWarning });
          this.#event({ event: EventKind.BatteryLow, battery });
        },
      },
    );
    this.bolt = new BoltMotor(options.clock, this.battery, {
      position: record.physical.bolt,
      fault: record.physical.fault,
      jammed: record.physical.jammed,
    });
    this.autoLock = new AutoLock(options.clock, this.profile.formFactor, record.autoLockSeconds, () => {
      void this.#runBolt(BoltOperation.Lock, LockMethod.Autolock);
    });
    this.keypad = new Keypad(
      options.clock,
      {
        ...rules,
        lockoutAttempts: this.profile.lockout.attempts,
        lockoutSeconds: this.profile.lockout.seconds,
      },
      this.slots,
      {
        accepted: (slot) => void this.#keypadUnlock(slot),
        wrongCode: (attempt) => this.#event({ event: EventKind.WrongCode, attempt }),
        lockedOut: (until, attempts, durationSeconds) => {
          this.#event({ event: EventKind.KeypadLockout, attempts, durationSeconds, until });
          this.#changed();
        },
        lockoutEnded: () => this.#changed(),
        feedback: (signal) => this.#feedback(signal),
      },
    );
    this.programButton = new ProgramButton(options.clock, this.profile.slotCount, () =>
      this.#feedback({ feedback: Feedback.RedFlash }),
    );
  }

  /** Loads the lock's memory, or commissions it (keys made, nothing installed) when there is none. */
  static async boot(options: TLockFirmwareOptions): Promise<LockFirmware> {
    const stored = await options.store.load();
    if (stored !== undefined && stored.deviceId !== options.deviceId) {
      throw new Error(`memory belongs to ${stored.deviceId}, not ${options.deviceId}`);
    }
    if (stored !== undefined && stored.model !== options.profile.model) {
      throw new Error(`memory is for model ${stored.model}, not ${options.profile.model}`);
    }
    const record = stored ?? LockFirmware.#commission(options);
    const firmware = new LockFirmware(options, record);
    if (stored === undefined) await firmware.#persistNow();
    firmware.#startTimers();
    return firmware;
  }

  static #commission(options: TLockFirmwareOptions): TNvmRecord {
    const keys = (options.commissioningKeys ?? generateLockKeys)();
    return {
      format: NVM_FORMAT,
      deviceId: options.deviceId,
      model: options.profile.model,
      identity: { ...keys, commissionedAt: options.clock.now() },
      slots: Array.from({ length: options.profile.slotCount }, (_, index) => ({
        slot: index + 1,
        buttons: null,
        version: 0,
      })),
      autoLockSeconds: AUTO_LOCK_OFF,
      autoLockVersion: 0,
      boltVersion: 0,
      desiredVersion: 0,
      newestCommandTs: 0,
      physical: { bolt: BoltState.Locked, batteryCharge: 1, fault: null, jammed: false },
    };
  }

  // ── wiring ────────────────────────────────────────────────────────────────────────────────────

  /** Where outbound messages go (the device link); until set, they are dropped. */
  attachOutput(output: ((message: TLockOutbound) => void) | undefined): void {
    this.#output = output;
  }

  observe(observer: TLockObserver): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  get publicKey(): string {
    return this.#record.identity.publicKey;
  }

  /** Identity to register with the cloud at commissioning; the fingerprint key is a shared secret. */
  registration(): { deviceId: string; model: string; publicKey: string; fingerprintKey: string } {
    return {
      deviceId: this.deviceId,
      model: this.profile.model,
      publicKey: this.#record.identity.publicKey,
      fingerprintKey: this.#record.identity.fingerprintKey,
    };
  }

  get desiredVersion(): number {
    return this.#record.desiredVersion;
  }

  /** Resolves when pending state reports are out and memory writes have finished. */
  async settled(): Promise<void> {
    await this.#commands;
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    await this.#saving;
  }

  /** Stops timers (power off). Memory is already written after every change. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) timer.cancel();
    this.#timers = [];
    this.battery.stop();
    this.autoLock.cancel();
    this.keypad.reset();
    this.programButton.cancel();
    await this.settled();
  }

  // ── physical inputs ───────────────────────────────────────────────────────────────────────────

  /** A keypad digit button, 1 (`1·2`) to 5 (`9·0`). */
  pressButton(button: number): void {
    if (this.programButton.isActive()) {
      this.#feedback({ feedback: Feedback.Beep });
      this.programButton.digit(button);
      return;
    }
    if (this.keypad.pendingPresses() === 0 && this.battery.isLow()) {
      this.#feedback({ feedback: Feedback.LowBatteryWarning });
    }
    this.keypad.press(button);
  }

  /** The exterior lock button: commits program mode, ends a pending entry, and throws the bolt. */
  pressLockButton(): void {
    if (this.programButton.isActive()) {
      this.#commitProgramming();
      return;
    }
    this.keypad.lockButton();
    void this.#runBolt(BoltOperation.Lock, LockMethod.LockButton);
  }

  /** The interior program button. */
  pressProgramButton(): void {
    this.keypad.discardEntry();
    const slot = this.programButton.press();
    this.#feedback({ feedback: Feedback.ProgramMode, slot });
  }

  /** The interior thumb turn, by hand. */
  turnThumbturn(): void {
    const position = this.bolt.turnByHand();
    if (position === undefined) return;
    if (position === BoltState.Locked) {
      this.#event({ event: EventKind.Locked, method: LockMethod.Thumbturn, commandId: null });
    } else {
      this.#event({ event: EventKind.Unlocked, method: UnlockMethod.Thumbturn, slot: null, commandId: null });
    }
    this.#changed();
    this.autoLock.boltMoved(position);
  }

  /** Fault injection: a mechanical fault appears; the next motor run stalls. */
  injectJam(cause: TJamCause): void {
    this.bolt.injectFault(cause);
    this.#persist();
  }

  /** Someone on site applied the fix: the jam clears. */
  clearJam(): void {
    if (this.bolt.clearFault()) this.#changed();
    else this.#persist();
  }

  replaceBatteries(): void {
    this.battery.replace();
    if (this.bolt.fault === JamCause.LowBattery) this.bolt.clearFault();
    this.#changed();
  }

  /** Fault injection: drain (or charge) the battery to `charge` (0..1). */
  setBatteryCharge(charge: number): void {
    this.battery.setCharge(charge);
    this.#persist();
  }

  /** Factory reset (DESIGN §2): codes, settings and versions cleared; identity and keys stay. */
  factoryReset(): void {
    this.slots.reset();
    this.autoLock.setSeconds(AUTO_LOCK_OFF);
    this.autoLock.cancel();
    this.keypad.reset();
    this.programButton.cancel();
    this.#record.autoLockVersion = 0;
    this.#record.boltVersion = 0;
    this.#record.desiredVersion = 0;
    this.#event({ event: EventKind.FactoryReset });
    this.#changed();
  }

  // ── cloud inputs ──────────────────────────────────────────────────────────────────────────────

  /**
   * Applies a command by lock-protocol's command rules (PROTOCOL.md §6) and sends exactly one ack,
   * then the state report. Serialised: commands are handled one at a time, in arrival order.
   */
  handleCommand(command: TCommand): Promise<TAckMessage> {
    const run = this.#commands.then(() => this.#handleCommand(command));
    this.#commands = run.catch(() => undefined);
    return run;
  }

  async #handleCommand(command: TCommand): Promise<TAckMessage> {
    this.clock.observeCommandTimestamp(command.ts);
    this.#stateHeld = true;
    let outcome: TCommandOutcome;
    try {
      outcome = await this.#apply(command);
      // Versions are persisted before the ack goes out (PROTOCOL.md §6.2 rule 9).
      await this.#persistNow();
    } finally {
      this.#stateHeld = false;
    }
    const ack: TAckMessage =
      outcome.result === AckResult.Applied
        ? {
            ...this.#envelope(MessageType.Ack),
            result: AckResult.Applied,
            commandId: command.commandId,
            desiredVersion: this.#record.desiredVersion,
          }
        : {
            ...this.#envelope(MessageType.Ack),
            result: AckResult.Rejected,
            commandId: command.commandId,
            desiredVersion: this.#record.desiredVersion,
            reason: outcome.reason,
            detail: outcome.detail,
          };
    this.#send(ack);
    if (command.type === MessageType.RequestState) {
      this.#stateDirty = false;
      this.#send(this.stateReport(StateReason.Request, command.commandId));
    } else if (this.#stateDirty) {
      this.#stateDirty = false;
      this.#scheduleState();
    }
    return ack;
  }

  /** What lock-protocol's command rules need to know about this lock's memory. */
  #ledger(): TCommandLedger {
    return {
      slots: this.slots
        .snapshot()
        .map((entry) => ({ version: entry.version, occupied: entry.buttons !== null })),
      autoLockVersion: this.#record.autoLockVersion,
      boltVersion: this.#record.boltVersion,
      desiredVersion: this.#record.desiredVersion,
    };
  }

  async #apply(command: TCommand): Promise<TCommandOutcome> {
    const ledger = this.#ledger();
    const decision = evaluateCommand(command, ledger, this.profile, this.clock.now());
    if (decision.action === 'reject') return rejected(decision.reason, decision.detail.slice(0, 200));
    // Redelivery (same version as the last applied to this target): acknowledged, nothing done again.
    if (decision.action === 'already_applied') return applied;
    const outcome = await this.#execute(command);
    if (outcome.result === AckResult.Applied) {
      const next = recordApplied(ledger, command);
      this.#record.autoLockVersion = next.autoLockVersion;
      this.#record.boltVersion = next.boltVersion;
      this.#record.desiredVersion = next.desiredVersion;
      if (command.type === MessageType.SetCode || command.type === MessageType.ClearSlot) {
        this.slots.setVersion(command.slot, next.slots[command.slot - 1]?.version ?? command.desiredVersion);
      }
      if (command.type !== MessageType.RequestState) this.#changed();
    }
    return outcome;
  }

  /** The command's effect, after the version, range, feature and expiry rules have passed. */
  async #execute(command: TCommand): Promise<TCommandOutcome> {
    switch (command.type) {
      case MessageType.SetCode: {
        const pin = this.#crypto.decryptPin(command.pin, this.#record.identity.privateKey, command.commandId);
        if (!pin.ok) return rejected(RejectReason.DecryptFailed, pin.error.detail.slice(0, 200));
        const check = this.slots.check(command.slot, pin.pin);
        if (!check.ok) return rejected(check.reason, check.detail.slice(0, 200));
        if (this.programButton.isActive())
          return rejected(RejectReason.Busy, 'local programming in progress');
        this.slots.install(command.slot, pin.pin);
        return applied;
      }
      case MessageType.ClearSlot:
        if (this.programButton.isActive())
          return rejected(RejectReason.Busy, 'local programming in progress');
        this.slots.clear(command.slot);
        return applied;
      case MessageType.Lock:
      case MessageType.Unlock: {
        if (this.bolt.state() === BoltState.Jammed)
          return rejected(RejectReason.Jammed, 'the bolt is jammed');
        const operation = command.type === MessageType.Lock ? BoltOperation.Lock : BoltOperation.Unlock;
        const outcome = await this.#runBolt(operation, 'remote', command.commandId);
        if (outcome.ok) return applied;
        return rejected(outcome.reason, outcome.reason === RejectReason.Jammed ? 'the bolt stalled' : null);
      }
      case MessageType.SetAutoLock:
        this.autoLock.setSeconds(command.autoLockSeconds);
        return applied;
      case MessageType.RequestState:
        return applied;
    }
  }

  // ── behaviours wired together ─────────────────────────────────────────────────────────────────

  async #keypadUnlock(slot: number): Promise<void> {
    const outcome = await this.#runBolt(BoltOperation.Unlock, UnlockMethod.Keypad, null, slot);
    if (!outcome.ok) this.#feedback({ feedback: Feedback.RedFlash });
  }

  /** Runs the motor and reports what happened: the event, and the state via the motor's change hook. */
  async #runBolt(
    operation: TBoltOperation,
    method: TLockMethod | typeof UnlockMethod.Keypad,
    commandId: string | null = null,
    slot: number | null = null,
  ): Promise<TMotorOutcome> {
    const outcome = await this.bolt.run(operation);
    if (this.#stopped) return outcome;
    if (!outcome.ok) {
      if (outcome.reason === RejectReason.Jammed) {
        const diagnosed = hasFeature(this.profile, Feature.JamDiagnosis);
        this.#event({ event: EventKind.Jammed, operation, suspectedCause: diagnosed ? outcome.cause : null });
        this.autoLock.cancel();
        this.#changed();
      }
      return outcome;
    }
    // A motor run that had nothing to do is still an entry worth recording when it came from the keypad.
    if (outcome.moved || method === UnlockMethod.Keypad) {
      if (operation === BoltOperation.Lock) {
        this.#event({ event: EventKind.Locked, method: method as TLockMethod, commandId });
      } else {
        this.#event({
          event: EventKind.Unlocked,
          method: method === UnlockMethod.Keypad ? UnlockMethod.Keypad : UnlockMethod.Remote,
          slot: method === UnlockMethod.Keypad ? slot : null,
          commandId: method === UnlockMethod.Keypad ? null : commandId,
        });
      }
    }
    if (outcome.moved) this.#changed();
    this.autoLock.boltMoved(outcome.position);
    return outcome;
  }

  #commitProgramming(): void {
    const entry = this.programButton.commit();
    if (entry === undefined) {
      this.#feedback({ feedback: Feedback.RedFlash });
      return;
    }
    const installed = this.slots.install(entry.slot, digitsOfButtons(entry.buttons));
    if (!installed.ok) {
      this.#feedback({ feedback: Feedback.RedFlash });
      return;
    }
    this.#feedback({ feedback: Feedback.GreenFlash });
    this.#event({
      event: EventKind.CodeProgrammedLocally,
      slot: entry.slot,
      fingerprint: this.#fingerprint(entry.slot) ?? '',
    });
    this.#changed();
  }

  // ── reports ───────────────────────────────────────────────────────────────────────────────────

  /** Sends a state report now (periodic heartbeat; the benchmark's steady load). */
  reportState(reason: TStateReason = StateReason.Periodic): void {
    this.#send(this.stateReport(reason));
  }

  birth(session: string): TBirthMessage {
    return {
      ...this.#envelope(MessageType.Birth),
      session,
      model: this.profile.model,
      firmware: this.options.firmwareVersion ?? FIRMWARE_VERSION,
      profile: {
        ...this.profile,
        codeLength: { ...this.profile.codeLength },
        lockout: { ...this.profile.lockout },
        autoLockOptions: [...this.profile.autoLockOptions],
        features: [...this.profile.features],
      },
      publicKey: this.#record.identity.publicKey,
    };
  }

  presence(status: TPresenceStatus, session: string): TPresenceMessage {
    return { ...this.#envelope(MessageType.Presence), status, session };
  }

  stateReport(reason: TStateReason, commandId: string | null = null): TStateMessage {
    this.battery.settle();
    return {
      ...this.#envelope(MessageType.State),
      reason,
      commandId,
      slots: this.slots.snapshot().map((entry) => ({
        slot: entry.slot,
        fingerprint: this.#fingerprint(entry.slot),
        version: entry.version,
      })),
      bolt: this.bolt.state(),
      autoLockSeconds: this.autoLock.seconds,
      battery: this.battery.reading(),
      desiredVersion: this.#record.desiredVersion,
      autoLockVersion: this.#record.autoLockVersion,
      lockoutUntil: this.keypad.lockoutUntil(),
    };
  }

  telemetry(): TTelemetryMessage {
    this.battery.settle();
    return { ...this.#envelope(MessageType.Telemetry), ...this.#telemetryBody(this.battery.reading()) };
  }

  #telemetryBody(battery: TTelemetryMessage['battery']): Omit<TTelemetryMessage, 'v' | 'type' | 'id' | 'ts'> {
    return {
      battery,
      rssiDbm: this.options.rssiDbm?.() ?? null,
      uptimeSeconds: Math.floor(Math.max(0, this.options.clock.now() - this.#bootedAt) / 1000),
    };
  }

  #fingerprint(slot: number): string | null {
    const code = this.slots.codeDigits(slot);
    if (code === null) return null;
    const key = `${slot}:${code}`;
    let fingerprint = this.#fingerprints.get(key);
    if (fingerprint === undefined) {
      fingerprint = this.#crypto.fingerprint(this.#record.identity.fingerprintKey, this.deviceId, slot, code);
      this.#fingerprints.set(key, fingerprint);
    }
    return fingerprint;
  }

  #envelope<T extends string>(type: T): { v: typeof PROTOCOL_VERSION; type: T; id: string; ts: number } {
    // node:crypto's randomUUID unless a random source is injected: ids are the hottest path of a fleet.
    const id = this.#random === undefined ? randomUUID() : randomUuid(this.#random);
    return { v: PROTOCOL_VERSION, type, id, ts: this.clock.now() };
  }

  #event(body: DistributiveOmit<TEventMessage, 'v' | 'type' | 'id' | 'ts'>): void {
    this.#send({ ...this.#envelope(MessageType.Event), ...body });
  }

  #send(message: TLockOutbound): void {
    if (this.#stopped) return;
    this.#output?.(message);
    for (const observer of this.#observers) observer.message?.(message);
  }

  #feedback(signal: TFeedbackSignal): void {
    for (const observer of this.#observers) observer.feedback?.(signal);
  }

  /** Something in the state report changed: persist, and send one report for everything this tick. */
  #changed(): void {
    this.#persist();
    if (this.#stateHeld) {
      this.#stateDirty = true;
      return;
    }
    this.#scheduleState();
  }

  #scheduleState(): void {
    if (this.#stateScheduled) return;
    this.#stateScheduled = true;
    queueMicrotask(() => {
      this.#stateScheduled = false;
      this.#send(this.stateReport(StateReason.Change));
    });
  }

  #startTimers(): void {
    this.battery.start();
    const telemetryMs = this.options.telemetryIntervalMs ?? 15 * 60_000;
    if (telemetryMs > 0) this.#every(telemetryMs, () => this.#send(this.telemetry()));
    const heartbeatMs = this.options.stateHeartbeatMs ?? 0;
    if (heartbeatMs > 0) this.#every(heartbeatMs, () => this.#send(this.stateReport(StateReason.Periodic)));
  }

  #every(periodMs: number, task: () => void): void {
    const schedule = (): void => {
      const timer = this.options.clock.setTimer(periodMs, () => {
        this.#timers = this.#timers.filter((entry) => entry !== timer);
        if (this.#stopped) return;
        task();
        schedule();
      });
      this.#timers.push(timer);
    };
    schedule();
  }

  #snapshot(): TNvmRecord {
    const physical = this.bolt.snapshot();
    return {
      ...this.#record,
      slots: this.slots.snapshot(),
      autoLockSeconds: this.autoLock.seconds,
      newestCommandTs: this.clock.newestCommandTs,
      physical: {
        bolt: physical.position,
        batteryCharge: this.battery.charge,
        fault: physical.fault,
        jammed: physical.jammed,
      },
    };
  }

  #persist(): void {
    this.#saving = this.#persistNow().catch((error: unknown) => {
      for (const observer of this.#observers) observer.storageError?.(error);
    });
  }

  #persistNow(): Promise<void> {
    this.#record = this.#snapshot();
    return this.options.store.save(this.#record);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
