import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/**
 * One of the platform's apps (gateway, worker, API, edge fleet) as a child process: `node <entry>`
 * with its own environment. Everything it prints is kept (in memory and in `<logDir>/<name>.log`),
 * because the PIN canary reads it and a failing test shows its tail. `kill('SIGKILL')` is the crash;
 * `start()` again is the restart, with the same environment.
 */
export interface TAppProcessOptions {
  name: string;
  /** Path of the built entry, relative to the repository root (`apps/gateway/dist/main.js`). */
  entry: string;
  args?: string[];
  /** Options for node itself, before the entry (`--cpu-prof`). */
  nodeArgs?: string[];
  env: Record<string, string>;
  logDir: string;
  /** Output kept in memory, in characters (oldest dropped beyond it; the log file keeps all). */
  keepChars?: number;
  /**
   * How long `close()` waits after SIGTERM before SIGKILL (10 s). A profiled process needs longer: a
   * gateway draining a 10,000-lock fleet's wills takes more than 10 s, and a killed process writes no
   * profile.
   */
  closeGraceMs?: number;
}

export class AppProcess {
  readonly name: string;
  #child: ChildProcess | undefined;
  #output = '';
  #log: WriteStream;
  #exits: { code: number | null; signal: NodeJS.Signals | null }[] = [];
  readonly #keepChars: number;

  constructor(readonly options: TAppProcessOptions) {
    this.name = options.name;
    this.#keepChars = options.keepChars ?? 8_000_000;
    this.#log = createWriteStream(join(options.logDir, `${options.name}.log`), { flags: 'a' });
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Everything the process printed on stdout and stderr, across restarts. */
  get output(): string {
    return this.#output;
  }

  get exits(): readonly { code: number | null; signal: NodeJS.Signals | null }[] {
    return this.#exits;
  }

  tail(chars = 3_000): string {
    return this.#output.slice(-chars);
  }

  start(): void {
    if (this.running) throw new Error(`${this.name} is already running`);
    const child = spawn(
      process.execPath,
      [...(this.options.nodeArgs ?? []), this.options.entry, ...(this.options.args ?? [])],
      {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...this.options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.#log.write(text);
      this.#output += text;
      if (this.#output.length > this.#keepChars) this.#output = this.#output.slice(-this.#keepChars);
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    child.once('exit', (code, signal) => {
      this.#exits.push({ code, signal });
      take(Buffer.from(`\n[harness] ${this.name} exited (code ${code}, signal ${signal})\n`));
    });
    this.#child = child;
  }

  /** Sends a signal; resolves once the process has exited (SIGKILL after `graceMs` otherwise). */
  async kill(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    const child = this.#child;
    if (child === undefined || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Resolves when the output (since the last start, or ever) matches. */
  async waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.#output)) {
      if (!this.running) {
        throw new Error(`${this.name} exited before printing ${String(pattern)}:\n${this.tail()}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`${this.name} did not print ${String(pattern)} in time:\n${this.tail()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async close(): Promise<void> {
    await this.kill('SIGTERM', this.options.closeGraceMs);
    await new Promise<void>((resolve) => this.#log.end(() => resolve()));
  }
}
