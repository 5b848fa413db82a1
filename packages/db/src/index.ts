export {
  createDatabase,
  Prisma,
  type Database,
  type DatabaseOptions,
  type TransactionClient,
} from './client.js';
export * from './generated/prisma/enums.js';
export type * from './generated/prisma/models.js';
export {
  guardBulkWrites,
  organizationOwnedModels,
  scopedWhere,
  UnscopedWriteError,
  type OrgScope,
  type ScopedWhere,
} from './scoping.js';
export {
  ensureDatabase,
  listMigrations,
  migrate,
  MigrationChecksumError,
  type MigrateResult,
} from './migrate.js';
export { DEMO, demoDeviceId, seedDemo, type SeedResult } from './seed.js';
export { migrationsDir, prismaDir } from './paths.js';
export { SESSION_OPTIONS } from './session.js';
