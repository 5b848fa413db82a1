import { describe, expect, it } from 'vitest';
import { AccessCodeError } from './access-code-error.js';
import { occurrences } from './occurrences.js';
import { dayNumberOfDate } from './schedules.js';
import { at, weekly } from './test/factories.js';
import { localDayNumberAt, resolveWallClock, zoneOf } from './wall-clock.js';

const resolve = (timeZone: string, date: string, time: string) => {
  const [hours, minutes] = time.split(':').map(Number);
  const result = resolveWallClock(
    zoneOf(timeZone),
    dayNumberOfDate(date),
    (hours ?? 0) * 60 + (minutes ?? 0),
  );
  return { instant: new Date(result.instant).toISOString(), resolution: result.resolution };
};

describe('resolveWallClock', () => {
  it('resolves ordinary times exactly', () => {
    expect(resolve('Europe/Berlin', '2026-01-15', '09:00')).toEqual({
      instant: '2026-01-15T08:00:00.000Z',
      resolution: 'exact',
    });
    expect(resolve('Asia/Kolkata', '2026-07-01', '09:00')).toEqual({
      instant: '2026-07-01T03:30:00.000Z',
      resolution: 'exact',
    });
    // Right next to a change the neighbouring offsets differ, but only one instant fits.
    expect(resolve('Europe/Berlin', '2026-03-29', '01:59')).toEqual({
      instant: '2026-03-29T00:59:00.000Z',
      resolution: 'exact',
    });
    expect(resolve('Europe/Berlin', '2026-03-29', '03:00')).toEqual({
      instant: '2026-03-29T01:00:00.000Z',
      resolution: 'exact',
    });
  });

  it('maps a time in a spring-forward gap to the end of the gap', () => {
    expect(resolve('Europe/Berlin', '2026-03-29', '02:00')).toEqual({
      instant: '2026-03-29T01:00:00.000Z',
      resolution: 'gap',
    });
    expect(resolve('America/New_York', '2026-03-08', '02:59')).toEqual({
      instant: '2026-03-08T07:00:00.000Z',
      resolution: 'gap',
    });
    // Half-hour DST (Lord Howe Island, +10:30 → +11:00 at 02:00).
    expect(resolve('Australia/Lord_Howe', '2026-10-04', '02:15')).toEqual({
      instant: '2026-10-03T15:30:00.000Z',
      resolution: 'gap',
    });
    // A gap at midnight (Santiago springs from 24:00 to 01:00): 00:00 itself does not exist.
    expect(resolve('America/Santiago', '2026-09-06', '00:00')).toEqual({
      instant: '2026-09-06T04:00:00.000Z',
      resolution: 'gap',
    });
  });

  it('maps a time in a fall-back overlap to its first occurrence', () => {
    expect(resolve('Europe/Berlin', '2026-10-25', '02:00')).toEqual({
      instant: '2026-10-25T00:00:00.000Z',
      resolution: 'overlap_first',
    });
    expect(resolve('Europe/Berlin', '2026-10-25', '03:00')).toEqual({
      instant: '2026-10-25T02:00:00.000Z',
      resolution: 'exact',
    });
    expect(resolve('America/New_York', '2026-11-01', '01:30')).toEqual({
      instant: '2026-11-01T05:30:00.000Z',
      resolution: 'overlap_first',
    });
    expect(resolve('Australia/Lord_Howe', '2026-04-05', '01:45')).toEqual({
      instant: '2026-04-04T14:45:00.000Z',
      resolution: 'overlap_first',
    });
    expect(resolve('America/Santiago', '2026-04-04', '23:30')).toEqual({
      instant: '2026-04-05T02:30:00.000Z',
      resolution: 'overlap_first',
    });
  });

  it('is monotonic in wall time through both changes (the property the policy is chosen for)', () => {
    for (const [zone, date] of [
      ['Europe/Berlin', '2026-03-29'],
      ['Europe/Berlin', '2026-10-25'],
      ['America/New_York', '2026-03-08'],
      ['America/New_York', '2026-11-01'],
      ['Australia/Lord_Howe', '2026-10-04'],
      ['America/Santiago', '2026-09-06'],
    ] as const) {
      let previous = -Infinity;
      for (let minutes = 0; minutes <= 1440; minutes++) {
        const { instant } = resolveWallClock(zoneOf(zone), dayNumberOfDate(date), minutes);
        expect(instant).toBeGreaterThanOrEqual(previous);
        previous = instant;
      }
    }
  });

  it('gives a Santiago whole day on its spring-forward day 23 hours, starting at 01:00', () => {
    const [day] = occurrences(weekly([7], '00:00', '24:00', '2026-09-06', '2026-09-06'), 'America/Santiago', {
      start: at('2026-09-01T00:00:00Z'),
      end: at('2026-09-10T00:00:00Z'),
    });
    expect(day).toEqual({ start: at('2026-09-06T04:00:00Z'), end: at('2026-09-07T03:00:00Z') });
  });

  it('knows the local day of an instant and refuses unknown zones', () => {
    expect(localDayNumberAt(zoneOf('Pacific/Auckland'), at('2026-06-30T13:00:00Z'))).toBe(
      dayNumberOfDate('2026-07-01'),
    );
    expect(localDayNumberAt(zoneOf('America/Los_Angeles'), at('2026-07-01T03:00:00Z'))).toBe(
      dayNumberOfDate('2026-06-30'),
    );
    expect(() => zoneOf('Not/AZone')).toThrow(AccessCodeError);
  });
});
