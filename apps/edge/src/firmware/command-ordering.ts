/**
 * How a command's `desiredVersion` relates to the last version applied to the same target (a slot, the
 * auto-lock setting, the bolt). Versions are never reused for another command on a target, so an equal
 * version is the same command redelivered after its id was forgotten: it is acknowledged again without
 * acting. An older one was overtaken and must have no effect (DESIGN §4: stale commands never win).
 */
export type TOrdering = 'fresh' | 'duplicate' | 'stale';

export function orderingOf(commandVersion: number, lastApplied: number): TOrdering {
  if (commandVersion > lastApplied) return 'fresh';
  return commandVersion === lastApplied ? 'duplicate' : 'stale';
}

/** A command whose `notAfter` has passed on the lock's (cloud-corrected) clock is refused. */
export function isPastDeadline(notAfter: number, now: number): boolean {
  return now > notAfter;
}
