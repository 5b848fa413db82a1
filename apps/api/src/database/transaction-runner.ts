import { Inject, Injectable } from '@nestjs/common';
import { type Database, type TransactionClient } from '@lockstep/db';
import { DATABASE } from './database.token.js';

/**
 * The unit-of-work boundary services use, so they never touch Prisma themselves: a change and its
 * audit entry run in one transaction and commit together.
 */
@Injectable()
export class TransactionRunner {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  run<T>(work: (tx: TransactionClient) => Promise<T>): Promise<T> {
    return this.db.$transaction(work);
  }
}
