import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock.js';
import { PROGRAM_MODE_TIMEOUT_MS, ProgramButton } from './program-button.js';

describe('ProgramButton', () => {
  it('press once selects the primary, and the lock button commits the buttons entered', () => {
    const program = new ProgramButton(new ManualClock(), 2);
    expect(program.press()).toBe(1);
    for (const button of [1, 2, 3, 5]) program.digit(button);
    expect(program.commit()).toEqual({ slot: 1, buttons: '1235' });
    expect(program.isActive()).toBe(false);
  });

  it('press twice selects the secondary', () => {
    const clock = new ManualClock();
    const program = new ProgramButton(clock, 2);
    program.press();
    clock.advance(500);
    expect(program.press()).toBe(2);
  });

  it('two presses far apart select the primary again', () => {
    const clock = new ManualClock();
    const program = new ProgramButton(clock, 2);
    program.press();
    clock.advance(5_000);
    expect(program.press()).toBe(1);
  });

  it('a one-slot model has no secondary', () => {
    const program = new ProgramButton(new ManualClock(), 1);
    program.press();
    expect(program.press()).toBe(1);
  });

  it('times out without input, discarding the entry', () => {
    const clock = new ManualClock();
    let timeouts = 0;
    const program = new ProgramButton(clock, 2, () => timeouts++);
    program.press();
    program.digit(3);
    clock.advance(PROGRAM_MODE_TIMEOUT_MS);
    expect(program.isActive()).toBe(false);
    expect(program.commit()).toBeUndefined();
    expect(timeouts).toBe(1);
  });
});
