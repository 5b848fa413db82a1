import { type TNvmRecord } from './nvm-record.js';

/** Where a lock's non-volatile memory lives. `save` replaces the whole record atomically. */
export interface TNvmStore {
  load(): Promise<TNvmRecord | undefined>;
  save(record: TNvmRecord): Promise<void>;
}

/** Keeps the record in memory (a copy, as a real write would): unit tests and large simulated fleets. */
export class MemoryNvmStore implements TNvmStore {
  #record: TNvmRecord | undefined;
  writes = 0;

  constructor(initial?: TNvmRecord) {
    this.#record = initial === undefined ? undefined : structuredClone(initial);
  }

  load(): Promise<TNvmRecord | undefined> {
    return Promise.resolve(this.#record === undefined ? undefined : structuredClone(this.#record));
  }

  save(record: TNvmRecord): Promise<void> {
    this.#record = structuredClone(record);
    this.writes++;
    return Promise.resolve();
  }
}
