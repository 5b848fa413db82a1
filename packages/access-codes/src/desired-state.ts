import { PRIMARY_SLOT, type TCapabilityProfile, type TSlotFingerprintInput } from '@lockstep/lock-protocol';
import { AccessCodeKind, type TAccessCodeKind, type TLockCode } from './held-windows.js';
import { nextEdge, windowAt } from './occurrences.js';

/**
 * Desired slot contents of one lock (DESIGN §4) and the ordered commands that take the lock's reported
 * state there. The lock reports a keyed fingerprint per slot, never the code; desired codes are
 * fingerprinted the same way through a function the caller supplies (lock-protocol's `./node`
 * `slotFingerprint` bound to the device), so this stays pure and never sees a device key.
 */

/** What the reconciler needs to know about the lock itself. */
export interface TDesiredStateLock {
  lockId: string;
  profile: Pick<TCapabilityProfile, 'slotCount'>;
  /** The property's IANA time zone. */
  timeZone: string;
  /** The primary the lock has confirmed holding in slot 1, or null (never set, or not yet known). */
  primary: { codeId: string } | null;
  /**
   * A rotation in progress: the new primary to put in slot 1. The old one stays there until the lock
   * confirms the new one — `set_code` replaces slot 1 in place, so the lock never holds no code.
   */
  pendingPrimary: { codeId: string } | null;
}

/** What one slot should hold at an instant. */
export interface TDesiredSlot {
  slot: number;
  /** The code that should be in the slot; null: the slot should be empty (slot 1: leave as it is). */
  codeId: string | null;
  kind: TAccessCodeKind | null;
  /** End of the current window: the `notAfter` of a `set_code`. Null for the ongoing primary. */
  notAfter: number | null;
  /** Slot 1 during a rotation: the old primary, still on the lock until the new one is confirmed. */
  retainedCodeId: string | null;
}

/** A time-bound code that could not be placed at the instant. */
export interface TDesiredSlotProblem {
  codeId: string;
  slot: number | null;
  /** `slot_out_of_range`: not a secondary slot of the model; `slot_taken`: another code won the slot. */
  reason: 'slot_out_of_range' | 'slot_taken';
  /** For `slot_taken`: the code that got the slot. */
  heldBy?: string;
}

export interface TDesiredSlots {
  lockId: string;
  at: number;
  /** Slot 1..slotCount, ascending. */
  slots: TDesiredSlot[];
  /** Allocation should make these impossible; surfaced rather than silently dropped. */
  problems: TDesiredSlotProblem[];
}

/**
 * Per slot, the code that should be on the lock at `at`: the primary (or the pending one) in slot 1;
 * in slots 2..k each time-bound code whose window contains `at` (`[start, end)`, cut at `revokedAt`).
 * Primaries in `codes` are ignored: slot 1 comes from `lock.primary` / `lock.pendingPrimary`. Should two
 * codes claim one slot at once, the one whose window started first keeps it (it is the one on the lock;
 * replacing it would churn), ties by code id.
 */
export function desiredSlots(
  lock: TDesiredStateLock,
  codes: readonly TLockCode[],
  at: number,
): TDesiredSlots {
  const primary = lock.pendingPrimary ?? lock.primary;
  const slots: TDesiredSlot[] = Array.from({ length: lock.profile.slotCount }, (_, index) => ({
    slot: index + 1,
    codeId: null,
    kind: null,
    notAfter: null,
    retainedCodeId: null,
  }));
  const first = slots[0];
  if (first !== undefined && primary !== null) {
    first.codeId = primary.codeId;
    first.kind = AccessCodeKind.Primary;
    const retained = lock.pendingPrimary !== null ? lock.primary : null;
    first.retainedCodeId = retained !== null && retained.codeId !== primary.codeId ? retained.codeId : null;
  }
  const problems: TDesiredSlotProblem[] = [];
  const claims = new Map<number, { code: TLockCode; start: number; end: number }[]>();
  for (const code of codes) {
    if (code.kind === AccessCodeKind.Primary) continue;
    const revokedAt = code.revokedAt ?? null;
    if (revokedAt !== null && revokedAt <= at) continue;
    const window = windowAt(code.schedule, lock.timeZone, at);
    if (window === null) continue;
    if (
      code.slot === null ||
      code.slot === PRIMARY_SLOT ||
      code.slot > lock.profile.slotCount ||
      code.slot < 1
    ) {
      problems.push({ codeId: code.codeId, slot: code.slot, reason: 'slot_out_of_range' });
      continue;
    }
    const end = revokedAt === null ? window.end : Math.min(window.end, revokedAt);
    claims.set(code.slot, [...(claims.get(code.slot) ?? []), { code, start: window.start, end }]);
  }
  for (const [slot, contenders] of claims) {
    contenders.sort((a, b) => a.start - b.start || (a.code.codeId < b.code.codeId ? -1 : 1));
    const [winner, ...losers] = contenders;
    const target = slots[slot - 1];
    if (winner === undefined || target === undefined) continue;
    target.codeId = winner.code.codeId;
    target.kind = winner.code.kind;
    target.notAfter = winner.end;
    for (const loser of losers) {
      problems.push({ codeId: loser.code.codeId, slot, reason: 'slot_taken', heldBy: winner.code.codeId });
    }
  }
  return { lockId: lock.lockId, at, slots, problems };
}

/**
 * The next instant after `after` at which {@link desiredSlots} can change (a window starts or ends, or a
 * revocation takes effect), or null. The worker schedules its delayed job for it.
 */
export function nextDesiredChange(
  lock: Pick<TDesiredStateLock, 'timeZone'>,
  codes: readonly TLockCode[],
  after: number,
): number | null {
  let next: number | null = null;
  for (const code of codes) {
    if (code.kind === AccessCodeKind.Primary) continue;
    const revokedAt = code.revokedAt ?? null;
    if (revokedAt !== null && revokedAt <= after) continue;
    let edge = nextEdge(code.schedule, lock.timeZone, after)?.at ?? null;
    if (revokedAt !== null && (edge === null || edge > revokedAt)) {
      // Revoked inside a window: the code goes at the revocation; later edges no longer matter.
      const window = windowAt(code.schedule, lock.timeZone, revokedAt);
      edge = window !== null && window.start < revokedAt ? revokedAt : null;
    }
    if (edge !== null && (next === null || edge < next)) next = edge;
  }
  return next;
}

/** One slot as the lock reports it (lock-protocol `TSlotReport` fits). */
export interface TReportedSlot {
  slot: number;
  fingerprint: string | null;
}

/** Fingerprint of a code in a slot of this lock, as the lock would report it. */
export type TFingerprintOf = (slot: number, codeId: string) => string;

/**
 * Binds lock-protocol's `slotFingerprint` (from `@lockstep/lock-protocol/node`, or any function of the
 * same shape) to one device: `codeOf` opens a code id's digits. Nothing is cached or retained.
 */
export function fingerprintWith(
  device: { deviceId: string; deviceKey: string | Uint8Array },
  codeOf: (codeId: string) => string,
  slotFingerprint: (input: TSlotFingerprintInput) => string,
): TFingerprintOf {
  return (slot, codeId) =>
    slotFingerprint({ deviceKey: device.deviceKey, deviceId: device.deviceId, slot, code: codeOf(codeId) });
}

/** A command the reconciler should send, in order. */
export type TSlotAction =
  | {
      type: 'clear_slot';
      slot: number;
      /** What the lock reported there. */
      reportedFingerprint: string;
    }
  | {
      type: 'set_code';
      slot: number;
      codeId: string;
      notAfter: number | null;
      /**
       * What the set overwrites: `empty`; `retained`, the old primary of a rotation; `other`, any other
       * code (a previous holder, or a local change: the caller decides whether that is drift).
       */
      replaces: 'empty' | 'retained' | 'other';
      reportedFingerprint: string | null;
    };

/** A clear that would leave the lock with no code: withheld, for the caller to alert on. */
export interface TWithheldClear {
  slot: number;
  reason: 'would_leave_no_code';
}

export interface TSlotDiff {
  actions: TSlotAction[];
  withheld: TWithheldClear[];
  /** True when the lock already holds its desired state: nothing to send. */
  inSync: boolean;
}

/**
 * Commands from `reported` to `desired`, ordered revocations first:
 * 1. `clear_slot` for each secondary slot that holds a code and should be empty (ascending);
 * 2. `set_code` over a slot holding a different code (it removes that code too);
 * 3. `set_code` into empty slots.
 * Slot 1 is never cleared: with no primary known, whatever the lock holds there stays. A clear that would
 * leave the lock with no code at all (invariant 3; the lock would refuse it anyway) waits until a set
 * has put a code somewhere, or is withheld. Fingerprints are compared, never codes, and a slot that
 * already matches gets no command, so a restart sends nothing to a lock in sync.
 */
export function diffSlots(
  desired: Pick<TDesiredSlots, 'slots'>,
  reported: readonly TReportedSlot[],
  fingerprintOf: TFingerprintOf,
): TSlotDiff {
  const reportedBySlot = new Map<number, string | null>();
  for (const entry of reported) reportedBySlot.set(entry.slot, entry.fingerprint);
  const clears: TSlotAction[] = [];
  const replacements: TSlotAction[] = [];
  const installs: TSlotAction[] = [];
  for (const want of desired.slots) {
    const current = reportedBySlot.get(want.slot) ?? null;
    if (want.codeId === null) {
      if (current !== null && want.slot !== PRIMARY_SLOT) {
        clears.push({ type: 'clear_slot', slot: want.slot, reportedFingerprint: current });
      }
      continue;
    }
    if (current !== null && current === fingerprintOf(want.slot, want.codeId)) continue;
    const retained =
      current !== null &&
      want.retainedCodeId !== null &&
      current === fingerprintOf(want.slot, want.retainedCodeId);
    const action: TSlotAction = {
      type: 'set_code',
      slot: want.slot,
      codeId: want.codeId,
      notAfter: want.notAfter,
      replaces: current === null ? 'empty' : retained ? 'retained' : 'other',
      reportedFingerprint: current,
    };
    (current === null ? installs : replacements).push(action);
  }

  // Keep the lock holding at least one code after every command.
  const occupied = new Set<number>();
  for (const [slot, fingerprint] of reportedBySlot) if (fingerprint !== null) occupied.add(slot);
  const actions: TSlotAction[] = [];
  const deferred: TSlotAction[] = [];
  for (const action of [...clears, ...replacements, ...installs]) {
    if (action.type === 'clear_slot') {
      if (occupied.size === 1 && occupied.has(action.slot)) {
        deferred.push(action);
        continue;
      }
      occupied.delete(action.slot);
      actions.push(action);
      continue;
    }
    occupied.add(action.slot);
    actions.push(action);
    for (const clear of deferred.splice(0)) {
      occupied.delete(clear.slot);
      actions.push(clear);
    }
  }
  const withheld = deferred.map((clear) => ({ slot: clear.slot, reason: 'would_leave_no_code' as const }));
  return { actions, withheld, inSync: actions.length === 0 && withheld.length === 0 };
}

/**
 * The primary state after a report: a pending primary whose fingerprint the lock now reports in slot 1
 * becomes the primary. Anything else leaves the rotation as it is (the reconciler keeps sending it).
 */
export function confirmPrimary(
  lock: Pick<TDesiredStateLock, 'primary' | 'pendingPrimary'>,
  reported: readonly TReportedSlot[],
  fingerprintOf: TFingerprintOf,
): Pick<TDesiredStateLock, 'primary' | 'pendingPrimary'> {
  const pending = lock.pendingPrimary;
  if (pending === null) return { primary: lock.primary, pendingPrimary: null };
  const slotOne = reported.find((entry) => entry.slot === PRIMARY_SLOT)?.fingerprint ?? null;
  if (slotOne !== null && slotOne === fingerprintOf(PRIMARY_SLOT, pending.codeId)) {
    return { primary: pending, pendingPrimary: null };
  }
  return { primary: lock.primary, pendingPrimary: pending };
}
