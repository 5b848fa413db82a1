import { describe, expect, it } from 'vitest';
import {
  alertKey,
  planReconcile,
  planStage,
  type TInFlightCommand,
  type TLockState,
  type TReconcileReason,
  type TTargetState,
} from './reconcile-plan.js';

// Decisions of one reconciliation, with an injected instant and a stand-in fingerprint: a slot's
// fingerprint of a code is `fp:<slot>:<codeId>`, exactly what a lock holding that code would report.

const T0 = Date.parse('2026-12-01T10:00:00Z');
const MIN = 60_000;
const fp = (slot: number, codeId: string) => `fp:${slot}:${codeId}`;
const options = { retryBudget: 3, retryBaseMs: 1_000, retryMaxMs: 60_000, primarySetTtlMs: 86_400_000 };

function lock(over: Partial<TLockState> = {}): TLockState {
  return {
    lockId: 'lock-1',
    organizationId: 'org-1',
    slotCount: 2,
    timeZone: 'Europe/Berlin',
    driftPolicy: 'restore_managed',
    adoptedPrimaryFingerprint: null,
    reconcileFailures: 0,
    reconcileRetryAt: null,
    device: { deviceId: 'dev-1', online: true, publicKey: 'pk', hasFingerprintKey: true },
    reported: { heldVersion: 5, slots: [fp(1, 'P'), null] },
    openAlerts: new Set(),
    ...over,
  };
}

function primary(over: Partial<TTargetState> = {}): TTargetState {
  return {
    targetId: 't-P',
    codeId: 'P',
    kind: 'primary',
    codeState: 'active',
    schedule: { kind: 'always' },
    slot: 1,
    revokedAt: null,
    createdAt: T0 - 86_400_000,
    status: 'set',
    warnings: [],
    lastCommandId: null,
    lastCommandStatus: 'applied',
    lastCommandReason: null,
    ...over,
  };
}

function guest(over: Partial<TTargetState> = {}): TTargetState {
  return {
    targetId: 't-G',
    codeId: 'G',
    kind: 'guest',
    codeState: 'active',
    schedule: { kind: 'once', startsAt: T0 - MIN, endsAt: T0 + 60 * MIN },
    slot: 2,
    revokedAt: null,
    createdAt: T0 - 3_600_000,
    status: 'scheduled',
    warnings: [],
    lastCommandId: null,
    lastCommandStatus: null,
    lastCommandReason: null,
    ...over,
  };
}

function plan(
  state: TLockState,
  targets: TTargetState[],
  inFlight: TInFlightCommand[] = [],
  now = T0,
  reason: TReconcileReason = 'schedule',
) {
  return planReconcile({ lock: state, targets, inFlight, fingerprintOf: fp, now, reason, options });
}

describe('planReconcile: what to send', () => {
  it('installs a code whose window has started, with the window end as notAfter', () => {
    const result = plan(lock(), [primary(), guest()]);
    expect(result.commands).toEqual([
      expect.objectContaining({ type: 'set_code', slot: 2, accessCodeId: 'G', notAfter: T0 + 60 * MIN }),
    ]);
    expect(result.targets).toEqual([
      expect.objectContaining({ targetId: 't-G', from: 'scheduled', to: 'setting', command: 0 }),
    ]);
    expect(result.outcome).toBe('commands');
  });

  it('sends nothing to a lock whose report matches the desired state (no churn on restart)', () => {
    const result = plan(lock({ reported: { heldVersion: 9, slots: [fp(1, 'P'), fp(2, 'G')] } }), [
      primary(),
      guest({ status: 'set' }),
    ]);
    expect(result.commands).toEqual([]);
    expect(result.supersede).toEqual([]);
    expect(result.targets).toEqual([]);
    expect(result.outcome).toBe('in_sync');
  });

  it('installs nothing before the window starts, and plans the start edge', () => {
    const later = guest({ schedule: { kind: 'once', startsAt: T0 + 5 * MIN, endsAt: T0 + 10 * MIN } });
    const result = plan(lock(), [primary(), later]);
    expect(result.commands).toEqual([]);
    expect(result.edges).toEqual([{ accessCodeId: 'G', edge: 'start', at: T0 + 5 * MIN }]);
  });

  it('does not re-send what is in flight: pending, sent, or applied but not reported yet', () => {
    for (const status of ['pending', 'sent', 'applied'] as const) {
      const inFlight: TInFlightCommand[] = [
        { commandId: 'c1', type: 'set_code', slot: 2, accessCodeId: 'G', desiredVersion: 6, status },
      ];
      const result = plan(lock(), [primary(), guest({ status: 'setting', lastCommandId: 'c1' })], inFlight);
      expect(result.commands, status).toEqual([]);
      expect(result.supersede, status).toEqual([]);
    }
  });

  it('removes a code at its window end, revocations first', () => {
    const ended = guest({ status: 'set' });
    const result = plan(
      lock({ slotCount: 3, reported: { heldVersion: 7, slots: [fp(1, 'P'), fp(2, 'G'), null] } }),
      [
        primary(),
        ended,
        guest({
          targetId: 't-H',
          codeId: 'H',
          slot: 3,
          schedule: { kind: 'once', startsAt: T0 + 60 * MIN, endsAt: T0 + 120 * MIN },
        }),
      ],
      [],
      T0 + 60 * MIN,
    );
    expect(result.commands.map((c) => [c.type, c.slot, c.accessCodeId])).toEqual([
      ['clear_slot', 2, 'G'],
      ['set_code', 3, 'H'],
    ]);
    expect(result.targets.find((t) => t.targetId === 't-G')).toMatchObject({ from: 'set', to: 'removing' });
  });

  it('supersedes an in-flight set that is no longer desired and clears the slot (it may have landed)', () => {
    const inFlight: TInFlightCommand[] = [
      { commandId: 'c1', type: 'set_code', slot: 2, accessCodeId: 'G', desiredVersion: 6, status: 'sent' },
    ];
    const revoked = guest({
      status: 'setting',
      codeState: 'revoked',
      revokedAt: T0 - 1,
      lastCommandId: 'c1',
    });
    const result = plan(lock(), [primary(), revoked], inFlight);
    expect(result.supersede).toEqual(['c1']);
    expect(result.commands).toEqual([
      expect.objectContaining({ type: 'clear_slot', slot: 2, accessCodeId: 'G', cause: 'revoked' }),
    ]);
  });

  it('marks a code whose window ended without install failed with window_missed', () => {
    const missed = guest({ schedule: { kind: 'once', startsAt: T0 - 60 * MIN, endsAt: T0 - MIN } });
    const result = plan(lock(), [primary(), missed]);
    expect(result.commands).toEqual([]);
    expect(result.targets).toEqual([
      expect.objectContaining({ targetId: 't-G', to: 'failed', failureReason: 'window_missed' }),
    ]);
    expect(result.events.map((e) => e.type)).toEqual(['access_code.failed_to_set']);
  });

  it('removes without a command a code revoked before it was installed', () => {
    const result = plan(lock(), [primary(), guest({ codeState: 'revoked', revokedAt: T0 - 1 })]);
    expect(result.commands).toEqual([]);
    expect(result.targets).toEqual([expect.objectContaining({ to: 'removed' })]);
    expect(result.events.map((e) => e.type)).toEqual(['access_code.removed']);
  });
});

describe('planReconcile: offline locks', () => {
  const offline = (over: Partial<TLockState> = {}) =>
    lock({ device: { deviceId: 'dev-1', online: false, publicKey: 'pk', hasFingerprintKey: true }, ...over });

  it('sends nothing at window start and marks the target set_late, once', () => {
    const first = plan(offline(), [primary(), guest()]);
    expect(first.commands).toEqual([]);
    expect(first.outcome).toBe('offline');
    expect(first.targets).toEqual([expect.objectContaining({ addWarning: 'set_late', to: 'scheduled' })]);
    expect(first.events.map((e) => e.type)).toEqual(['access_code.set_late']);
    const again = plan(offline(), [primary(), guest({ warnings: ['set_late'] })]);
    expect(again.targets).toEqual([]);
    expect(again.events).toEqual([]);
  });

  it('raises removal_overdue (critical alert) when the window ends with the code on the lock, once', () => {
    const state = offline({ reported: { heldVersion: 7, slots: [fp(1, 'P'), fp(2, 'G')] } });
    const result = plan(state, [primary(), guest({ status: 'set' })], [], T0 + 61 * MIN);
    expect(result.commands).toEqual([]);
    expect(result.alerts).toEqual([
      expect.objectContaining({
        type: 'removal_overdue',
        severity: 'critical',
        dedupeKey: alertKey.removalOverdue('t-G'),
      }),
    ]);
    expect(result.events.map((e) => e.type)).toEqual(['access_code.removal_overdue']);
    const again = plan(
      offline({ ...state, openAlerts: new Set([alertKey.removalOverdue('t-G')]) }),
      [primary(), guest({ status: 'set', warnings: ['removal_overdue'] })],
      [],
      T0 + 62 * MIN,
    );
    expect(again.alerts).toEqual([]);
    expect(again.events).toEqual([]);
  });

  it('on reconnect sends the overdue revocation first, and never installs a window that has ended', () => {
    const state = lock({ slotCount: 3, reported: { heldVersion: 7, slots: [fp(1, 'P'), fp(2, 'G'), null] } });
    const late = guest({
      targetId: 't-H',
      codeId: 'H',
      slot: 3,
      warnings: ['set_late'],
      schedule: { kind: 'once', startsAt: T0 + 30 * MIN, endsAt: T0 + 50 * MIN },
    });
    const result = plan(state, [primary(), guest({ status: 'set' }), late], [], T0 + 61 * MIN, 'reconnect');
    expect(result.commands.map((c) => [c.type, c.slot])).toEqual([['clear_slot', 2]]);
    expect(result.targets.find((t) => t.targetId === 't-H')).toMatchObject({
      to: 'failed',
      failureReason: 'window_missed',
    });
  });

  it('installs a late code on reconnect while its window is still open', () => {
    const result = plan(
      lock(),
      [primary(), guest({ warnings: ['set_late'] })],
      [],
      T0 + 30 * MIN,
      'reconnect',
    );
    expect(result.commands).toEqual([expect.objectContaining({ type: 'set_code', slot: 2 })]);
  });
});

describe('planReconcile: primary rotation', () => {
  const next = primary({ targetId: 't-P2', codeId: 'P2', createdAt: T0 - 1_000, status: 'scheduled' });

  it('sets the newest primary over the old one, which stays until the lock confirms the new', () => {
    const result = plan(lock(), [primary(), next]);
    expect(result.commands).toEqual([
      expect.objectContaining({ type: 'set_code', slot: 1, accessCodeId: 'P2', cause: 'primary_rotation' }),
    ]);
    expect(result.commands[0]?.notAfter).toBe(T0 + options.primarySetTtlMs);
    expect(result.targets.map((t) => t.targetId)).toEqual(['t-P2']);
  });

  it('once the lock reports the new primary, the old target is removed and its code superseded', () => {
    const result = plan(lock({ reported: { heldVersion: 8, slots: [fp(1, 'P2'), null] } }), [
      primary(),
      { ...next, status: 'set' },
    ]);
    expect(result.commands).toEqual([]);
    expect(result.targets).toEqual([
      expect.objectContaining({
        targetId: 't-P',
        to: 'removed',
        transition: { cause: 'primary_replaced', details: { slot: 1 } },
      }),
    ]);
    expect(result.supersedeCodes).toEqual(['P']);
  });
});

describe('planReconcile: drift', () => {
  const drifted = (over: Partial<TLockState> = {}) =>
    lock({ reported: { heldVersion: 5, slots: ['fp:local', null] }, ...over });

  it('restore_managed: warns, alerts, and re-sends the managed primary with a retry budget', () => {
    const result = plan(drifted(), [primary()], [], T0, 'report');
    expect(result.alerts.map((a) => a.dedupeKey)).toEqual([alertKey.modified('lock-1', 1)]);
    expect(result.events.map((e) => e.type)).toEqual(['access_code.modified_on_device']);
    expect(result.commands).toEqual([
      expect.objectContaining({ type: 'set_code', slot: 1, accessCodeId: 'P', cause: 'drift_restore' }),
    ]);
    expect(result.targets[0]).toMatchObject({ addWarning: 'modified_on_device', to: 'setting' });
    expect(result.lock.reconcileFailures).toBe(1);
    expect(result.retryAt).toBe(T0 + 1_000);
  });

  it('adopt_local_primary: keeps the local code, supersedes the managed primary, and is then in sync', () => {
    const result = plan(drifted({ driftPolicy: 'adopt_local_primary' }), [primary()], [], T0, 'report');
    expect(result.commands).toEqual([]);
    expect(result.lock.adoptedPrimaryFingerprint).toBe('fp:local');
    expect(result.targets).toEqual([expect.objectContaining({ to: 'removed' })]);
    expect(result.supersedeCodes).toEqual(['P']);
    const after = plan(
      drifted({
        driftPolicy: 'adopt_local_primary',
        adoptedPrimaryFingerprint: 'fp:local',
        openAlerts: new Set([alertKey.modified('lock-1', 1)]),
      }),
      [],
      [],
      T0 + MIN,
      'report',
    );
    expect(after.commands).toEqual([]);
    expect(after.outcome).toBe('in_sync');
    expect(after.resolveAlerts).toEqual([alertKey.modified('lock-1', 1)]);
  });

  it('a factory reset (all empty) restores every managed code', () => {
    const result = plan(lock({ reported: { heldVersion: 0, slots: [null, null] } }), [
      primary(),
      guest({ status: 'set' }),
    ]);
    expect(result.commands.map((c) => [c.type, c.slot])).toEqual([
      ['set_code', 1],
      ['set_code', 2],
    ]);
  });

  it('backs off: a retry before its time sends nothing and plans the retry', () => {
    const result = plan(
      drifted({ reconcileFailures: 1, reconcileRetryAt: T0 + 5_000 }),
      [primary()],
      [],
      T0,
      'ack',
    );
    expect(result.commands).toEqual([]);
    expect(result.outcome).toBe('backoff');
    expect(result.retryAt).toBe(T0 + 5_000);
  });

  it('doubles the backoff per failure, capped', () => {
    const result = plan(
      drifted({ reconcileFailures: 2, reconcileRetryAt: T0 - 1 }),
      [primary()],
      [],
      T0,
      'retry',
    );
    expect(result.commands).toHaveLength(1);
    expect(result.lock.reconcileFailures).toBe(3);
    expect(result.retryAt).toBe(T0 + 4_000);
  });

  it('stops at the budget (never loops) and alerts once; a reconnect starts a new budget', () => {
    const result = plan(drifted({ reconcileFailures: 3 }), [primary()], [], T0, 'retry');
    expect(result.commands).toEqual([]);
    expect(result.outcome).toBe('budget_exhausted');
    expect(result.alerts.map((a) => a.type)).toContain('reconcile_stuck');
    const reconnect = plan(drifted({ reconcileFailures: 3 }), [primary()], [], T0, 'reconnect');
    expect(reconnect.commands).toHaveLength(1);
  });

  it('a permanently rejected code is not re-sent', () => {
    const rejected = guest({
      status: 'failed',
      lastCommandStatus: 'rejected',
      lastCommandReason: 'conflict_prefix',
    });
    const result = plan(lock(), [primary(), rejected]);
    expect(result.commands).toEqual([]);
  });
});

describe('planStage: commands written ahead of a near window edge', () => {
  const LEAD = 2 * MIN;
  const stage = (state: TLockState, targets: TTargetState[], inFlight: TInFlightCommand[] = [], now = T0) => {
    const input = {
      lock: state,
      targets,
      inFlight,
      fingerprintOf: fp,
      now,
      reason: 'schedule' as const,
      options,
    };
    return planStage(input, planReconcile(input), LEAD);
  };
  const soon = (over: Partial<TTargetState> = {}) =>
    guest({ schedule: { kind: 'once', startsAt: T0 + MIN, endsAt: T0 + 6 * MIN }, ...over });

  it('stages the set_code of a window starting within the lead, for its start; the target stays scheduled', () => {
    const staged = stage(lock(), [primary(), soon()]);
    expect(staged).toEqual({
      at: T0 + MIN,
      commands: [
        expect.objectContaining({
          type: 'set_code',
          slot: 2,
          accessCodeId: 'G',
          notAfter: T0 + 6 * MIN,
          cause: 'window_start',
        }),
      ],
      targets: [{ targetId: 't-G', from: 'scheduled', to: 'scheduled', command: 0, transition: null }],
      // What the target stores once staged: the edge after the staged one.
      edges: [{ accessCodeId: 'G', edge: 'end', at: T0 + 6 * MIN }],
    });
  });

  it('stages the clear_slot of a set code whose window ends within the lead', () => {
    const ending = guest({
      status: 'set',
      schedule: { kind: 'once', startsAt: T0 - 10 * MIN, endsAt: T0 + 90_000 },
    });
    const staged = stage(lock({ reported: { heldVersion: 6, slots: [fp(1, 'P'), fp(2, 'G')] } }), [
      primary(),
      ending,
    ]);
    expect(staged?.at).toBe(T0 + 90_000);
    expect(staged?.commands).toEqual([
      expect.objectContaining({ type: 'clear_slot', slot: 2, accessCodeId: 'G', cause: 'window_end' }),
    ]);
    expect(staged?.targets).toEqual([
      { targetId: 't-G', from: 'set', to: 'set', command: 0, transition: null },
    ]);
  });

  it('leaves an edge beyond the lead, or nearer than a second, to its instant', () => {
    expect(stage(lock(), [primary(), soon()], [], T0 + MIN - LEAD - 1)).toBeNull();
    expect(stage(lock(), [primary(), soon()], [], T0 + MIN - 999)).toBeNull();
    expect(stage(lock(), [primary(), soon()], [], T0 + MIN - LEAD)).not.toBeNull();
  });

  it('stages nothing for a lock that is not in sync now: offline, a command in flight, a primary to install', () => {
    const offline = lock({
      device: { deviceId: 'dev-1', online: false, publicKey: 'pk', hasFingerprintKey: true },
    });
    expect(stage(offline, [primary(), soon()])).toBeNull();
    const inFlight: TInFlightCommand = {
      commandId: 'c-1',
      type: 'set_code',
      slot: 1,
      accessCodeId: 'P2',
      desiredVersion: 6,
      status: 'sent',
    };
    expect(stage(lock(), [primary(), soon()], [inFlight])).toBeNull();
    const newPrimary = primary({
      targetId: 't-P2',
      codeId: 'P2',
      status: 'scheduled',
      createdAt: T0 - 1_000,
    });
    expect(stage(lock(), [primary(), newPrimary, soon()])).toBeNull();
  });

  it('stages nothing when the edge itself must decide more: a retry of a failed code', () => {
    const failed = soon({ status: 'failed', lastCommandStatus: 'failed', lastCommandReason: 'ack_timeout' });
    expect(stage(lock(), [primary(), failed])).toBeNull();
  });

  it('stages nothing with a lead of 0', () => {
    const input = {
      lock: lock(),
      targets: [primary(), soon()],
      inFlight: [],
      fingerprintOf: fp,
      now: T0,
      reason: 'schedule' as const,
      options,
    };
    expect(planStage(input, planReconcile(input), 0)).toBeNull();
  });
});
