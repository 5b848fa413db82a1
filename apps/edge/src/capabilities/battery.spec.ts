import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock.js';
import { BATTERY_LOW_PERCENT, Battery, millivoltsAt } from './battery.js';

function battery(charge: number, drain = { perMotorOperation: 0.01, perIdleHour: 0.001 }) {
  const clock = new ManualClock();
  const changes: number[] = [];
  const lows: number[] = [];
  const pack = new Battery(clock, charge, drain, {
    changed: (reading) => changes.push(reading.percent),
    low: (reading) => lows.push(reading.percent),
  });
  return { clock, pack, changes, lows };
}

describe('Battery', () => {
  it('drains per motor operation', () => {
    const { pack, changes } = battery(1);
    pack.consumeMotorOperation();
    expect(pack.reading().percent).toBe(99);
    expect(changes).toEqual([99]);
  });

  it('drains per idle hour, on the hourly tick', () => {
    const { pack, clock } = battery(0.5, { perMotorOperation: 0, perIdleHour: 0.01 });
    pack.start();
    clock.advance(10 * 3_600_000);
    expect(pack.reading().percent).toBe(40);
    pack.stop();
  });

  it('reports percent and millivolts from the discharge curve', () => {
    expect(millivoltsAt(1)).toBe(6200);
    expect(millivoltsAt(0)).toBe(4400);
    expect(millivoltsAt(0.5)).toBe(5600);
    const { pack } = battery(0.5);
    expect(pack.reading()).toEqual({ percent: 50, millivolts: 5600 });
  });

  it('raises the low-battery warning once when crossing the threshold, again after fresh cells', () => {
    const { pack, lows } = battery((BATTERY_LOW_PERCENT + 1) / 100);
    pack.consumeMotorOperation();
    pack.consumeMotorOperation();
    expect(lows).toEqual([BATTERY_LOW_PERCENT]);
    pack.replace();
    expect(pack.reading().percent).toBe(100);
    pack.setCharge(0.1);
    expect(lows).toHaveLength(2);
  });

  it('is dead for the motor at 2 %', () => {
    const { pack } = battery(0.03);
    expect(pack.isDead()).toBe(false);
    pack.consumeMotorOperation();
    expect(pack.isDead()).toBe(true);
  });

  it('does not announce low again on a boot that starts low', () => {
    const { pack, lows } = battery(0.1);
    pack.consumeMotorOperation();
    expect(lows).toEqual([]);
  });
});
