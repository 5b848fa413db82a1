import {
  MessageType,
  PROTOCOL_VERSION,
  SEED_MODEL_PROFILE,
  randomUuid,
  type TCapabilityProfile,
  type TCommand,
  type TEventMessage,
  type TSetCodeCommand,
  type TStateMessage,
} from '@lockstep/lock-protocol';
import { encryptPin } from '@lockstep/lock-protocol/node';
import { ManualClock } from '../clock/manual-clock.js';
import { type TFeedbackSignal } from '../capabilities/keypad-feedback.js';
import { LockFirmware, type TLockFirmwareOptions, type TLockOutbound } from '../firmware/lock-firmware.js';
import { MemoryNvmStore } from '../nvm/nvm-store.js';
import { type TNvmStore } from '../nvm/nvm-store.js';

/** A booted lock on a manual clock, with everything it sent recorded. */
export interface TLockUnderTest {
  lock: LockFirmware;
  clock: ManualClock;
  store: TNvmStore;
  sent: TLockOutbound[];
  feedback: TFeedbackSignal[];
  events(kind?: TEventMessage['event']): TEventMessage[];
  states(): TStateMessage[];
  lastState(): TStateMessage;
}

export async function bootLock(
  overrides: Partial<TLockFirmwareOptions> & {
    deviceId?: string;
    profile?: Readonly<TCapabilityProfile>;
  } = {},
): Promise<TLockUnderTest> {
  const clock = (overrides.clock as ManualClock | undefined) ?? new ManualClock();
  const store = overrides.store ?? new MemoryNvmStore();
  const lock = await LockFirmware.boot({
    deviceId: 'lock-under-test',
    profile: SEED_MODEL_PROFILE,
    telemetryIntervalMs: 0,
    ...overrides,
    clock,
    store,
  });
  const sent: TLockOutbound[] = [];
  const feedback: TFeedbackSignal[] = [];
  lock.observe({ message: (message) => sent.push(message), feedback: (signal) => feedback.push(signal) });
  const events = (kind?: TEventMessage['event']) =>
    sent.filter((m): m is TEventMessage => m.type === 'event' && (kind === undefined || m.event === kind));
  const states = () => sent.filter((m): m is TStateMessage => m.type === 'state');
  return {
    lock,
    clock,
    store,
    sent,
    feedback,
    events,
    states,
    lastState: () => {
      const all = states();
      const last = all[all.length - 1];
      if (last === undefined) throw new Error('no state report sent');
      return last;
    },
  };
}

/** Types digits on the keypad as a person would: each digit presses its pair's button. */
export function typeCode(lock: LockFirmware, digits: string): void {
  for (const digit of digits) {
    const value = Number(digit);
    lock.pressButton(value === 0 ? 5 : Math.ceil(value / 2));
  }
}

let commandCounter = 0;
export function commandId(): string {
  commandCounter++;
  return `cmd-${String(commandCounter).padStart(12, '0')}-test`;
}

function envelope<T extends TCommand['type']>(type: T, ts: number) {
  return { v: PROTOCOL_VERSION, type, id: randomUuid(), ts } as const;
}

/** A `set_code` the way the cloud builds it: the PIN encrypted to the lock's key for this command id. */
export function setCodeCommand(
  lock: LockFirmware,
  input: { slot: number; pin: string; version: number; ts: number; notAfter?: number; commandId?: string },
): TSetCodeCommand {
  const id = input.commandId ?? commandId();
  return {
    ...envelope(MessageType.SetCode, input.ts),
    commandId: id,
    desiredVersion: input.version,
    slot: input.slot,
    pin: encryptPin({ devicePublicKey: lock.publicKey, pin: input.pin, commandId: id }),
    notAfter: input.notAfter ?? input.ts + 86_400_000,
  };
}

export function clearSlotCommand(input: {
  slot: number;
  version: number;
  ts: number;
  commandId?: string;
}): TCommand {
  return {
    ...envelope(MessageType.ClearSlot, input.ts),
    commandId: input.commandId ?? commandId(),
    desiredVersion: input.version,
    slot: input.slot,
  };
}

export function boltCommand(
  type: 'lock' | 'unlock',
  input: { version: number; ts: number; notAfter?: number; commandId?: string },
): TCommand {
  return {
    ...envelope(type, input.ts),
    commandId: input.commandId ?? commandId(),
    desiredVersion: input.version,
    notAfter: input.notAfter ?? input.ts + 30_000,
  };
}

export function setAutoLockCommand(input: {
  seconds: number;
  version: number;
  ts: number;
  commandId?: string;
}): TCommand {
  return {
    ...envelope(MessageType.SetAutoLock, input.ts),
    commandId: input.commandId ?? commandId(),
    desiredVersion: input.version,
    autoLockSeconds: input.seconds,
  };
}

export function requestStateCommand(input: { version: number; ts: number; commandId?: string }): TCommand {
  return {
    ...envelope(MessageType.RequestState, input.ts),
    commandId: input.commandId ?? commandId(),
    desiredVersion: input.version,
  };
}

/** Runs the motor to completion (it runs on the manual clock) and lets reports go out. */
export async function settle(unit: TLockUnderTest, ms = 1_000): Promise<void> {
  await flushMicrotasks();
  unit.clock.advance(ms);
  await unit.lock.settled();
}

/** Lets queued promise callbacks run (no time passes: nothing here sleeps). */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
