import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import {
  ZControlReplySchema,
  type TControlReply,
  type TControlRequest,
  type TLockStatus,
} from '@lockstep/edge/dist/control/control-protocol.js';
import { buttonSequence } from '@lockstep/lock-protocol';
import { AppProcess } from './app-process.js';
import { waitFor } from './wait.js';

/**
 * The locks: apps/edge's fleet simulator as a child process (full firmware per lock, keys and broker
 * secrets from the fleet seed, memory in files so a persistent session survives), with no resident
 * traffic: the tests are the only people at the doors. Each lock is driven through the fleet's local
 * control socket — the physical world of the lock (keypad buttons, program button, factory reset,
 * network loss) — and shows what the person at the door would see, plus every message it sends.
 */
export interface TFleetOptions {
  deviceIds: string[];
  seed: string;
  mqttUrl: string;
  stateDir: string;
  logDir: string;
  transport?: string;
  model?: string;
  /** Keep memory in RAM (benchmark): no control socket then. */
  memoryNvm?: boolean;
  extraArgs?: string[];
  /** Options for node (`--cpu-prof`). */
  nodeArgs?: string[];
}

export class Fleet {
  readonly process: AppProcess;
  readonly #handles = new Map<string, LockHandle>();

  constructor(readonly options: TFleetOptions) {
    // A file, not --devices: 10,000 ids are more than one command-line argument may hold.
    const devicesFile = join(options.logDir, 'fleet-devices.txt');
    mkdirSync(options.logDir, { recursive: true });
    writeFileSync(devicesFile, `${options.deviceIds.join('\n')}\n`);
    this.process = new AppProcess({
      name: 'fleet',
      entry: 'apps/edge/dist/cli.js',
      ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
      args: [
        'fleet',
        '--devices-file',
        devicesFile,
        '--passwords-from-seed',
        '--seed',
        options.seed,
        '--mqtt-url',
        options.mqttUrl,
        '--state-dir',
        options.stateDir,
        '--transport',
        options.transport ?? 'mqttjs-311',
        '--model',
        options.model ?? 'lockstep-db2',
        '--rate',
        '0',
        '--telemetry-interval',
        '0',
        '--summary-interval',
        '10',
        '--log-level',
        'warn',
        ...(options.memoryNvm ? ['--memory-nvm'] : []),
        ...(options.extraArgs ?? []),
      ],
      env: {},
      logDir: options.logDir,
    });
  }

  async start(): Promise<void> {
    this.process.start();
    // The summary line counts connected locks: wait until every one is up.
    const total = this.options.deviceIds.length;
    await this.process.waitForOutput(new RegExp(`connected=${total}/${total}`), 180_000 + total * 30);
  }

  /** The control connection of one lock (opened on first use). */
  async lock(deviceId: string): Promise<LockHandle> {
    let handle = this.#handles.get(deviceId);
    if (handle === undefined) {
      handle = await LockHandle.open(join(this.options.stateDir, 'fleet.sock'), deviceId);
      this.#handles.set(deviceId, handle);
    }
    return handle;
  }

  async close(): Promise<void> {
    for (const handle of this.#handles.values()) handle.close();
    this.#handles.clear();
    await this.process.close();
  }
}

export interface TSeenReply {
  at: number;
  reply: TControlReply;
}

export type TEntryOutcome = 'unlocked' | 'wrong_code' | 'ignored';

export class LockHandle {
  readonly seen: TSeenReply[] = [];
  #buffer = '';

  private constructor(
    private readonly socket: Socket,
    readonly deviceId: string,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      for (let nl = this.#buffer.indexOf('\n'); nl !== -1; nl = this.#buffer.indexOf('\n')) {
        const line = this.#buffer.slice(0, nl);
        this.#buffer = this.#buffer.slice(nl + 1);
        try {
          const parsed = ZControlReplySchema.safeParse(JSON.parse(line));
          if (parsed.success) this.seen.push({ at: Date.now(), reply: parsed.data });
        } catch {
          // Not JSON: skipped (the next line is framed by its newline).
        }
      }
    });
  }

  static async open(path: string, deviceId: string): Promise<LockHandle> {
    const socket = connect(path);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const handle = new LockHandle(socket, deviceId);
    handle.#send({ op: 'attach', deviceId });
    await handle.#nextStatus(0);
    return handle;
  }

  #send(request: TControlRequest): void {
    this.socket.write(`${JSON.stringify(request)}\n`);
  }

  async #nextStatus(from: number): Promise<TLockStatus> {
    return waitFor(
      `status of ${this.deviceId}`,
      () => {
        for (let i = from; i < this.seen.length; i++) {
          const reply = this.seen[i]!.reply;
          if (reply.kind === 'status') return reply.status;
          if (reply.kind === 'error') throw new Error(`control: ${reply.detail}`);
        }
        return undefined;
      },
      { timeoutMs: 20_000, intervalMs: 20 },
    );
  }

  async status(): Promise<TLockStatus> {
    const from = this.seen.length;
    this.#send({ op: 'status', deviceId: this.deviceId });
    return this.#nextStatus(from);
  }

  /** Summaries of the protocol messages the lock sent (`ack applied <id> v3`, `event unlocked …`). */
  messagesSince(index: number): string[] {
    return this.seen.slice(index).flatMap((s) => (s.reply.kind === 'message' ? [s.reply.summary] : []));
  }

  /** Command ids the lock acknowledged since `index`, in the order it handled them (= received them). */
  acksSince(index: number): string[] {
    return this.messagesSince(index).flatMap((summary) => {
      const match = /^ack (?:applied|rejected) ([0-9a-f-]{36})/.exec(summary);
      return match ? [match[1]!] : [];
    });
  }

  /**
   * Types a code on the keypad as a person would (each digit is its pair's button), then waits for
   * the lock's verdict: an `unlocked` event (the code is stored), or a `wrong_code` event. An entry
   * that matches nothing is ended with the lock button, as a person gives up; a lock with no code
   * does not react at all (`ignored`).
   */
  async enterCode(code: string): Promise<{ outcome: TEntryOutcome; slot?: number }> {
    const from = this.seen.length;
    for (const button of buttonSequence(code)) {
      this.#send({ op: 'press', deviceId: this.deviceId, button: Number(button) });
    }
    const verdict = (): { outcome: TEntryOutcome; slot?: number } | undefined => {
      for (const summary of this.messagesSince(from)) {
        const unlocked = /^event unlocked method=keypad slot=(\d+)/.exec(summary);
        if (unlocked) return { outcome: 'unlocked', slot: Number(unlocked[1]) };
        if (summary.startsWith('event wrong_code')) return { outcome: 'wrong_code' };
      }
      return undefined;
    };
    const early = await waitFor('keypad verdict', verdict, { timeoutMs: 3_000, intervalMs: 20 }).catch(
      () => undefined,
    );
    if (early !== undefined) return early;
    this.#send({ op: 'lock-button', deviceId: this.deviceId });
    return waitFor('keypad verdict after the lock button', verdict, {
      timeoutMs: 10_000,
      intervalMs: 20,
    }).catch(() => ({ outcome: 'ignored' as const }));
  }

  /** Programs a code into a slot at the door (program button once: slot 1, twice: slot 2). */
  programLocally(slot: 1 | 2, code: string): void {
    for (let i = 0; i < slot; i++) this.#send({ op: 'program-button', deviceId: this.deviceId });
    for (const button of buttonSequence(code)) {
      this.#send({ op: 'press', deviceId: this.deviceId, button: Number(button) });
    }
    this.#send({ op: 'lock-button', deviceId: this.deviceId });
  }

  factoryReset(): void {
    this.#send({ op: 'factory-reset', deviceId: this.deviceId });
  }

  /** Drops the network for `seconds` (the broker fires the will), then the lock reconnects by itself. */
  goOffline(seconds: number): void {
    this.#send({ op: 'offline', deviceId: this.deviceId, seconds });
  }

  close(): void {
    this.socket.end();
  }
}
