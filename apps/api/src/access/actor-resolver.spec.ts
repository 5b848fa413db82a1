import { describe, expect, it } from 'vitest';
import { localDate } from './actor-resolver.js';

describe('localDate', () => {
  it("reads the calendar date in the property's time zone", () => {
    const instant = new Date('2026-06-30T23:30:00Z');
    expect(localDate(instant, 'UTC')).toBe('2026-06-30');
    expect(localDate(instant, 'Europe/Berlin')).toBe('2026-07-01');
    expect(localDate(instant, 'America/New_York')).toBe('2026-06-30');
  });
});
