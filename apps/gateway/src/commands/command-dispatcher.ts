import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION, ZCommandSchema, topics, tryEncode, type TCommand } from '@lockstep/lock-protocol';
import { type Clock } from '../observability/clock.js';
import { type Logger } from '../observability/logger.js';
import { type GatewayMetrics } from '../observability/metrics.js';
import { type CommandOutcomeService } from './command-acks.service.js';
import { nextCommandStep, type RetryPolicy } from './command-step.js';
import { type CommandRow, type CommandsRepository } from './commands.repository.js';
import { type PublisherPool } from './publisher-pool.js';

/** What the job runner should do after one step: nothing more, or look again at `at`. */
export type DispatchOutcome = { kind: 'done' } | { kind: 'recheck'; at: number };

/**
 * One step of a command's life, run each time its job comes up: publish (first try or retry), wait
 * for the ack, or record the failure. The job is re-delayed to the next instant that matters, so no
 * worker slot is held while a lock thinks, and a gateway crash only delays the next step (another
 * gateway picks the job up).
 */
export class CommandDispatcher {
  constructor(
    private readonly repository: CommandsRepository,
    private readonly publisher: PublisherPool,
    private readonly outcomes: CommandOutcomeService,
    private readonly clock: Clock,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
    private readonly policy: RetryPolicy,
  ) {}

  async step(commandId: string): Promise<DispatchOutcome> {
    const command = (await this.repository.loadMany([commandId])).get(commandId.toLowerCase());
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
        const attempts = (
          await this.repository.markSentMany([{ commandId: command.id, at: new Date(sentAt) }])
        ).get(command.id);
        if (attempts === undefined) return { kind: 'done' };
        this.metrics.messagesOut.inc({ type: command.type });
        if (step.retry) this.metrics.commandRetries.inc();
        this.logger.debug({ commandId, deviceId: command.deviceId, attempts }, 'command published');
        return { kind: 'recheck', at: sentAt + this.policy.ackTimeoutMs };
      }
    }
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
