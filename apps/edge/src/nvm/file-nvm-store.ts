import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ZNvmRecordSchema, type TNvmRecord } from './nvm-record.js';
import { type TNvmStore } from './nvm-store.js';

/** Thrown when a lock's memory file exists but does not parse: never silently start from scratch. */
export class NvmCorruptError extends Error {
  override readonly name = 'NvmCorruptError';
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`non-volatile memory ${path} is unreadable: ${detail}`);
  }
}

/**
 * One JSON file per lock, `<dir>/<deviceId>.nvm.json`, mode 0600 (it holds codes and keys). A save
 * writes a temporary file, fsyncs it and renames it over the old one, so a crash leaves either the old
 * or the new record, never half of one. Saves are serialised and coalesced: while one write runs, later
 * records replace each other and only the newest is written next.
 */
export class FileNvmStore implements TNvmStore {
  readonly path: string;
  #writing: Promise<void> | undefined;
  #next: TNvmRecord | undefined;
  #waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  constructor(
    dir: string,
    deviceId: string,
    private readonly options: { fsync?: boolean } = {},
  ) {
    this.path = join(dir, `${deviceId}.nvm.json`);
  }

  async load(): Promise<TNvmRecord | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new NvmCorruptError(this.path, error instanceof Error ? error.message : 'not JSON');
    }
    const parsed = ZNvmRecordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new NvmCorruptError(this.path, `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  }

  save(record: TNvmRecord): Promise<void> {
    this.#next = structuredClone(record);
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    if (this.#writing === undefined) this.#writing = this.#drain();
    return done;
  }

  async #drain(): Promise<void> {
    while (this.#next !== undefined) {
      const record = this.#next;
      const waiters = this.#waiters;
      this.#next = undefined;
      this.#waiters = [];
      try {
        await this.#writeAtomically(record);
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
      }
    }
    this.#writing = undefined;
  }

  async #writeAtomically(record: TNvmRecord): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(record, null, 2)}\n`, 'utf8');
      if (this.options.fsync !== false) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.path);
  }
}
