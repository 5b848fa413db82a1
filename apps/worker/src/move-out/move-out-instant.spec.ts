import { describe, expect, it } from 'vitest';
import { moveOutInstant } from './move-out-instant.js';

// The end of the tenant's last local day, in the property's zone, on both sides of both DST changes.
describe('moveOutInstant', () => {
  it.each([
    // Europe/Berlin: spring forward on 29 March 2026, fall back on 25 October 2026.
    ['2026-03-28', 'Europe/Berlin', '2026-03-28T23:00:00.000Z'],
    ['2026-03-29', 'Europe/Berlin', '2026-03-29T22:00:00.000Z'],
    ['2026-10-24', 'Europe/Berlin', '2026-10-24T22:00:00.000Z'],
    ['2026-10-25', 'Europe/Berlin', '2026-10-25T23:00:00.000Z'],
    // America/New_York: spring forward on 8 March 2026, fall back on 1 November 2026.
    ['2026-03-07', 'America/New_York', '2026-03-08T05:00:00.000Z'],
    ['2026-03-08', 'America/New_York', '2026-03-09T04:00:00.000Z'],
    ['2026-10-31', 'America/New_York', '2026-11-01T04:00:00.000Z'],
    ['2026-11-01', 'America/New_York', '2026-11-02T05:00:00.000Z'],
  ])('tenancy ending %s in %s rotates at %s', (endsOn, zone, expected) => {
    expect(new Date(moveOutInstant(endsOn, zone)).toISOString()).toBe(expected);
  });

  it('where local midnight does not exist (Santiago springs forward at 00:00), at the end of the gap', () => {
    // Chile moved clocks from 00:00 to 01:00 on 6 September 2026: the day starts at 01:00 local (04:00Z).
    expect(new Date(moveOutInstant('2026-09-05', 'America/Santiago')).toISOString()).toBe(
      '2026-09-06T04:00:00.000Z',
    );
  });
});
