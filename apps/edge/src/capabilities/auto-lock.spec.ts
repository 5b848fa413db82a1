import { AUTO_LOCK_DELAY_SECONDS, FormFactor } from '@lockstep/lock-protocol';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock.js';
import { AutoLock, LEVER_RELOCK_SECONDS } from './auto-lock.js';

describe('AutoLock', () => {
  it('relocks 30 s after an unlock when on', () => {
    const clock = new ManualClock();
    let relocks = 0;
    const autoLock = new AutoLock(clock, FormFactor.Deadbolt, AUTO_LOCK_DELAY_SECONDS, () => relocks++);
    autoLock.boltMoved('unlocked');
    clock.advance(29_999);
    expect(relocks).toBe(0);
    clock.advance(1);
    expect(relocks).toBe(1);
  });

  it('does nothing when off', () => {
    const clock = new ManualClock();
    let relocks = 0;
    const autoLock = new AutoLock(clock, FormFactor.Deadbolt, 0, () => relocks++);
    autoLock.boltMoved('unlocked');
    clock.advance(3_600_000);
    expect(relocks).toBe(0);
  });

  it('is cancelled by a lock in between, and by turning it off', () => {
    const clock = new ManualClock();
    let relocks = 0;
    const autoLock = new AutoLock(clock, FormFactor.Deadbolt, AUTO_LOCK_DELAY_SECONDS, () => relocks++);
    autoLock.boltMoved('unlocked');
    clock.advance(10_000);
    autoLock.boltMoved('locked');
    clock.advance(60_000);
    autoLock.boltMoved('unlocked');
    autoLock.setSeconds(0);
    clock.advance(60_000);
    expect(relocks).toBe(0);
  });

  it('restarts the delay on a fresh unlock', () => {
    const clock = new ManualClock();
    let relocks = 0;
    const autoLock = new AutoLock(clock, FormFactor.Deadbolt, AUTO_LOCK_DELAY_SECONDS, () => relocks++);
    autoLock.boltMoved('unlocked');
    clock.advance(20_000);
    autoLock.boltMoved('unlocked');
    clock.advance(20_000);
    expect(relocks).toBe(0);
    clock.advance(10_000);
    expect(relocks).toBe(1);
  });

  it('relocks a lever set by itself', () => {
    const clock = new ManualClock();
    let relocks = 0;
    const autoLock = new AutoLock(clock, FormFactor.Lever, 0, () => relocks++);
    autoLock.boltMoved('unlocked');
    clock.advance(LEVER_RELOCK_SECONDS * 1000);
    expect(relocks).toBe(1);
  });
});
