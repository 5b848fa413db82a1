/** The parts of a command row that decide what happens to it next. */
export interface CommandProgress {
  status: 'pending' | 'sent' | 'applied' | 'rejected' | 'failed' | 'superseded';
  attempts: number;
  sentAt: number | null;
  notAfter: number | null;
  /** A staged command is not published before this instant (its window edge); null: at once. */
  sendAt: number | null;
}

export interface RetryPolicy {
  ackTimeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
}

export type CommandStep =
  | { kind: 'done' }
  | { kind: 'publish'; retry: boolean }
  | { kind: 'wait'; until: number }
  | { kind: 'fail'; reason: 'expired' | 'ack_timeout' };

/**
 * What to do with a command now: publish it, wait for its ack (or for the retry backoff), or give up.
 * Pure, so the whole retry schedule is tested with a hand-moved clock. Attempt k (1-based) is followed
 * by an ack wait of `ackTimeoutMs`, then a backoff of `retryBaseMs · 2^(k-1)` before attempt k+1.
 * A command past its `notAfter` is never published again: the lock would refuse it anyway, and a late
 * set-code must have no effect (DESIGN §4). A staged command is not published before its `sendAt`.
 */
export function nextCommandStep(command: CommandProgress, now: number, policy: RetryPolicy): CommandStep {
  if (command.status !== 'pending' && command.status !== 'sent') return { kind: 'done' };
  if (command.notAfter !== null && now >= command.notAfter) return { kind: 'fail', reason: 'expired' };
  if (command.status === 'pending' && command.sendAt !== null && now < command.sendAt) {
    return { kind: 'wait', until: command.sendAt };
  }
  if (command.status === 'pending' || command.sentAt === null) return { kind: 'publish', retry: false };
  const ackDeadline = command.sentAt + policy.ackTimeoutMs;
  if (now < ackDeadline) return { kind: 'wait', until: ackDeadline };
  if (command.attempts >= policy.maxAttempts) return { kind: 'fail', reason: 'ack_timeout' };
  const retryAt = ackDeadline + retryBackoffMs(command.attempts, policy);
  if (now < retryAt) return { kind: 'wait', until: retryAt };
  return { kind: 'publish', retry: true };
}

export function retryBackoffMs(attempts: number, policy: RetryPolicy): number {
  return policy.retryBaseMs * 2 ** Math.max(0, attempts - 1);
}
