import { describe, expect, it } from 'vitest';
import { nextCommandStep, retryBackoffMs, type CommandProgress } from './command-step.js';

const policy = { ackTimeoutMs: 1_000, maxAttempts: 3, retryBaseMs: 500 };
const cmd = (over: Partial<CommandProgress>): CommandProgress => ({
  status: 'sent',
  attempts: 1,
  sentAt: 10_000,
  notAfter: null,
  sendAt: null,
  ...over,
});

describe('nextCommandStep', () => {
  it('publishes a pending command', () => {
    expect(nextCommandStep(cmd({ status: 'pending', attempts: 0, sentAt: null }), 0, policy)).toEqual({
      kind: 'publish',
      retry: false,
    });
  });

  it('waits for the ack until the deadline, then for the backoff, then republishes', () => {
    expect(nextCommandStep(cmd({}), 10_500, policy)).toEqual({ kind: 'wait', until: 11_000 });
    expect(nextCommandStep(cmd({}), 11_000, policy)).toEqual({ kind: 'wait', until: 11_500 });
    expect(nextCommandStep(cmd({}), 11_500, policy)).toEqual({ kind: 'publish', retry: true });
  });

  it('doubles the backoff with each attempt', () => {
    expect([1, 2, 3].map((a) => retryBackoffMs(a, policy))).toEqual([500, 1_000, 2_000]);
    expect(nextCommandStep(cmd({ attempts: 2 }), 11_500, policy)).toEqual({ kind: 'wait', until: 12_000 });
  });

  it('fails after the last attempt times out', () => {
    expect(nextCommandStep(cmd({ attempts: 3 }), 10_999, policy)).toEqual({ kind: 'wait', until: 11_000 });
    expect(nextCommandStep(cmd({ attempts: 3 }), 11_000, policy)).toEqual({
      kind: 'fail',
      reason: 'ack_timeout',
    });
  });

  it('never publishes past notAfter, even a pending command', () => {
    expect(nextCommandStep(cmd({ status: 'pending', sentAt: null, notAfter: 5_000 }), 5_000, policy)).toEqual(
      {
        kind: 'fail',
        reason: 'expired',
      },
    );
    expect(nextCommandStep(cmd({ notAfter: 11_200 }), 11_300, policy)).toEqual({
      kind: 'fail',
      reason: 'expired',
    });
  });

  it('holds a staged command until its sendAt, then publishes it', () => {
    const staged = cmd({ status: 'pending', attempts: 0, sentAt: null, sendAt: 20_000 });
    expect(nextCommandStep(staged, 19_999, policy)).toEqual({ kind: 'wait', until: 20_000 });
    expect(nextCommandStep(staged, 20_000, policy)).toEqual({ kind: 'publish', retry: false });
    // A staged command past its notAfter is still never published.
    expect(nextCommandStep({ ...staged, notAfter: 19_000 }, 19_500, policy)).toEqual({
      kind: 'fail',
      reason: 'expired',
    });
  });

  it('does nothing more for a resolved command', () => {
    for (const status of ['applied', 'rejected', 'failed', 'superseded'] as const) {
      expect(nextCommandStep(cmd({ status }), 99_999, policy)).toEqual({ kind: 'done' });
    }
  });
});
