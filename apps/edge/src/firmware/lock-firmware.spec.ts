import {
  AUTO_LOCK_DELAY_SECONDS,
  AckResult,
  BoltState,
  JamCause,
  LEVER_30_PROFILE,
  RejectReason,
  StateReason,
  ZAckMessageSchema,
  ZEventMessageSchema,
  ZStateMessageSchema,
  buttonSequence,
  type TAckMessage,
} from '@lockstep/lock-protocol';
import { slotFingerprint } from '@lockstep/lock-protocol/node';
import { describe, expect, it } from 'vitest';
import { digitsOfButtons } from '../capabilities/code-slots.js';
import { Feedback } from '../capabilities/keypad-feedback.js';
import { MemoryNvmStore } from '../nvm/nvm-store.js';
import {
  boltCommand,
  bootLock,
  clearSlotCommand,
  flushMicrotasks,
  requestStateCommand,
  setAutoLockCommand,
  setCodeCommand,
  settle,
  typeCode,
  type TLockUnderTest,
} from '../test/lock-factory.js';

/** The slot holds this code (as the lock sees it: by buttons). */
function holds(unit: TLockUnderTest, slot: number, code: string): boolean {
  return unit.lock.slots.codeDigits(slot) === digitsOfButtons(buttonSequence(code));
}

async function withCodes(unit: TLockUnderTest, codes: Record<number, string>): Promise<void> {
  let version = unit.lock.desiredVersion;
  for (const [slot, pin] of Object.entries(codes)) {
    const ack = await unit.lock.handleCommand(
      setCodeCommand(unit.lock, { slot: Number(slot), pin, version: ++version, ts: unit.clock.now() }),
    );
    expect(ack.result).toBe(AckResult.Applied);
  }
  await unit.lock.settled();
}

async function command(unit: TLockUnderTest, run: () => Promise<TAckMessage>): Promise<TAckMessage> {
  const pending = run();
  await settle(unit);
  return pending;
}

describe('LockFirmware: commands (DESIGN §4)', () => {
  it('applies set_code, acknowledges with the version it holds, then reports the new fingerprint', async () => {
    const unit = await bootLock();
    const cmd = setCodeCommand(unit.lock, { slot: 1, pin: '135790', version: 7, ts: unit.clock.now() });
    const ack = await unit.lock.handleCommand(cmd);
    await unit.lock.settled();
    expect(ZAckMessageSchema.parse(ack)).toMatchObject({
      result: 'applied',
      commandId: cmd.commandId,
      desiredVersion: 7,
    });
    const state = ZStateMessageSchema.parse(unit.lastState());
    const { fingerprintKey } = unit.lock.registration();
    expect(state.reason).toBe(StateReason.Change);
    expect(state.slots[0]).toEqual({
      slot: 1,
      fingerprint: slotFingerprint({
        deviceKey: fingerprintKey,
        deviceId: unit.lock.deviceId,
        slot: 1,
        code: '246809',
      }),
      version: 7,
    });
    expect(state.slots[1]).toEqual({ slot: 2, fingerprint: null, version: 0 });
    expect(state.desiredVersion).toBe(7);
    // Ack before state: the cloud learns the outcome first.
    expect(unit.sent.map((m) => m.type)).toEqual(['ack', 'state']);
  });

  it('a duplicate command (QoS 1 redelivery) is acknowledged applied again and has no second effect', async () => {
    const unit = await bootLock();
    await withCodes(unit, { 1: '135790' });
    const cmd = setCodeCommand(unit.lock, { slot: 2, pin: '975311', version: 10, ts: unit.clock.now() });
    await unit.lock.handleCommand(cmd);
    await unit.lock.settled();
    const reportsBefore = unit.states().length;
    const again = await unit.lock.handleCommand({ ...cmd, id: 'another-message-id-0001' });
    await unit.lock.settled();
    expect(again).toMatchObject({ result: 'applied', commandId: cmd.commandId, desiredVersion: 10 });
    expect(unit.states()).toHaveLength(reportsBefore);
  });

  it('a redelivered set_code after a newer clear_slot is stale: the revoked code never comes back', async () => {
    const unit = await bootLock();
    await withCodes(unit, { 1: '135790' });
    const cmd = setCodeCommand(unit.lock, { slot: 2, pin: '975311', version: 10, ts: unit.clock.now() });
    await unit.lock.handleCommand(cmd);
    await unit.lock.handleCommand(clearSlotCommand({ slot: 2, version: 11, ts: unit.clock.now() }));
    const again = await unit.lock.handleCommand(cmd);
    expect(again).toMatchObject({
      result: 'rejected',
      reason: RejectReason.StaleCommand,
      desiredVersion: 11,
    });
    expect(unit.lock.slots.hasCode(2)).toBe(false);
  });

  it('persists the new versions before the ack goes out', async () => {
    const store = new MemoryNvmStore();
    const unit = await bootLock({ store });
    const acked: number[] = [];
    unit.lock.observe({
      message: (message) => {
        if (message.type === 'ack')
          void store.load().then((record) => acked.push(record?.slots[0]?.version ?? -1));
      },
    });
    await unit.lock.handleCommand(
      setCodeCommand(unit.lock, { slot: 1, pin: '135790', version: 4, ts: unit.clock.now() }),
    );
    await unit.lock.settled();
    expect(acked).toEqual([4]);
  });

  it('an equal version with a forgotten id counts as the same command: acknowledged, not re-applied', async () => {
    const unit = await bootLock();
    await withCodes(unit, { 1: '135790' });
    const version = unit.lock.slots.version(1);
    const redelivered = setCodeCommand(unit.lock, { slot: 1, pin: '975311', version, ts: unit.clock.now() });
    const ack = await unit.lock.handleCommand(redelivered);
    expect(ack.result).toBe(AckResult.Applied);
    expect(holds(unit, 1, '135790')).toBe(true);
  });

  it('ignores a command older than the last applied to the same slot (stale), but not to another slot', async () => {
    const unit = await bootLock();
    await withCodes(unit, { 1: '135790' }); // slot 1 at version 1
    await unit.lock.handleCommand(
      setCodeCommand(unit.lock, { slot: 2, pin: '975311', version: 5, ts: unit.clock.now() }),
    );
    const stale = await unit.lock.handleCommand(
      clearSlotCommand({ slot: 2, version: 4, ts: unit.clock.now() }),
    );
    expect(stale).toMatchObject({ result: 'rejected', reason: RejectReason.StaleCommand, desiredVersion: 5 });
    expect(unit.lock.slots.hasCode(2)).toBe(true);
    const otherSlot = await unit.lock.handleCommand(
      setCodeCommand(unit.lock, { slot: 1, pin: '797979', version: 3, ts: unit.clock.now() }),
    );
    expect(otherSlot.result).toBe(AckResult.Applied);
  });

  it('refuses set_code after its notAfter on the lock clock', async () => {
    const unit = await bootLock();
    const now = unit.clock.now();
    const ack = await unit.lock.handleCommand(
      setCodeCommand(unit.lock, { slot: 1, pin: '135790', version: 1, ts: now - 10_000, notAfter: now - 1 }),
    );
    expect(ack).toMatchObject({ result: 'rejected', reason: RejectReason.Expired });
    expect(unit.lock.slots.hasAnyCode()).toBe(false);
  });

  it('judges notAfter by its clock corrected by cloud timestamps: a slow lock clock cannot install late', async () => {
    const unit = await bootLock();
    const cloudNow = unit.clock.now() + 3_600_000; // the lock's clock is an hour slow
    await unit.lock.handleCommand(requestStateCommand({ version: 1, ts: cloudNow }));
    const late = setCodeCommand(unit.lock, {
      slot: 1,
      pin: '135790',
      version: 2,
      ts: cloudNow - 7_200_000, // sent two hours ago, redelivered now
      notAfter: cloudNow - 60_000, // window ended a minute ago by the cloud's time
    });
    const ack = await unit.lock.handleCommand(late);
    expect(ack).toMatchObject({ result: 'rejected', reason: RejectReason.Expired });
  });

  it('refuses a conflicting code with a coded reason, leaving both slots untouched', async () => {
    const unit = await bootLock();
    await withCodes(unit, { 1: '2580' });
    const ack = await unit.lock.handleCommand(
      setCodeCommand(unit.lock, { slot: 2, pin: '158099', version: 9, ts: unit.clock.now() }),
    );
    expect(ack).toMatchObject({ result: 'rejected', reason: RejectReason.ConflictPrefix });
    expect(holds(unit, 1, '2580')).toBe(true);
    expect(unit.lock.slots.hasCode(2)).toBe(false);
    expect(unit.lock.slots.version(2)).toBe(0);
  });

  it('refuses an envelope encrypted for another command id (decrypt_failed) and an out-of-range slot', async () => {
    const unit = await bootLock();
    const cmd = setCodeCommand(unit.lock, { slot: 1, pin: '135790', version: 1, ts: unit.clock.now() });
    const tampered = { ...cmd, commandId: 'another-command-id-0001' };
    expect(await unit.lock.handleCommand(tampered)).toMatchObject({ reason: RejectReason.DecryptFailed });
    const outOfRange = setCodeCommand(unit.lock, {
      slot: 3,
      pin: '135790',
      version: 2,
      ts: unit.clock.now(),
    });
    expect(await unit.lock.handleCommand(outOfRange)).toMatchObject({ reason: RejectReason.SlotOutOfRange });
  });

  it('refuses to clear the last code on the lock', async () => {
    const unit = await bootLock();
    await withCodes(unit, { 1: '135790' });
    const ack = await unit.lock.handleCommand(
      clearSlotCommand({ slot: 1, version: 5, ts: unit.clock.now() }),
    );
    expect(ack).toMatchObject({ result: 'rejected', reason: RejectReason.WouldLeaveNoCode });
    expect(unit.lock.slots.hasCode(1)).toBe(true);
  });

  it('runs remote unlock and lock, with events carrying the command id', async () => {
    const unit = await bootLock();
    const unlock = boltCommand('unlock', { version: 1, ts: unit.clock.now() });
    const ack = await command(unit, () => unit.lock.handleCommand(unlock));
    expect(ack.result).toBe(AckResult.Applied);
    expect(unit.lock.bolt.state()).toBe(BoltState.Unlocked);
    expect(unit.events('unlocked')[0]).toMatchObject({
      method: 'remote',
      slot: null,
      commandId: unlock.commandId,
    });
    expect(unit.lastState().bolt).toBe(BoltState.Unlocked);
  });

  it('refuses a bolt command past its deadline', async () => {
    const unit = await bootLock();
    const now = unit.clock.now();
    const ack = await unit.lock.handleCommand(
      boltCommand('unlock', { version: 1, ts: now - 60_000, notAfter: now - 30_000 }),
    );
    expect(ack).toMatchObject({ result: 'rejected', reason: RejectReason.Expired });
    expect(unit.lock.bolt.state()).toBe(BoltState.Locked);
  });

  it('sets auto-lock to the profile options only', async () => {
    const unit = await bootLock();
    const on = await unit.lock.handleCommand(
      setAutoLockCommand({ seconds: AUTO_LOCK_DELAY_SECONDS, version: 3, ts: unit.clock.now() }),
    );
    expect(on.result).toBe(AckResult.Applied);
    await unit.lock.settled();
    expect(unit.lastState()).toMatchObject({ autoLockSeconds: 30, autoLockVersion: 3 });
    const odd = await unit.lock.handleCommand(
      setAutoLockCommand({ seconds: 45, version: 4, ts: unit.clock.now() }),
    );
    expect(odd).toMatchObject({ result: 'rejected', reason: RejectReason.Unsupported });
  });

  it('answers request_state with a report carrying the command id, changing nothing', async () => {
    const unit = await bootLock();
    const cmd = requestStateCommand({ version: 1, ts: unit.clock.now() });
    await unit.lock.handleCommand(cmd);
    await unit.lock.settled();
    expect(unit.lastState()).toMatchObject({
      reason: StateReason.Request,
      commandId: cmd.commandId,
      desiredVersion: 0,
    });
  });

  it('every message it sends passes the protocol schemas', async () => {
    const unit = await bootLock();
    await withCodes(unit, { 1: '135790', 2: '975311' });
    typeCode(unit.lock, '1111');
    unit.lock.pressLockButton();
    await settle(unit);
    for (const message of unit.sent) {
      if (message.type === 'event') ZEventMessageSchema.parse(message);
      if (message.type === 'state') ZStateMessageSchema.parse(message);
      if (message.type === 'ack') ZAckMessageSchema.parse(message);
    }
    expect(unit.sent.length).toBeGreaterThan(4);
  });
});

describe('LockFirmware: the keypad and the bolt (DESIGN §2)', () => {
  it('unlocks from the keypad on a stored code, reporting the slot', async () => {
    const unit = await bootLock();
    await withCodes(unit, { 1: '135790', 2: '975311' });
    typeCode(unit.lock, '975311');
    await settle(unit);
    expect(unit.lock.bolt.state()).toBe(BoltState.Unlocked);
    expect(unit.events('unlocked')).toEqual([
      expect.objectContaining({ method: 'keypad', slot: 2, commandId: null }),
    ]);
  });

  it('reports the event before the state it leads to', async () => {
    const unit = await bootLock();
    await withCodes(unit, { 1: '135790' });
    unit.sent.length = 0;
    typeCode(unit.lock, '135790');
    await settle(unit);
    expect(unit.sent.map((m) => (m.type === 'event' ? m.event : m.type))).toEqual(['unlocked', 'state']);
  });

  it('the other digit of each button opens too: the lock only sees buttons', async () => {
    const unit = await bootLock();
    await withCodes(unit, { 1: '135790' });
    typeCode(unit.lock, '246809');
    await settle(unit);
    expect(unit.lock.bolt.state()).toBe(BoltState.Unlocked);
  });

  it('three wrong codes: wrong-code events, then a lockout event and lockoutUntil in state', async () => {
    const unit = await bootLock();
    await withCodes(unit, { 1: '135790' });
    for (let i = 0; i < 3; i++) {
      typeCode(unit.lock, '11111111');
    }
    await unit.lock.settled();
    expect(unit.events('wrong_code').map((e) => (e.event === 'wrong_code' ? e.attempt : 0))).toEqual([
      1, 2, 3,
    ]);
    const lockout = unit.events('keypad_lockout')[0];
    expect(lockout).toMatchObject({ attempts: 3, durationSeconds: 60, until: unit.clock.now() + 60_000 });
    expect(unit.lastState().lockoutUntil).toBe(unit.clock.now() + 60_000);
    typeCode(unit.lock, '135790');
    await settle(unit);
    expect(unit.lock.bolt.state()).toBe(BoltState.Locked);
    unit.clock.advance(60_000);
    await unit.lock.settled();
    expect(unit.lastState().lockoutUntil).toBeNull();
  });

  it('a lock with no code does nothing from the keypad', async () => {
    const unit = await bootLock();
    typeCode(unit.lock, '13579024');
    await settle(unit);
    expect(unit.events()).toEqual([]);
    expect(unit.lock.bolt.state()).toBe(BoltState.Locked);
  });

  it('the lock button throws the bolt; the thumb turn works it by hand', async () => {
    const unit = await bootLock();
    unit.lock.turnThumbturn();
    expect(unit.events('unlocked')[0]).toMatchObject({ method: 'thumbturn' });
    unit.lock.pressLockButton();
    await settle(unit);
    expect(unit.events('locked')[0]).toMatchObject({ method: 'lock_button' });
    expect(unit.lock.bolt.state()).toBe(BoltState.Locked);
  });

  it('auto-lock relocks 30 s after a keypad unlock', async () => {
    const unit = await bootLock();
    await withCodes(unit, { 1: '135790' });
    await unit.lock.handleCommand(setAutoLockCommand({ seconds: 30, version: 5, ts: unit.clock.now() }));
    typeCode(unit.lock, '135790');
    await settle(unit);
    expect(unit.lock.bolt.state()).toBe(BoltState.Unlocked);
    await settle(unit, 30_000);
    await settle(unit);
    expect(unit.lock.bolt.state()).toBe(BoltState.Locked);
    expect(unit.events('locked')[0]).toMatchObject({ method: 'autolock' });
  });

  it('a lever set relocks by itself', async () => {
    const unit = await bootLock({ profile: LEVER_30_PROFILE });
    await withCodes(unit, { 1: '135790' });
    typeCode(unit.lock, '135790');
    await settle(unit);
    await settle(unit, 5_000);
    await settle(unit);
    expect(unit.lock.bolt.state()).toBe(BoltState.Locked);
  });

  it('an injected jam: jammed event with its cause, jammed in state, a remote command refused; clears with the fault', async () => {
    const unit = await bootLock();
    unit.lock.injectJam(JamCause.MountingPlatePressure);
    const ack = await command(unit, () =>
      unit.lock.handleCommand(boltCommand('unlock', { version: 1, ts: unit.clock.now() })),
    );
    expect(ack).toMatchObject({ result: 'rejected', reason: RejectReason.Jammed });
    expect(unit.events('jammed')[0]).toMatchObject({
      operation: 'unlock',
      suspectedCause: 'mounting_plate_pressure',
    });
    expect(unit.lastState().bolt).toBe(BoltState.Jammed);
    unit.lock.clearJam();
    await unit.lock.settled();
    expect(unit.lastState().bolt).toBe(BoltState.Locked);
    // Jammed is transient: the same command id may be retried and now succeeds.
    const retry = await command(unit, () =>
      unit.lock.handleCommand({
        ...boltCommand('unlock', { version: 1, ts: unit.clock.now() }),
        commandId: ack.commandId,
      }),
    );
    expect(retry.result).toBe(AckResult.Applied);
  });
});

describe('LockFirmware: battery', () => {
  it('low battery: one battery_low event, three red flashes and beeps at the keypad, telemetry on the change', async () => {
    const unit = await bootLock();
    unit.lock.setBatteryCharge(0.16);
    await withCodes(unit, { 1: '135790' });
    unit.sent.length = 0;
    unit.lock.setBatteryCharge(0.15);
    await unit.lock.settled();
    expect(unit.events('battery_low')).toHaveLength(1);
    expect(unit.sent.some((m) => m.type === 'telemetry' && m.battery.percent === 15)).toBe(true);
    typeCode(unit.lock, '1');
    expect(unit.feedback.map((f) => f.feedback)).toContain(Feedback.LowBatteryWarning);
  });

  it('a dead battery stops the motor: remote commands refused battery_dead, the keypad flashes red', async () => {
    const unit = await bootLock();
    await withCodes(unit, { 1: '135790' });
    unit.lock.setBatteryCharge(0.01);
    const ack = await unit.lock.handleCommand(boltCommand('unlock', { version: 9, ts: unit.clock.now() }));
    expect(ack).toMatchObject({ result: 'rejected', reason: RejectReason.BatteryDead });
    typeCode(unit.lock, '135790');
    await settle(unit);
    expect(unit.lock.bolt.state()).toBe(BoltState.Locked);
    expect(unit.feedback[unit.feedback.length - 1]?.feedback).toBe(Feedback.RedFlash);
  });

  it('state and telemetry carry percent and millivolts', async () => {
    const unit = await bootLock();
    unit.lock.setBatteryCharge(0.5);
    await unit.lock.settled();
    expect(unit.lastState().battery).toEqual({ percent: 50, millivolts: 5600 });
    expect(unit.lock.telemetry().battery).toEqual({ percent: 50, millivolts: 5600 });
  });
});

describe('LockFirmware: program button and factory reset', () => {
  it('press once, a code, lock → primary: event with the new fingerprint, version unchanged', async () => {
    const unit = await bootLock();
    await withCodes(unit, { 1: '135790' });
    unit.lock.pressProgramButton();
    typeCode(unit.lock, '797911');
    unit.lock.pressLockButton();
    await unit.lock.settled();
    const event = unit.events('code_programmed_locally')[0];
    const state = unit.lastState();
    expect(event).toMatchObject({ slot: 1, fingerprint: state.slots[0]?.fingerprint });
    expect(state.slots[0]?.version).toBe(1);
    expect(holds(unit, 1, '797911')).toBe(true);
  });

  it('press twice → secondary; a conflicting code is refused with a red flash', async () => {
    const unit = await bootLock();
    await withCodes(unit, { 1: '135790' });
    unit.lock.pressProgramButton();
    unit.lock.pressProgramButton();
    typeCode(unit.lock, '1357');
    unit.lock.pressLockButton();
    expect(unit.lock.slots.hasCode(2)).toBe(false);
    expect(unit.feedback[unit.feedback.length - 1]?.feedback).toBe(Feedback.RedFlash);
    unit.lock.pressProgramButton();
    unit.lock.pressProgramButton();
    typeCode(unit.lock, '9999');
    unit.lock.pressLockButton();
    await unit.lock.settled();
    // 9999 is one button pressed four times: a weak code, refused.
    expect(unit.lock.slots.hasCode(2)).toBe(false);
    unit.lock.pressProgramButton();
    unit.lock.pressProgramButton();
    typeCode(unit.lock, '9751');
    unit.lock.pressLockButton();
    await unit.lock.settled();
    expect(unit.events('code_programmed_locally')[0]).toMatchObject({ slot: 2 });
  });

  it('factory reset clears codes and settings, keeps the keys, and says so', async () => {
    const unit = await bootLock();
    await withCodes(unit, { 1: '135790', 2: '975311' });
    await unit.lock.handleCommand(setAutoLockCommand({ seconds: 30, version: 9, ts: unit.clock.now() }));
    const publicKey = unit.lock.publicKey;
    unit.lock.factoryReset();
    await unit.lock.settled();
    expect(unit.events('factory_reset')).toHaveLength(1);
    expect(unit.lastState()).toMatchObject({
      slots: [
        { slot: 1, fingerprint: null, version: 0 },
        { slot: 2, fingerprint: null, version: 0 },
      ],
      autoLockSeconds: 0,
      autoLockVersion: 0,
      desiredVersion: 0,
    });
    expect(unit.lock.publicKey).toBe(publicKey);
  });
});

describe('LockFirmware: non-volatile memory', () => {
  it('a restart keeps codes, settings, versions, keys and the command ids it applied', async () => {
    const store = new MemoryNvmStore();
    const first = await bootLock({ store });
    await withCodes(first, { 1: '135790' });
    const cmd = setCodeCommand(first.lock, { slot: 2, pin: '975311', version: 4, ts: first.clock.now() });
    await first.lock.handleCommand(cmd);
    await first.lock.handleCommand(setAutoLockCommand({ seconds: 30, version: 5, ts: first.clock.now() }));
    await first.lock.stop();

    const second = await bootLock({ store, clock: first.clock });
    expect(second.lock.publicKey).toBe(first.lock.publicKey);
    expect(holds(second, 1, '135790')).toBe(true);
    expect(second.lock.slots.version(2)).toBe(4);
    expect(second.lock.autoLock.seconds).toBe(30);
    expect(second.lock.desiredVersion).toBe(5);
    const again = await second.lock.handleCommand(cmd);
    expect(again.result).toBe(AckResult.Applied);
    await flushMicrotasks();
    expect(second.states()).toHaveLength(0);
  });

  it('the memory never holds a PIN in digits, only button sequences', async () => {
    const store = new MemoryNvmStore();
    const unit = await bootLock({ store });
    await withCodes(unit, { 1: '246809' });
    const record = await store.load();
    expect(JSON.stringify(record)).not.toContain('246809');
    expect(record?.slots[0]?.buttons).toBe('123455');
  });
});
