import { describe, expect, it } from 'vitest';
import { isCalendarDate } from './is-calendar-date.js';
import { isIanaTimeZone } from './is-iana-time-zone.js';

describe('isIanaTimeZone', () => {
  it.each([
    'Europe/Berlin',
    'America/New_York',
    'America/Argentina/Buenos_Aires',
    'UTC',
    'Australia/Lord_Howe',
  ])('accepts %s', (zone) => expect(isIanaTimeZone(zone)).toBe(true));
  it.each(['Mars/Olympus', '+01:00', 'GMT+1', '', 'europe berlin', 'Europe/', 42])('refuses %s', (zone) =>
    expect(isIanaTimeZone(zone)).toBe(false),
  );
});

describe('isCalendarDate', () => {
  it('accepts real days and refuses the rest', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-1')).toBe(false);
    expect(isCalendarDate('2026-01-01T00:00:00Z')).toBe(false);
  });
});
