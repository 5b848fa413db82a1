import { PRIMARY_SLOT, secondarySlots, type TCapabilityProfile } from '@lockstep/lock-protocol';
import {
  DEFAULT_GUARD_INTERVAL,
  firstOverlap,
  heldWindows,
  spanOf,
  type TGuardInterval,
  type TLockCode,
} from './held-windows.js';
import { type TRange, type TWindow } from './occurrences.js';
import { type TSchedule } from './schedules.js';

/**
 * Slot allocation (DESIGN §3): a lock with k slots keeps slot 1 for the primary and shares slots 2..k
 * over time between time-bound codes. A candidate gets the lowest secondary slot that no other code
 * holds during any of the candidate's held windows in the range; the choice depends only on the inputs,
 * so re-planning the same code gives the same slot.
 */

/** A code that holds a slot the candidate needs, with the two windows that collide. */
export interface TSlotHolder {
  slot: number;
  codeId: string;
  kind: TLockCode['kind'];
  /** The holder's window (unguarded; cut at its revocation). */
  window: TWindow;
  /** The candidate's window it collides with, guard intervals included. */
  candidateWindow: TWindow;
}

export type TSlotAllocation =
  | { ok: true; slot: number }
  | {
      ok: false;
      reason: 'no_secondary_slots' | 'no_free_slot';
      /** For `no_free_slot`: for every secondary slot, each code holding it at a time the candidate needs. */
      holders: TSlotHolder[];
    };

export interface TSlotAllocationInput {
  profile: Pick<TCapabilityProfile, 'slotCount'>;
  /** The property's IANA time zone: weekly rules are evaluated in it. */
  timeZone: string;
  /** Codes on or allocated to the lock. Primaries, unallocated codes and the candidate itself are skipped. */
  codes: readonly TLockCode[];
  /** The code to place. A `codeId` equal to an existing code's replaces it (re-planning, extension). */
  candidate: { codeId?: string; schedule: TSchedule; revokedAt?: number | null };
  /** Instants to check: every candidate window overlapping it must find the slot free. */
  range: TRange;
  guard?: TGuardInterval;
}

/** Picks the lowest secondary slot free for all of the candidate's held windows in the range. */
export function allocateSlot(input: TSlotAllocationInput): TSlotAllocation {
  const slots = secondarySlots(input.profile);
  if (slots.length === 0) return { ok: false, reason: 'no_secondary_slots', holders: [] };
  const guard = input.guard ?? DEFAULT_GUARD_INTERVAL;
  const wanted = heldWindows(input.candidate, input.timeZone, input.range, guard);
  // Candidate windows straddling the range come back whole; look at holders over all of them.
  const span = spanOf(wanted, input.range);
  const bySlot = new Map<number, TLockCode[]>(slots.map((slot) => [slot, []]));
  for (const code of input.codes) {
    if (code.codeId === input.candidate.codeId) continue;
    if (code.slot === null || code.slot === PRIMARY_SLOT) continue;
    bySlot.get(code.slot)?.push(code);
  }
  const holders: TSlotHolder[] = [];
  for (const slot of slots) {
    let free = true;
    // Sorted by id so refusals list holders in a stable order.
    const occupants = [...(bySlot.get(slot) ?? [])].sort((a, b) => (a.codeId < b.codeId ? -1 : 1));
    for (const code of occupants) {
      // The holder's windows are needed only where the candidate's held windows are.
      const clash = firstOverlap(wanted, heldWindows(code, input.timeZone, span, guard));
      if (clash === null) continue;
      free = false;
      const [mine, theirs] = clash;
      holders.push({
        slot,
        codeId: code.codeId,
        kind: code.kind,
        window: theirs.window ?? theirs.held,
        candidateWindow: mine.held,
      });
    }
    if (free) return { ok: true, slot };
  }
  return { ok: false, reason: 'no_free_slot', holders };
}
