import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from './generated/prisma/client.js';
import { SESSION_OPTIONS } from './session.js';
import { guardBulkWrites } from './scoping.js';

export interface DatabaseOptions {
  url: string;
  /** Pool size for this process (node-postgres). */
  poolSize?: number;
  /** Application name shown in pg_stat_activity. */
  applicationName?: string;
}

/**
 * The one way apps get a Prisma client: driver adapter over node-postgres (Prisma 7 needs no
 * engine binary), with the bulk-write guard installed.
 */
export function createDatabase(options: DatabaseOptions) {
  const adapter = new PrismaPg({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    application_name: options.applicationName ?? 'lockstep',
    options: SESSION_OPTIONS,
  });
  return new PrismaClient({ adapter }).$extends(guardBulkWrites);
}

export type Database = ReturnType<typeof createDatabase>;
export type TransactionClient = Parameters<Parameters<Database['$transaction']>[0]>[0];
export { Prisma };
