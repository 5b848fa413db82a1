import { Role } from '@lockstep/db';
import { type Actor } from '../access/actor.js';
import { reachesWholeOrganization } from '../access/visibility.js';
import { Problems } from '../problems/problems.js';

/**
 * Who may grant what, shared by members and invitations: people are managed by those who reach the
 * whole organization; only an owner grants the owner role or changes an owner's membership.
 */
export function assertMayGrant(actor: Actor, role: Role): void {
  if (!reachesWholeOrganization(actor)) {
    throw Problems.forbidden('A membership limited to some properties cannot manage people.');
  }
  if (role === Role.owner && actor.role !== Role.owner) {
    throw Problems.forbidden('Only an owner can make someone an owner.');
  }
}

export function assertMayChange(actor: Actor, currentRole: Role): void {
  assertMayGrant(actor, currentRole);
}
