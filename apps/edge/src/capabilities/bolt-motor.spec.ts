import { BoltState, JamCause, RejectReason } from '@lockstep/lock-protocol';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock.js';
import { BoltMotor, MOTOR_RUN_MS } from './bolt-motor.js';

function motor(options: { dead?: boolean; position?: 'locked' | 'unlocked' } = {}) {
  const clock = new ManualClock();
  let operations = 0;
  const power = { isDead: () => options.dead ?? false, consumeMotorOperation: () => void operations++ };
  const bolt = new BoltMotor(clock, power, {
    position: options.position ?? 'locked',
    fault: null,
    jammed: false,
  });
  return { clock, bolt, operations: () => operations };
}

describe('BoltMotor', () => {
  it('moves the bolt after the motor has run, drawing from the battery once', async () => {
    const { clock, bolt, operations } = motor();
    const run = bolt.run('unlock');
    expect(bolt.state()).toBe(BoltState.Moving);
    clock.advance(MOTOR_RUN_MS);
    await expect(run).resolves.toEqual({ ok: true, moved: true, position: 'unlocked' });
    expect(bolt.state()).toBe(BoltState.Unlocked);
    expect(operations()).toBe(1);
  });

  it('does not run when already in position', async () => {
    const { bolt, operations } = motor();
    await expect(bolt.run('lock')).resolves.toEqual({ ok: true, moved: false, position: 'locked' });
    expect(operations()).toBe(0);
  });

  it('is busy while running', async () => {
    const { clock, bolt } = motor();
    const first = bolt.run('unlock');
    await expect(bolt.run('lock')).resolves.toEqual({ ok: false, reason: RejectReason.Busy });
    clock.advance(MOTOR_RUN_MS);
    await first;
  });

  it('stalls on an injected fault, reads jammed until the fault is cleared, then reads its last position', async () => {
    const { clock, bolt } = motor();
    bolt.injectFault(JamCause.DoorHoleMisaligned);
    const run = bolt.run('unlock');
    clock.advance(MOTOR_RUN_MS);
    await expect(run).resolves.toEqual({
      ok: false,
      reason: RejectReason.Jammed,
      cause: JamCause.DoorHoleMisaligned,
    });
    expect(bolt.state()).toBe(BoltState.Jammed);
    expect(bolt.turnByHand()).toBeUndefined();
    expect(bolt.clearFault()).toBe(true);
    expect(bolt.state()).toBe(BoltState.Locked);
  });

  it('does not run on a dead battery, but the thumb turn still works by hand', async () => {
    const { bolt, operations } = motor({ dead: true });
    await expect(bolt.run('unlock')).resolves.toEqual({ ok: false, reason: RejectReason.BatteryDead });
    expect(operations()).toBe(0);
    expect(bolt.turnByHand()).toBe(BoltState.Unlocked);
  });
});
