import {
  AccessCodeKind,
  desiredSlots,
  diffSlots,
  nextEdge,
  scheduleEnd,
  windowAt,
  type TAccessCodeKind,
  type TLockCode,
  type TSchedule,
  type TSlotAction,
} from '@lockstep/access-codes';
import { PRIMARY_SLOT } from '@lockstep/lock-protocol';

/**
 * What one reconciliation of one lock decides (DESIGN §4), as a pure function of a snapshot read in
 * the lock's transaction and an instant: which commands to write, which in-flight ones to supersede,
 * how targets move, which warnings, alerts and events follow, and the next window edges to plan. The
 * repository writes the plan in the same transaction; nothing here reads a clock or touches I/O.
 *
 * Vocabulary:
 * - `reported`: what the lock's last state report says per slot (fingerprints);
 * - `actual`: reported, overlaid with commands the lock acknowledged but its report does not show yet;
 * - `expected`: actual, overlaid with commands still in flight (pending, sent) that stay desired.
 */

export type TTargetStatus = 'scheduled' | 'setting' | 'set' | 'removing' | 'removed' | 'failed';
export type TCodeState = 'active' | 'revoked' | 'expired' | 'superseded';
export type TDriftPolicy = 'restore_managed' | 'adopt_local_primary';
export type TReconcileReason =
  | 'reconnect'
  | 'schedule'
  | 'drift'
  | 'report'
  | 'retry'
  | 'sweep'
  | 'ack'
  | 'use_limit'
  | 'move_out'
  | 'manual';

/** Warnings on a target (DESIGN §3). */
export const TargetWarning = {
  SetLate: 'set_late',
  RemovalOverdue: 'removal_overdue',
  ModifiedOnDevice: 'modified_on_device',
} as const;

/** Reject reasons a retry cannot fix: the target stays failed until the code changes. */
const PERMANENT_REASONS = new Set([
  'conflict_equal',
  'conflict_prefix',
  'invalid_code',
  'slot_out_of_range',
  'decrypt_failed',
  'unsupported',
  'invalid_payload',
]);

export interface TLockState {
  lockId: string;
  organizationId: string;
  slotCount: number;
  timeZone: string;
  driftPolicy: TDriftPolicy;
  adoptedPrimaryFingerprint: string | null;
  reconcileFailures: number;
  reconcileRetryAt: number | null;
  device: { deviceId: string; online: boolean; publicKey: string | null; hasFingerprintKey: boolean } | null;
  /** Null until the lock has reported once. Index slot − 1. */
  reported: { heldVersion: number; slots: (string | null)[] } | null;
  /** Dedupe keys of this lock's open alerts. */
  openAlerts: ReadonlySet<string>;
}

export interface TTargetState {
  targetId: string;
  codeId: string;
  kind: TAccessCodeKind;
  codeState: TCodeState;
  schedule: TSchedule;
  slot: number | null;
  revokedAt: number | null;
  createdAt: number;
  status: TTargetStatus;
  warnings: readonly string[];
  lastCommandId: string | null;
  lastCommandStatus: string | null;
  lastCommandReason: string | null;
}

export interface TInFlightCommand {
  commandId: string;
  type: string;
  slot: number | null;
  accessCodeId: string | null;
  desiredVersion: number;
  status: 'pending' | 'sent' | 'applied';
}

export interface TPlanOptions {
  retryBudget: number;
  retryBaseMs: number;
  retryMaxMs: number;
  primarySetTtlMs: number;
  /**
   * How far ahead of a window edge an in-sync lock's commands for it are staged (planStage); 0 or
   * absent: never, every edge is reconciled when it comes.
   */
  stageLeadMs?: number;
}

export interface TPlannedCommand {
  type: 'set_code' | 'clear_slot';
  slot: number;
  accessCodeId: string | null;
  targetId: string | null;
  notAfter: number | null;
  cause: string;
}

export interface TTargetUpdate {
  targetId: string;
  from: TTargetStatus;
  to: TTargetStatus;
  /** Index into `commands`: this target's last_command_id becomes that command. */
  command?: number;
  failureReason?: string | null;
  addWarning?: string;
  removeWarnings?: string[];
  /** Recorded as a transition row (status change, or a warning raised). */
  transition: { cause: string; warning?: string; details?: Record<string, unknown> } | null;
}

export interface TPlannedEvent {
  type: string;
  accessCodeId: string | null;
  data: Record<string, unknown>;
}

export interface TPlannedAlert {
  type: string;
  severity: 'info' | 'warning' | 'critical';
  dedupeKey: string;
  title: string;
  detail: string;
}

export interface TPlannedEdge {
  accessCodeId: string;
  edge: 'start' | 'end';
  at: number;
}

export type TReconcileOutcome =
  | 'in_sync'
  | 'commands'
  | 'in_flight'
  | 'offline'
  | 'awaiting_report'
  | 'no_device_key'
  | 'backoff'
  | 'budget_exhausted';

export interface TReconcilePlan {
  outcome: TReconcileOutcome;
  commands: TPlannedCommand[];
  supersede: string[];
  targets: TTargetUpdate[];
  events: TPlannedEvent[];
  alerts: TPlannedAlert[];
  resolveAlerts: string[];
  /** Codes to mark superseded once no target of theirs is live (checked in SQL, across locks). */
  supersedeCodes: string[];
  lock: {
    adoptedPrimaryFingerprint: string | null;
    reconcileFailures: number;
    reconcileRetryAt: number | null;
  };
  /** Plan a reconcile at this instant (backoff retry). */
  retryAt: number | null;
  edges: TPlannedEdge[];
}

/** Fingerprint of a code in a slot of this lock, as the lock would report it. */
export type TFingerprintOf = (slot: number, codeId: string) => string;

/** Stands for "the lock may hold anything here": a superseded command may or may not have applied. */
const UNKNOWN = '?unknown';

const LIVE: ReadonlySet<TTargetStatus> = new Set(['setting', 'set', 'removing']);

export const alertKey = {
  removalOverdue: (targetId: string) => `removal_overdue:${targetId}`,
  modified: (lockId: string, slot: number) => `modified_on_device:${lockId}:${slot}`,
  stuck: (lockId: string) => `reconcile_stuck:${lockId}`,
};

function permanentlyFailed(target: TTargetState): boolean {
  return (
    target.status === 'failed' &&
    (target.lastCommandStatus === 'rejected' || target.lastCommandStatus === 'failed') &&
    target.lastCommandReason !== null &&
    PERMANENT_REASONS.has(target.lastCommandReason)
  );
}

function transientlyFailed(target: TTargetState): boolean {
  return (
    (target.lastCommandStatus === 'rejected' || target.lastCommandStatus === 'failed') &&
    !permanentlyFailed(target)
  );
}

/** A code's schedule cut at its revocation: what desiredSlots and the edge planner see. */
function lockCodeOf(target: TTargetState): TLockCode {
  // A code that is no longer active without a revocation instant (expired, superseded) is over now.
  const revokedAt = target.codeState === 'active' ? target.revokedAt : (target.revokedAt ?? 0);
  return {
    codeId: target.codeId,
    kind: target.kind,
    schedule: target.schedule,
    slot: target.slot,
    revokedAt,
  };
}

/** The next start or end of one code after `after`, cut at its revocation (nextDesiredChange per code). */
export function nextCodeEdge(
  code: TLockCode,
  timeZone: string,
  after: number,
): { edge: 'start' | 'end'; at: number } | null {
  if (code.kind === AccessCodeKind.Primary) return null;
  const revokedAt = code.revokedAt ?? null;
  if (revokedAt !== null && revokedAt <= after) return null;
  const edge = nextEdge(code.schedule, timeZone, after);
  if (revokedAt !== null && (edge === null || edge.at > revokedAt)) {
    const window = windowAt(code.schedule, timeZone, revokedAt);
    return window !== null && window.start < revokedAt ? { edge: 'end', at: revokedAt } : null;
  }
  return edge === null ? null : { edge: edge.kind, at: edge.at };
}

/** True when the code can never be desired again after `at`. */
function over(target: TTargetState, timeZone: string, at: number): boolean {
  if (target.codeState !== 'active') return true;
  if (target.revokedAt !== null && target.revokedAt <= at) return true;
  if (target.kind === AccessCodeKind.Primary) return false;
  const end = scheduleEnd(target.schedule, timeZone);
  return end !== null && end <= at;
}

export function planReconcile(input: {
  lock: TLockState;
  targets: readonly TTargetState[];
  inFlight: readonly TInFlightCommand[];
  fingerprintOf: TFingerprintOf;
  now: number;
  reason: TReconcileReason;
  options: TPlanOptions;
}): TReconcilePlan {
  const { lock, inFlight, fingerprintOf, now, reason, options } = input;
  const plan: TReconcilePlan = {
    outcome: 'in_sync',
    commands: [],
    supersede: [],
    targets: [],
    events: [],
    alerts: [],
    resolveAlerts: [],
    supersedeCodes: [],
    lock: {
      adoptedPrimaryFingerprint: lock.adoptedPrimaryFingerprint,
      reconcileFailures: reason === 'reconnect' ? 0 : lock.reconcileFailures,
      reconcileRetryAt: lock.reconcileRetryAt,
    },
    retryAt: null,
    edges: [],
  };
  const targets = [...input.targets];
  const updated = new Map<string, TTargetUpdate>();
  const update = (target: TTargetState, change: Omit<TTargetUpdate, 'targetId' | 'from'>) => {
    const entry: TTargetUpdate = { targetId: target.targetId, from: target.status, ...change };
    updated.set(target.targetId, entry);
    plan.targets.push(entry);
    return entry;
  };
  const event = (type: string, target: TTargetState | null, data: Record<string, unknown> = {}) => {
    plan.events.push({
      type,
      accessCodeId: target?.codeId ?? null,
      data: {
        lockId: lock.lockId,
        ...(target ? { accessCodeId: target.codeId, targetId: target.targetId } : {}),
        ...data,
      },
    });
  };

  // Window edges are planned whatever the lock's state: they are what wakes us up next.
  for (const target of targets) {
    if (target.kind === AccessCodeKind.Primary || permanentlyFailed(target)) continue;
    const edge = nextCodeEdge(lockCodeOf(target), lock.timeZone, now);
    if (edge !== null) plan.edges.push({ accessCodeId: target.codeId, ...edge });
  }

  if (lock.device === null || !lock.device.hasFingerprintKey || lock.device.publicKey === null) {
    plan.outcome = 'no_device_key';
    return plan;
  }
  if (lock.reported === null) {
    plan.outcome = 'awaiting_report';
    return plan;
  }

  const slotCount = lock.slotCount;
  const slots = Array.from({ length: slotCount }, (_, i) => i + 1);
  const fp = (slot: number, codeId: string | null) => (codeId === null ? null : fingerprintOf(slot, codeId));
  const reported = slots.map((slot) => lock.reported?.slots[slot - 1] ?? null);
  const ordered = [...inFlight].sort((a, b) => a.desiredVersion - b.desiredVersion);
  const actual = [...reported];
  const inFlightSlots = new Set<number>();
  for (const command of ordered) {
    if (command.slot === null || command.slot < 1 || command.slot > slotCount) continue;
    inFlightSlots.add(command.slot);
    if (command.status !== 'applied') continue;
    actual[command.slot - 1] = command.type === 'set_code' ? fp(command.slot, command.accessCodeId) : null;
  }
  const onLock = (target: TTargetState) =>
    target.slot !== null &&
    target.slot >= 1 &&
    target.slot <= slotCount &&
    actual[target.slot - 1] !== null &&
    actual[target.slot - 1] === fp(target.slot, target.codeId);

  // ── Drift: a slot whose report no command explains and no managed code accounts for. ──
  const driftedSlots = new Set<number>();
  for (const slot of slots) {
    const key = alertKey.modified(lock.lockId, slot);
    if (inFlightSlots.has(slot)) continue;
    const here = reported[slot - 1] ?? null;
    const live = targets.filter((t) => t.slot === slot && LIVE.has(t.status));
    let drifted: boolean;
    if (here !== null) {
      const known = live.some((t) => fp(slot, t.codeId) === here);
      const adopted = slot === PRIMARY_SLOT && here === lock.adoptedPrimaryFingerprint;
      // A code in a slot the cloud never managed is drift only in a secondary slot: slot 1 of a fresh
      // lock holds whatever it came with until the first primary is installed.
      drifted = !known && !adopted && (slot !== PRIMARY_SLOT || live.some((t) => t.status === 'set'));
    } else {
      drifted = live.some((t) => t.status === 'set');
    }
    if (!drifted) {
      if (lock.openAlerts.has(key)) plan.resolveAlerts.push(key);
      continue;
    }
    driftedSlots.add(slot);
    if (lock.openAlerts.has(key)) continue;
    const displaced = live.filter((t) => t.status === 'set');
    plan.alerts.push({
      type: 'modified_on_device',
      severity: 'warning',
      dedupeKey: key,
      title: `Slot ${slot} was changed on the lock`,
      detail:
        here === null
          ? 'the lock reports the slot empty (local programming or factory reset)'
          : 'the lock reports a code the cloud did not set (local programming)',
    });
    const policy = slot === PRIMARY_SLOT ? lock.driftPolicy : 'restore_managed';
    if (displaced.length === 0) event('access_code.modified_on_device', null, { slot, policy });
    for (const target of displaced) {
      update(target, {
        to: target.status,
        addWarning: TargetWarning.ModifiedOnDevice,
        transition: { cause: 'drift', warning: TargetWarning.ModifiedOnDevice, details: { slot, policy } },
      });
      event('access_code.modified_on_device', target, { slot, policy });
    }
    if (policy === 'adopt_local_primary' && here !== null) {
      plan.lock.adoptedPrimaryFingerprint = here;
      for (const target of targets) {
        if (target.kind !== AccessCodeKind.Primary || target.status === 'removed') continue;
        const previous = updated.get(target.targetId);
        const entry: TTargetUpdate = previous ?? update(target, { to: 'removed', transition: null });
        entry.to = 'removed';
        entry.transition = { cause: 'adopted_local_primary', details: { slot } };
        plan.supersedeCodes.push(target.codeId);
        event('access_code.removed', target, { reason: 'adopted_local_primary' });
      }
      driftedSlots.delete(slot);
    }
  }
  const stillTargeted = (target: TTargetState) => updated.get(target.targetId)?.to !== 'removed';

  // ── Desired state: the newest active primary in slot 1 (the one on the lock retained until then). ──
  const primaries = targets.filter(
    (t) =>
      t.kind === AccessCodeKind.Primary &&
      t.status !== 'removed' &&
      !permanentlyFailed(t) &&
      stillTargeted(t),
  );
  const desiredPrimary =
    primaries
      .filter((t) => t.codeState === 'active' && (t.revokedAt === null || t.revokedAt > now))
      .sort((a, b) => b.createdAt - a.createdAt || (a.codeId < b.codeId ? 1 : -1))[0] ?? null;
  const primaryOnLock = primaries.find((t) => onLock(t)) ?? null;
  const secondaryCodes = targets
    .filter((t) => t.kind !== AccessCodeKind.Primary && !permanentlyFailed(t))
    .map(lockCodeOf);
  const desired = desiredSlots(
    {
      lockId: lock.lockId,
      profile: { slotCount },
      timeZone: lock.timeZone,
      primary: primaryOnLock ? { codeId: primaryOnLock.codeId } : null,
      pendingPrimary:
        desiredPrimary && desiredPrimary.codeId !== primaryOnLock?.codeId
          ? { codeId: desiredPrimary.codeId }
          : null,
    },
    secondaryCodes,
    now,
  );
  const wantAt = (slot: number) => desired.slots[slot - 1]?.codeId ?? null;
  const targetOf = (codeId: string | null) =>
    codeId === null ? undefined : targets.find((t) => t.codeId === codeId);

  // ── In flight: keep what is still desired, supersede the rest (the slot is then unknown). ──
  const latestPerSlot = new Map<number, TInFlightCommand>();
  for (const command of ordered) {
    if (command.status === 'applied' || command.slot === null) continue;
    latestPerSlot.set(command.slot, command);
  }
  const forced = new Set<number>();
  const expected = [...actual];
  const keptFor = new Set<string>();
  for (const command of ordered) {
    if (command.status === 'applied' || command.slot === null) continue;
    const slot = command.slot;
    const want = wantAt(slot);
    const stillWanted =
      latestPerSlot.get(slot) === command &&
      (command.type === 'set_code'
        ? command.accessCodeId !== null &&
          (command.accessCodeId === want ||
            (slot === PRIMARY_SLOT &&
              want === null &&
              targetOf(command.accessCodeId)?.codeState === 'active'))
        : want === null && slot !== PRIMARY_SLOT);
    if (stillWanted) {
      expected[slot - 1] = command.type === 'set_code' ? fp(slot, command.accessCodeId) : null;
      if (command.accessCodeId !== null) keptFor.add(command.accessCodeId);
      continue;
    }
    plan.supersede.push(command.commandId);
    // It may have reached the lock already (published before we superseded it): send what we want.
    forced.add(slot);
    expected[slot - 1] = UNKNOWN;
  }

  // ── Offline: no commands; say what is late and what is overdue. ──
  const online = lock.device.online;
  if (!online) {
    plan.outcome = 'offline';
    for (const want of desired.slots) {
      if (want.slot === PRIMARY_SLOT || want.codeId === null) continue;
      const target = targetOf(want.codeId);
      if (!target || onLock(target) || target.warnings.includes(TargetWarning.SetLate)) continue;
      if (updated.has(target.targetId)) continue;
      update(target, {
        to: target.status,
        addWarning: TargetWarning.SetLate,
        transition: { cause: 'lock_offline', warning: TargetWarning.SetLate, details: { slot: want.slot } },
      });
      event('access_code.set_late', target, { slot: want.slot });
    }
    for (const target of targets) {
      if (target.slot === null || !onLock(target) || wantAt(target.slot) === target.codeId) continue;
      if (target.kind === AccessCodeKind.Primary) continue;
      const key = alertKey.removalOverdue(target.targetId);
      if (lock.openAlerts.has(key)) continue;
      plan.alerts.push({
        type: 'removal_overdue',
        severity: 'critical',
        dedupeKey: key,
        title: `A code is still on an offline lock after its window (slot ${target.slot})`,
        detail: 'the lock is offline; the code is removed first thing when it reconnects',
      });
      if (!updated.has(target.targetId)) {
        update(target, {
          to: target.status,
          addWarning: TargetWarning.RemovalOverdue,
          transition: {
            cause: 'lock_offline',
            warning: TargetWarning.RemovalOverdue,
            details: { slot: target.slot },
          },
        });
      }
      event('access_code.removal_overdue', target, { slot: target.slot });
    }
  } else {
    // ── Online: diff desired against what the lock holds or will hold once in-flight commands land. ──
    const diff = diffSlots(
      desired,
      slots.map((slot) => ({ slot, fingerprint: expected[slot - 1] ?? null })),
      (slot, codeId) => fingerprintOf(slot, codeId),
    );
    const retryAction = (action: TSlotAction) => {
      if (driftedSlots.has(action.slot)) return true;
      const target =
        action.type === 'set_code'
          ? targetOf(action.codeId)
          : holderOf(action.slot, action.reportedFingerprint);
      return target !== undefined && transientlyFailed(target);
    };
    const holderOf = (slot: number, fingerprint: string) => {
      if (fingerprint === UNKNOWN) {
        const superseded = ordered.find(
          (c) => c.slot === slot && plan.supersede.includes(c.commandId) && c.accessCodeId !== null,
        );
        return targetOf(superseded?.accessCodeId ?? null);
      }
      return targets.find((t) => t.slot === slot && fp(slot, t.codeId) === fingerprint);
    };
    let actions = diff.actions;
    if (actions.some(retryAction)) {
      if (plan.lock.reconcileFailures >= options.retryBudget) {
        actions = actions.filter((a) => !retryAction(a));
        plan.outcome = 'budget_exhausted';
        if (!lock.openAlerts.has(alertKey.stuck(lock.lockId))) {
          plan.alerts.push({
            type: 'reconcile_stuck',
            severity: 'critical',
            dedupeKey: alertKey.stuck(lock.lockId),
            title: 'The lock does not take its codes',
            detail: `no success after ${plan.lock.reconcileFailures} attempts; retries stopped until the lock reconnects`,
          });
        }
      } else if (
        lock.reconcileRetryAt !== null &&
        now < lock.reconcileRetryAt &&
        reason !== 'reconnect' &&
        reason !== 'report'
      ) {
        actions = actions.filter((a) => !retryAction(a));
        plan.outcome = 'backoff';
        plan.retryAt = lock.reconcileRetryAt;
      } else {
        const failures = plan.lock.reconcileFailures + 1;
        plan.lock.reconcileFailures = failures;
        plan.lock.reconcileRetryAt =
          now + Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** (failures - 1));
        plan.retryAt = plan.lock.reconcileRetryAt;
      }
    }
    for (const action of actions) {
      if (action.type === 'set_code') {
        const target = targetOf(action.codeId);
        const primary = action.slot === PRIMARY_SLOT;
        const cause = driftedSlots.has(action.slot)
          ? 'drift_restore'
          : primary
            ? action.replaces === 'empty'
              ? 'primary_install'
              : 'primary_rotation'
            : target && transientlyFailed(target)
              ? 'retry'
              : 'window_start';
        const index =
          plan.commands.push({
            type: 'set_code',
            slot: action.slot,
            accessCodeId: action.codeId,
            targetId: target?.targetId ?? null,
            notAfter: action.notAfter ?? now + options.primarySetTtlMs,
            cause,
          }) - 1;
        if (target) {
          const previous = updated.get(target.targetId);
          if (previous) {
            previous.command = index;
            if (previous.to !== 'setting') {
              previous.to = 'setting';
              previous.transition = { ...previous.transition, cause };
            }
          } else {
            update(target, {
              to: 'setting',
              command: index,
              failureReason: null,
              transition: target.status === 'setting' ? null : { cause, details: { slot: action.slot } },
            });
          }
        }
      } else {
        const holder = holderOf(action.slot, action.reportedFingerprint);
        const cause = driftedSlots.has(action.slot)
          ? 'drift_restore'
          : holder === undefined
            ? 'not_desired'
            : holder.codeState !== 'active' || (holder.revokedAt !== null && holder.revokedAt <= now)
              ? 'revoked'
              : 'window_end';
        const index =
          plan.commands.push({
            type: 'clear_slot',
            slot: action.slot,
            accessCodeId: holder?.codeId ?? null,
            targetId: holder?.targetId ?? null,
            notAfter: null,
            cause,
          }) - 1;
        if (holder) {
          const previous = updated.get(holder.targetId);
          if (previous) {
            previous.command = index;
            previous.to = 'removing';
            previous.transition = { ...previous.transition, cause };
          } else {
            update(holder, {
              to: 'removing',
              command: index,
              transition: holder.status === 'removing' ? null : { cause, details: { slot: action.slot } },
            });
          }
        }
      }
    }
    if (plan.commands.length > 0) plan.outcome = plan.outcome === 'in_sync' ? 'commands' : plan.outcome;
    else if (plan.outcome === 'in_sync' && (latestPerSlot.size > 0 || forced.size > 0))
      plan.outcome = 'in_flight';
    if (plan.outcome === 'in_sync' && diff.withheld.length === 0) {
      plan.lock.reconcileFailures = 0;
      plan.lock.reconcileRetryAt = null;
      if (lock.openAlerts.has(alertKey.stuck(lock.lockId)))
        plan.resolveAlerts.push(alertKey.stuck(lock.lockId));
    }
  }

  // ── Settle: statuses the lock's own report (and acks) prove, for targets no command moved. ──
  const primaryConfirmed = desiredPrimary !== null && onLock(desiredPrimary);
  for (const target of targets) {
    if (updated.has(target.targetId) || keptFor.has(target.codeId)) continue;
    const present = onLock(target);
    const slot = target.slot ?? 0;
    const desiredHere =
      target.kind === AccessCodeKind.Primary
        ? desiredPrimary?.codeId === target.codeId
        : wantAt(slot) === target.codeId;
    if (target.kind === AccessCodeKind.Primary && primaryConfirmed && !desiredHere) {
      if (target.status === 'removed' || present) continue;
      update(target, { to: 'removed', transition: { cause: 'primary_replaced', details: { slot } } });
      event('access_code.removed', target, { reason: 'primary_replaced' });
      plan.supersedeCodes.push(target.codeId);
      continue;
    }
    if (present) {
      if (target.status !== 'set' && target.status !== 'removing' && (desiredHere || !online)) {
        update(target, {
          to: 'set',
          removeWarnings: [TargetWarning.SetLate],
          transition: { cause: 'confirmed_by_report', details: { slot } },
        });
      } else if (target.status === 'set' && target.warnings.includes(TargetWarning.SetLate)) {
        update(target, { to: 'set', removeWarnings: [TargetWarning.SetLate], transition: null });
      }
      continue;
    }
    if (desiredHere) continue;
    const removalAlert = alertKey.removalOverdue(target.targetId);
    if (lock.openAlerts.has(removalAlert)) plan.resolveAlerts.push(removalAlert);
    if (target.status === 'set' || target.status === 'removing') {
      if (target.kind === AccessCodeKind.Primary) continue;
      update(target, { to: 'removed', transition: { cause: 'not_on_lock', details: { slot } } });
      event('access_code.removed', target, { reason: 'not_on_lock' });
    } else if (target.status === 'scheduled' || target.status === 'setting') {
      if (target.codeState !== 'active' || (target.revokedAt !== null && target.revokedAt <= now)) {
        update(target, { to: 'removed', transition: { cause: 'revoked', details: { slot } } });
        event('access_code.removed', target, { reason: 'revoked_before_install' });
      } else if (over(target, lock.timeZone, now)) {
        update(target, {
          to: 'failed',
          failureReason: 'window_missed',
          transition: { cause: 'window_missed', details: { slot } },
        });
        event('access_code.failed_to_set', target, { reason: 'window_missed' });
      } else if (target.status === 'setting' && target.kind !== AccessCodeKind.Primary) {
        update(target, { to: 'scheduled', transition: { cause: 'window_missed', details: { slot } } });
      }
    }
  }
  if (primaryConfirmed && plan.lock.adoptedPrimaryFingerprint !== null && !driftedSlots.has(PRIMARY_SLOT)) {
    plan.lock.adoptedPrimaryFingerprint = null;
  }
  return plan;
}

/** A staged edge is at least this far ahead: nearer than that, the edge's own job is as quick. */
export const STAGE_MIN_AHEAD_MS = 1_000;

/**
 * What a lock's next window edge will send, written ahead of it (staged): the commands, published by
 * the gateway at `at` and not before, and the targets they serve (their status stays as it is; they
 * point at the staged command, so its ack moves them, and the edge's job marks them setting/removing).
 */
export interface TStagedPlan {
  at: number;
  commands: TPlannedCommand[];
  targets: TTargetUpdate[];
  /**
   * The edges after `at`: what the lock's targets store as their next edge once staged (the staged
   * one is the command's `send_at`, and the instant finds it there), so the edge after it is planned
   * now rather than by a reconciliation at the instant.
   */
  edges: TPlannedEdge[];
}

/**
 * Stages a lock's next edge when that is safe to decide now: the lock is in sync (the plan for now
 * sends, supersedes and raises nothing, and nothing is in flight), its next edge is within `leadMs`
 * (and at least STAGE_MIN_AHEAD_MS ahead), and the plan for the edge's instant only sends commands for
 * targets that then start setting or removing — no warning, alert, event, retry or other move, which
 * only the edge itself may decide. Anything that happens to the lock before the edge reconciles it
 * again, and that reconciliation keeps the staged commands only if it stages the same ones. Null: the
 * edge is left to its job, which reconciles the lock then.
 */
export function planStage(
  input: Parameters<typeof planReconcile>[0],
  current: TReconcilePlan,
  leadMs: number,
): TStagedPlan | null {
  if (leadMs <= 0) return null;
  if (
    current.outcome !== 'in_sync' ||
    current.commands.length > 0 ||
    current.supersede.length > 0 ||
    current.alerts.length > 0 ||
    current.retryAt !== null ||
    input.inFlight.some((c) => c.status !== 'applied')
  ) {
    return null;
  }
  let at = Infinity;
  for (const edge of current.edges) at = Math.min(at, edge.at);
  if (!Number.isFinite(at) || at - input.now < STAGE_MIN_AHEAD_MS || at - input.now > leadMs) return null;
  const ahead = planReconcile({ ...input, now: at, reason: 'schedule' });
  if (
    ahead.outcome !== 'commands' ||
    ahead.supersede.length > 0 ||
    ahead.alerts.length > 0 ||
    ahead.resolveAlerts.length > 0 ||
    ahead.events.length > 0 ||
    ahead.supersedeCodes.length > 0 ||
    ahead.retryAt !== null ||
    ahead.lock.reconcileFailures !== input.lock.reconcileFailures ||
    ahead.lock.adoptedPrimaryFingerprint !== current.lock.adoptedPrimaryFingerprint
  ) {
    return null;
  }
  const moved = new Set(current.targets.map((u) => u.targetId));
  const targets: TTargetUpdate[] = [];
  for (const update of ahead.targets) {
    if (
      update.command === undefined ||
      update.addWarning !== undefined ||
      (update.to !== 'setting' && update.to !== 'removing') ||
      moved.has(update.targetId)
    ) {
      return null;
    }
    targets.push({
      targetId: update.targetId,
      from: update.from,
      to: update.from,
      command: update.command,
      transition: null,
    });
  }
  return { at, commands: ahead.commands, targets, edges: ahead.edges };
}
