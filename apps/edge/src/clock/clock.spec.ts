import { describe, expect, it } from 'vitest';
import { CloudCorrectedClock } from './cloud-corrected-clock.js';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  it('fires due timers in time order, including ones scheduled while advancing', () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.setTimer(20, () => fired.push('b@' + clock.now()));
    clock.setTimer(10, () => {
      fired.push('a@' + clock.now());
      clock.setTimer(5, () => fired.push('c@' + clock.now()));
    });
    const cancelled = clock.setTimer(12, () => fired.push('never'));
    cancelled.cancel();
    clock.advance(30);
    expect(fired).toEqual(['a@10', 'c@15', 'b@20']);
    expect(clock.now()).toBe(30);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('CloudCorrectedClock', () => {
  it('is never earlier than the newest command timestamp (a slow lock clock catches up)', () => {
    const local = new ManualClock(1_000);
    const clock = new CloudCorrectedClock(local);
    expect(clock.observeCommandTimestamp(5_000)).toBe(true);
    expect(clock.now()).toBe(5_000);
    local.advance(10_000);
    expect(clock.now()).toBe(11_000);
  });

  it('never moves back on an old timestamp (a QoS 1 redelivery must not rewind time)', () => {
    const local = new ManualClock(10_000);
    const clock = new CloudCorrectedClock(local, 12_000);
    expect(clock.observeCommandTimestamp(2_000)).toBe(false);
    expect(clock.now()).toBe(12_000);
  });
});
