import { checkAgainst, type TCodeRules } from './keypad.js';
import { RejectReason, type TRejectReason } from './messages/acks.js';
import { type TCommand } from './messages/commands.js';
import { MessageType } from './messages/message-type.js';
import {
  Feature,
  codeRulesFor,
  hasFeature,
  isSlotInRange,
  supportsAutoLockSeconds,
  type TCapabilityProfile,
} from './profiles.js';

/**
 * The lock's command rules (PROTOCOL.md §Command rules, DESIGN §4) as pure functions, so the edge
 * firmware, the fleet simulator and the cloud's tests all apply the same ones.
 *
 * A command acts on one *target*: a slot, the auto-lock setting, or the bolt (request_state has none).
 * The lock remembers, per target, the `desiredVersion` of the last command it applied there. A command
 * whose version is lower is stale (a newer one already won) and is rejected; an equal version is the same
 * command redelivered by QoS 1 and is acknowledged `applied` without acting again.
 */

/** What a lock remembers between commands (in non-volatile memory; factory reset zeroes it). */
export interface TCommandLedger {
  /** Per slot (index 0 = slot 1): version of the last command applied to it and whether it holds a code. */
  slots: readonly { version: number; occupied: boolean }[];
  autoLockVersion: number;
  boltVersion: number;
  /** Highest version applied to any target: the `desiredVersion` reported in acks and state. */
  desiredVersion: number;
}

/** Target of a command; null for request_state. */
export type TCommandTarget = { kind: 'slot'; slot: number } | { kind: 'auto_lock' } | { kind: 'bolt' } | null;

export function commandTarget(command: TCommand): TCommandTarget {
  switch (command.type) {
    case MessageType.SetCode:
    case MessageType.ClearSlot:
      return { kind: 'slot', slot: command.slot };
    case MessageType.SetAutoLock:
      return { kind: 'auto_lock' };
    case MessageType.Lock:
    case MessageType.Unlock:
      return { kind: 'bolt' };
    case MessageType.RequestState:
      return null;
  }
}

/** An empty ledger for a lock with `slotCount` slots (new, or after factory reset). */
export function emptyLedger(slotCount: number): TCommandLedger {
  return {
    slots: Array.from({ length: slotCount }, () => ({ version: 0, occupied: false })),
    autoLockVersion: 0,
    boltVersion: 0,
    desiredVersion: 0,
  };
}

/** Outcome of the version, range, feature and expiry checks. */
export type TCommandDecision =
  | { action: 'apply' }
  | { action: 'already_applied' }
  | { action: 'reject'; reason: TRejectReason; detail: string };

function targetVersion(ledger: TCommandLedger, target: TCommandTarget): number | undefined {
  if (target === null) return undefined;
  if (target.kind === 'slot') return ledger.slots[target.slot - 1]?.version;
  return target.kind === 'auto_lock' ? ledger.autoLockVersion : ledger.boltVersion;
}

const reject = (reason: TRejectReason, detail: string): TCommandDecision => ({
  action: 'reject',
  reason,
  detail,
});

/**
 * Decides what to do with a decoded command, in this order: feature supported → slot in range →
 * stale (version below the target's) → redelivery (version equal) → expired (`now` past `notAfter`) →
 * clearing the last code. `now` is the lock's clock, never earlier than the newest command `ts` seen
 * (see {@link lockClock}). Checks that need the PIN (decrypt, code rules, conflicts) come after, in
 * {@link evaluateNewCode}; so do physical ones (jammed, battery dead, busy).
 */
export function evaluateCommand(
  command: TCommand,
  ledger: TCommandLedger,
  profile: Pick<TCapabilityProfile, 'slotCount' | 'features' | 'autoLockOptions'>,
  now: number,
): TCommandDecision {
  if (
    (command.type === MessageType.Lock || command.type === MessageType.Unlock) &&
    !hasFeature(profile, Feature.RemoteBolt)
  ) {
    return reject(RejectReason.Unsupported, 'this model has no remote bolt control');
  }
  if (command.type === MessageType.SetAutoLock) {
    const optional = command.autoLockSeconds !== 0 && !hasFeature(profile, Feature.AutoLock);
    if (optional || !supportsAutoLockSeconds(profile, command.autoLockSeconds)) {
      return reject(RejectReason.Unsupported, `auto-lock ${command.autoLockSeconds} s is not supported`);
    }
  }
  const target = commandTarget(command);
  if (target?.kind === 'slot' && !isSlotInRange(profile, target.slot)) {
    return reject(RejectReason.SlotOutOfRange, `slot ${target.slot} is not in 1..${profile.slotCount}`);
  }
  const applied = targetVersion(ledger, target);
  if (applied !== undefined) {
    if (command.desiredVersion < applied) {
      return reject(RejectReason.StaleCommand, `version ${command.desiredVersion} is older than ${applied}`);
    }
    if (command.desiredVersion === applied) return { action: 'already_applied' };
  }
  if ('notAfter' in command && now > command.notAfter) {
    return reject(RejectReason.Expired, `now ${now} is past notAfter ${command.notAfter}`);
  }
  if (command.type === MessageType.ClearSlot) {
    const others = ledger.slots.some((entry, index) => index !== command.slot - 1 && entry.occupied);
    const self = ledger.slots[command.slot - 1]?.occupied ?? false;
    if (self && !others) return reject(RejectReason.WouldLeaveNoCode, 'the lock must keep at least one code');
  }
  return { action: 'apply' };
}

/**
 * Checks a decrypted PIN for `set_code` against the model's code rules and the codes in the *other*
 * slots (the slot's own code is being replaced). Returns null when the code may be installed.
 */
export function evaluateNewCode(
  pin: string,
  otherCodes: Iterable<string>,
  rules: TCodeRules,
): { reason: TRejectReason; detail: string } | null {
  const check = checkAgainst(pin, otherCodes, rules);
  if (check.ok) return null;
  if (check.reason === 'conflict_equal') return { reason: RejectReason.ConflictEqual, detail: check.detail };
  if (check.reason === 'conflict_prefix')
    return { reason: RejectReason.ConflictPrefix, detail: check.detail };
  return { reason: RejectReason.InvalidCode, detail: check.reason };
}

/** `evaluateNewCode` with the rules of a profile. */
export function evaluateNewCodeFor(
  pin: string,
  otherCodes: Iterable<string>,
  profile: Pick<TCapabilityProfile, 'codeLength'>,
): { reason: TRejectReason; detail: string } | null {
  return evaluateNewCode(pin, otherCodes, codeRulesFor(profile));
}

/** The ledger after a command was applied (request_state changes nothing). */
export function recordApplied(ledger: TCommandLedger, command: TCommand): TCommandLedger {
  const target = commandTarget(command);
  if (target === null) return ledger;
  const desiredVersion = Math.max(ledger.desiredVersion, command.desiredVersion);
  if (target.kind === 'slot') {
    const slots = ledger.slots.map((entry, index) =>
      index === target.slot - 1
        ? { version: command.desiredVersion, occupied: command.type === MessageType.SetCode }
        : entry,
    );
    return { ...ledger, slots, desiredVersion };
  }
  if (target.kind === 'auto_lock')
    return { ...ledger, autoLockVersion: command.desiredVersion, desiredVersion };
  return { ...ledger, boltVersion: command.desiredVersion, desiredVersion };
}

/**
 * The lock's notion of now: its own clock, but never earlier than the newest command `ts` it has seen.
 * Only moving forward means a redelivered old command cannot wind the clock back and revive an expired
 * window; a fast clock only makes windows end early, which fails closed.
 */
export function lockClock(localNow: number, newestCommandTs: number): number {
  return Math.max(localNow, newestCommandTs);
}
