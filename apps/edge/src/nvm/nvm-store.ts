import { type TNvmRecord } from './nvm-record.js';

/** Where a lock's non-volatile memory lives. `save` replaces the whole record atomically. */
export interface TNvmStore {
  load(): Promise<TNvmRecord | undefined>;
  save(record: TNvmRecord): Promise<void>;
}

/**
 * Keeps the record in memory, serialised as a real write would (so no caller shares its objects):
 * unit tests and large simulated fleets. JSON rather than `structuredClone`, which cost a simulated
 * fleet about 125 µs per save (a twentieth of its CPU in a window burst); the record is plain JSON.
 */
export class MemoryNvmStore implements TNvmStore {
  #record: string | undefined;
  writes = 0;

  constructor(initial?: TNvmRecord) {
    this.#record = initial === undefined ? undefined : JSON.stringify(initial);
  }

  load(): Promise<TNvmRecord | undefined> {
    return Promise.resolve(this.#record === undefined ? undefined : (JSON.parse(this.#record) as TNvmRecord));
  }

  save(record: TNvmRecord): Promise<void> {
    this.#record = JSON.stringify(record);
    this.writes++;
    return Promise.resolve();
  }
}
