import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { migrationsDir } from './paths.js';

/**
 * Applies `prisma/migrations/<id>/migration.sql` in order, each in its own transaction, under an
 * advisory lock so concurrent starters (API, worker, gateway, tests) do not race.
 *
 * Why our own runner: Prisma 7's `migrate deploy` downloads a native schema engine at run time,
 * which cannot work offline (TOOLCHAIN.md). The SQL files are still written by Prisma's schema
 * engine (`npm run db:diff`), and the folder layout is Prisma's.
 */
export interface AppliedMigration {
  id: string;
  checksum: string;
  appliedAt: Date;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

const LOCK_KEY = 0x10c_57e9; // arbitrary constant shared by every Lockstep process

export class MigrationChecksumError extends Error {
  constructor(readonly migrationId: string) {
    super(`migration ${migrationId} was changed after it was applied; add a new migration instead`);
    this.name = 'MigrationChecksumError';
  }
}

export async function listMigrations(
  dir = migrationsDir,
): Promise<{ id: string; sql: string; checksum: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const ids = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    ids.map(async (id) => {
      const sql = await readFile(join(dir, id, 'migration.sql'), 'utf8');
      return { id, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

export async function migrate(
  databaseUrl: string,
  options: { dir?: string; log?: (line: string) => void } = {},
) {
  const log = options.log ?? (() => undefined);
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'lockstep-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS lockstep_migrations (
      id text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ id: string; checksum: string }>(
      'SELECT id, checksum FROM lockstep_migrations',
    );
    const done = new Map(rows.map((r) => [r.id, r.checksum]));
    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    for (const migration of await listMigrations(options.dir)) {
      const previous = done.get(migration.id);
      if (previous !== undefined) {
        if (previous !== migration.checksum) throw new MigrationChecksumError(migration.id);
        result.alreadyApplied.push(migration.id);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO lockstep_migrations (id, checksum) VALUES ($1, $2)', [
          migration.id,
          migration.checksum,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
      }
      log(`applied ${migration.id}`);
      result.applied.push(migration.id);
    }
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/** Creates the database named in `databaseUrl` when it does not exist (connects to `postgres`). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unsupported database name "${name}"`);
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } catch (error) {
    // Two starters racing to create it: the loser sees duplicate_database.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await client.end();
  }
}
