import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock.js';
import { ENTRY_TIMEOUT_MS, Keypad, type TKeypadHooks } from './keypad.js';
import { Feedback } from './keypad-feedback.js';

function keypadWith(codes: string[]) {
  const clock = new ManualClock();
  const calls: string[] = [];
  const hooks: TKeypadHooks = {
    accepted: (slot) => calls.push(`accepted:${slot}`),
    wrongCode: (attempt) => calls.push(`wrong:${attempt}`),
    lockedOut: (until) => calls.push(`lockout:${until - clock.now()}`),
    lockoutEnded: () => calls.push('lockout-ended'),
    feedback: () => undefined,
  };
  const matcher = {
    match: (buttons: string) => {
      const index = codes.indexOf(buttons);
      return index === -1 ? null : index + 1;
    },
    hasAnyCode: () => codes.length > 0,
  };
  const keypad = new Keypad(
    clock,
    { minLength: 4, maxLength: 8, lockoutAttempts: 3, lockoutSeconds: 60 },
    matcher,
    hooks,
  );
  const enter = (buttons: string) => {
    for (const button of buttons) keypad.press(Number(button));
  };
  return { clock, calls, keypad, enter };
}

describe('Keypad', () => {
  it('accepts a stored code as soon as its last button is pressed', () => {
    const { calls, enter } = keypadWith(['1234']);
    enter('123');
    expect(calls).toEqual([]);
    enter('4');
    expect(calls).toEqual(['accepted:1']);
  });

  it('fires on the first stored code matched: a prefix shadows the longer code', () => {
    // Two slots that (on a badly programmed lock) hold 1234 and 123455: the shorter always wins.
    const { calls, enter } = keypadWith(['123455', '1234']);
    enter('123455');
    expect(calls[0]).toBe('accepted:2');
    expect(calls).not.toContain('accepted:1');
  });

  it('counts an entry of maximum length without a match as a wrong code', () => {
    const { calls, enter } = keypadWith(['1234']);
    enter('55555555');
    expect(calls).toEqual(['wrong:1']);
  });

  it('ends an entry after the timeout, counting it only if it was at least the minimum length', () => {
    const { calls, enter, clock } = keypadWith(['1234']);
    enter('55');
    clock.advance(ENTRY_TIMEOUT_MS);
    expect(calls).toEqual([]);
    enter('5555');
    clock.advance(ENTRY_TIMEOUT_MS);
    expect(calls).toEqual(['wrong:1']);
  });

  it('ends a pending entry on the lock button', () => {
    const { calls, enter, keypad } = keypadWith(['1234']);
    enter('5552');
    keypad.lockButton();
    expect(calls).toEqual(['wrong:1']);
  });

  it('locks out for 60 s after three consecutive wrong codes, and ignores presses meanwhile', () => {
    const { calls, enter, keypad, clock } = keypadWith(['1234']);
    for (let i = 0; i < 3; i++) {
      enter('5555');
      keypad.lockButton();
    }
    expect(calls).toEqual(['wrong:1', 'wrong:2', 'wrong:3', 'lockout:60000']);
    expect(keypad.lockoutUntil()).toBe(clock.now() + 60_000);
    enter('1234');
    expect(calls).not.toContain('accepted:1');
    clock.advance(59_999);
    expect(keypad.lockoutUntil()).not.toBeNull();
    clock.advance(1);
    expect(calls[calls.length - 1]).toBe('lockout-ended');
    enter('1234');
    expect(calls[calls.length - 1]).toBe('accepted:1');
  });

  it('resets the wrong-code count on a correct code', () => {
    const { calls, enter, keypad } = keypadWith(['1234']);
    enter('5555');
    keypad.lockButton();
    enter('5555');
    keypad.lockButton();
    enter('1234');
    enter('5555');
    keypad.lockButton();
    expect(calls).toEqual(['wrong:1', 'wrong:2', 'accepted:1', 'wrong:1']);
    expect(keypad.wrongCodesInARow()).toBe(1);
  });

  it('does nothing with no code installed', () => {
    const { calls, enter, keypad } = keypadWith([]);
    enter('12345555');
    keypad.lockButton();
    expect(calls).toEqual([]);
    expect(keypad.pendingPresses()).toBe(0);
  });

  it('signals the lockout to whoever presses during it', () => {
    const clock = new ManualClock();
    const signals: string[] = [];
    const keypad = new Keypad(
      clock,
      { minLength: 4, maxLength: 8, lockoutAttempts: 1, lockoutSeconds: 60 },
      { match: () => null, hasAnyCode: () => true },
      {
        accepted: () => undefined,
        wrongCode: () => undefined,
        lockedOut: () => undefined,
        lockoutEnded: () => undefined,
        feedback: (signal) => signals.push(signal.feedback),
      },
    );
    for (const button of [1, 1, 1, 1]) keypad.press(button);
    keypad.lockButton();
    keypad.press(2);
    expect(signals[signals.length - 1]).toBe(Feedback.LockedOut);
  });
});
