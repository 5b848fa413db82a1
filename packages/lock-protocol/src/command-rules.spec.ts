import { describe, expect, it } from 'vitest';
import {
  commandTarget,
  emptyLedger,
  evaluateCommand,
  evaluateNewCodeFor,
  lockClock,
  recordApplied,
  type TCommandLedger,
} from './command-rules.js';
import { EXAMPLE_MESSAGES } from './examples.js';
import { type TCommand } from './messages/commands.js';
import { LEVER_30_PROFILE, SEED_MODEL_PROFILE } from './profiles.js';

const setCode = (version: number, slot = 2, notAfter = 10_000): TCommand => ({
  ...EXAMPLE_MESSAGES.setCode,
  desiredVersion: version,
  slot,
  notAfter,
});
const clearSlot = (version: number, slot = 2): TCommand => ({
  ...EXAMPLE_MESSAGES.clearSlot,
  desiredVersion: version,
  slot,
});
const NOW = 5_000;

describe('evaluateCommand', () => {
  it('applies a new command and acknowledges a redelivery without acting again', () => {
    let ledger = emptyLedger(2);
    expect(evaluateCommand(setCode(5), ledger, SEED_MODEL_PROFILE, NOW)).toEqual({ action: 'apply' });
    ledger = recordApplied(ledger, setCode(5));
    expect(evaluateCommand(setCode(5), ledger, SEED_MODEL_PROFILE, NOW)).toEqual({
      action: 'already_applied',
    });
    expect(ledger.desiredVersion).toBe(5);
    expect(ledger.slots[1]).toEqual({ version: 5, occupied: true });
  });

  it('rejects a command older than the last one applied to the same slot, not to another slot', () => {
    let ledger = recordApplied(emptyLedger(2), setCode(7, 2));
    // The revocation (v8) is applied; the late redelivery of the set (v7) must not reinstall the code.
    ledger = recordApplied(ledger, setCode(6, 1));
    const clear = clearSlot(8);
    expect(evaluateCommand(clear, ledger, SEED_MODEL_PROFILE, NOW)).toEqual({ action: 'apply' });
    ledger = recordApplied(ledger, clear);
    expect(evaluateCommand(setCode(7, 2), ledger, SEED_MODEL_PROFILE, NOW)).toMatchObject({
      action: 'reject',
      reason: 'stale_command',
    });
    // Slot 1's version is its own: v6 < 8 elsewhere does not make a slot-1 command v7 stale.
    expect(evaluateCommand(setCode(7, 1), ledger, SEED_MODEL_PROFILE, NOW)).toEqual({ action: 'apply' });
  });

  it('refuses set_code, lock and unlock after notAfter, but never a clear', () => {
    const ledger = recordApplied(emptyLedger(2), setCode(1, 1));
    expect(evaluateCommand(setCode(2, 2, NOW - 1), ledger, SEED_MODEL_PROFILE, NOW)).toMatchObject({
      reason: 'expired',
    });
    const unlock: TCommand = { ...EXAMPLE_MESSAGES.unlock, desiredVersion: 2, notAfter: NOW - 1 };
    expect(evaluateCommand(unlock, ledger, SEED_MODEL_PROFILE, NOW)).toMatchObject({ reason: 'expired' });
    const withCode = recordApplied(ledger, setCode(3, 2));
    expect(evaluateCommand(clearSlot(4), withCode, SEED_MODEL_PROFILE, Number.MAX_SAFE_INTEGER)).toEqual({
      action: 'apply',
    });
  });

  it('refuses to clear the last code', () => {
    const ledger = recordApplied(emptyLedger(2), setCode(1, 1));
    expect(evaluateCommand(clearSlot(2, 1), ledger, SEED_MODEL_PROFILE, NOW)).toMatchObject({
      reason: 'would_leave_no_code',
    });
    // Clearing an already-empty slot is harmless.
    expect(evaluateCommand(clearSlot(2, 2), ledger, SEED_MODEL_PROFILE, NOW)).toEqual({ action: 'apply' });
  });

  it('refuses slots and features the model lacks', () => {
    const ledger: TCommandLedger = emptyLedger(2);
    expect(evaluateCommand(setCode(1, 3), ledger, SEED_MODEL_PROFILE, NOW)).toMatchObject({
      reason: 'slot_out_of_range',
    });
    const autoLock: TCommand = { ...EXAMPLE_MESSAGES.setAutoLock, autoLockSeconds: 45 };
    expect(evaluateCommand(autoLock, ledger, SEED_MODEL_PROFILE, NOW)).toMatchObject({
      reason: 'unsupported',
    });
    expect(
      evaluateCommand(EXAMPLE_MESSAGES.setAutoLock, emptyLedger(30), LEVER_30_PROFILE, NOW),
    ).toMatchObject({
      reason: 'unsupported',
    });
  });

  it('always answers request_state', () => {
    const ledger = recordApplied(emptyLedger(2), setCode(100, 1));
    const request: TCommand = { ...EXAMPLE_MESSAGES.requestState, desiredVersion: 1 };
    expect(commandTarget(request)).toBeNull();
    expect(evaluateCommand(request, ledger, SEED_MODEL_PROFILE, NOW)).toEqual({ action: 'apply' });
    expect(recordApplied(ledger, request)).toBe(ledger);
  });
});

describe('evaluateNewCodeFor', () => {
  it('maps code checks to ack reasons', () => {
    expect(evaluateNewCodeFor('7294', ['135790'], SEED_MODEL_PROFILE)).toBeNull();
    expect(evaluateNewCodeFor('8193', ['7294'], SEED_MODEL_PROFILE)).toMatchObject({
      reason: 'conflict_equal',
    });
    expect(evaluateNewCodeFor('729411', ['7294'], SEED_MODEL_PROFILE)).toMatchObject({
      reason: 'conflict_prefix',
    });
    expect(evaluateNewCodeFor('1111', [], SEED_MODEL_PROFILE)).toEqual({
      reason: 'invalid_code',
      detail: 'weak_single_button',
    });
  });
});

describe('lockClock', () => {
  it('never goes back to an old command ts', () => {
    expect(lockClock(1_000, 5_000)).toBe(5_000);
    expect(lockClock(9_000, 5_000)).toBe(9_000);
  });
});
