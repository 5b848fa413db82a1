import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION, ZCommandSchema, topics, tryEncode, type TCommand } from '@lockstep/lock-protocol';
import { type Clock } from '../observability/clock.js';
import { type Logger } from '../observability/logger.js';
import { type GatewayMetrics } from '../observability/metrics.js';
import { type CommandOutcomeService } from './command-acks.service.js';
import { nextCommandStep, type RetryPolicy } from './command-step.js';
import { type CommandRow, type CommandsRepository, type SentMark } from './commands.repository.js';
import { type PublisherPool } from './publisher-pool.js';
import { TurnBatcher } from '@lockstep/db/turn-batcher';

/** What the job runner should do after one step: nothing more, or look again at `at`. */
export type DispatchOutcome = { kind: 'done' } | { kind: 'recheck'; at: number };

/** How the steps' reads and writes are gathered (per turn of the event loop). */
export interface DispatchBatching {
  /** Commands per statement at most. */
  maxBatchSize: number;
  /** Statements of each kind (loads, sent marks) in flight at most. */
  maxBatches: number;
}

export const DEFAULT_DISPATCH_BATCHING: DispatchBatching = { maxBatchSize: 500, maxBatches: 2 };

/**
 * One step of a command's life, run each time its job comes up: publish (first try or retry), wait
 * for the ack, or record the failure. The job is re-delayed to the next instant that matters, so no
 * worker slot is held while a lock thinks, and a gateway crash only delays the next step (another
 * gateway picks the job up).
 *
 * Each step is still one job, but the steps running together (a window burst puts thousands of command
 * jobs in the queue at once) share their statements: the loads of one turn of the event loop are one
 * `SELECT … WHERE id = ANY($1)`, and the sent marks one `UPDATE … FROM unnest(…)`.
 */
export class CommandDispatcher {
  private readonly loads: TurnBatcher<string, CommandRow | undefined>;
  private readonly sentMarks: TurnBatcher<SentMark, number | undefined>;

  constructor(
    private readonly repository: CommandsRepository,
    private readonly publisher: PublisherPool,
    private readonly outcomes: CommandOutcomeService,
    private readonly clock: Clock,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
    private readonly policy: RetryPolicy,
    batching: DispatchBatching = DEFAULT_DISPATCH_BATCHING,
  ) {
    this.loads = new TurnBatcher({
      ...batching,
      run: async (commandIds) => {
        const rows = await this.repository.loadMany(commandIds);
        return commandIds.map((id) => rows.get(id.toLowerCase()));
      },
    });
    this.sentMarks = new TurnBatcher({ ...batching, run: (marks) => this.markSent(marks) });
  }

  async step(commandId: string): Promise<DispatchOutcome> {
    const command = await this.loads.submit(commandId);
    if (!command) {
      this.logger.warn({ commandId }, 'command job for a command that does not exist');
      return { kind: 'done' };
    }
    const now = this.clock.now();
    const step = nextCommandStep(command, now, this.policy);
    switch (step.kind) {
      case 'done':
        return { kind: 'done' };
      case 'wait':
        return { kind: 'recheck', at: step.until };
      case 'fail':
        await this.outcomes.commandFailed(command.id, step.reason);
        return { kind: 'done' };
      case 'publish': {
        const message = this.wireMessage(command, now);
        if (!message) {
          await this.outcomes.commandFailed(command.id, 'invalid_payload');
          return { kind: 'done' };
        }
        const encoded = tryEncode(message);
        if (!encoded.ok) {
          this.logger.error(
            { commandId, code: encoded.error.code, field: encoded.error.field },
            'command payload invalid',
          );
          await this.outcomes.commandFailed(command.id, 'invalid_payload');
          return { kind: 'done' };
        }
        await this.publisher.publish(topics.command(command.deviceId), encoded.bytes, 1);
        const sentAt = this.clock.now();
        const attempts = await this.sentMarks.submit({ commandId: command.id, at: new Date(sentAt) });
        if (attempts === undefined) return { kind: 'done' };
        this.metrics.messagesOut.inc({ type: command.type });
        if (step.retry) this.metrics.commandRetries.inc();
        this.logger.debug({ commandId, deviceId: command.deviceId, attempts }, 'command published');
        return { kind: 'recheck', at: sentAt + this.policy.ackTimeoutMs };
      }
    }
  }

  /**
   * Records the publishes of one batch: the attempts each command now has (undefined when it was
   * resolved meanwhile). Two marks for one command (never expected: one job per command) go in
   * successive statements, so each counts as one attempt, as they would one after the other.
   */
  private async markSent(marks: SentMark[]): Promise<(number | undefined)[]> {
    const results: (number | undefined)[] = new Array<number | undefined>(marks.length);
    let remaining = marks.map((mark, index) => ({ mark, index }));
    while (remaining.length > 0) {
      const seen = new Set<string>();
      const round: typeof remaining = [];
      const later: typeof remaining = [];
      for (const entry of remaining) {
        const id = entry.mark.commandId.toLowerCase();
        (seen.has(id) ? later : round).push(entry);
        seen.add(id);
      }
      const attempts = await this.repository.markSentMany(round.map((e) => e.mark));
      for (const { mark, index } of round) results[index] = attempts.get(mark.commandId.toLowerCase());
      remaining = later;
    }
    return results;
  }

  /**
   * The wire message: the row's payload (built by the reconciler, PIN sealed to the device key) with a
   * fresh message id and timestamp per publish; `commandId` and `desiredVersion` stay those of the row.
   */
  private wireMessage(command: CommandRow, now: number): TCommand | undefined {
    if (typeof command.payload !== 'object' || command.payload === null || Array.isArray(command.payload)) {
      return undefined;
    }
    const candidate = {
      ...(command.payload as Record<string, unknown>),
      v: PROTOCOL_VERSION,
      type: command.type,
      id: randomUUID(),
      ts: now,
      commandId: command.id,
      desiredVersion: command.desiredVersion,
    };
    const parsed = ZCommandSchema.safeParse(candidate);
    return parsed.success ? parsed.data : undefined;
  }
}
