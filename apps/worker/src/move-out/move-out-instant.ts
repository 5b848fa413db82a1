import { dayNumberOfDate, resolveWallClock, zoneOf } from '@lockstep/access-codes';

/**
 * When a tenancy's primary is rotated at move-out: `ends_on` is the tenant's last day (a property-local
 * calendar date), so the rotation happens at the end of that local day — the first instant of the next
 * local day in the property's time zone (00:00 local, or the end of a DST gap should midnight not
 * exist). The tenant keeps access for the whole of their last day; nobody else has it before then.
 */
export function moveOutInstant(endsOn: string, timeZone: string): number {
  return resolveWallClock(zoneOf(timeZone), dayNumberOfDate(endsOn) + 1, 0).instant;
}
