import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type Database } from './client.js';
import { ensureDatabase, migrate } from './migrate.js';

/**
 * A fresh, migrated database for one test file, on the real Postgres (DATABASE_URL's server, or
 * 127.0.0.1:5432). Each call gets its own name so test files can run in parallel.
 */
export interface TestDatabase {
  url: string;
  name: string;
  db: Database;
  drop(): Promise<void>;
}

export function testServerUrl(): string {
  return process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `lockstep_test_${label.replace(/\W/g, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  await ensureDatabase(url.toString());
  await migrate(url.toString());
  const db = createDatabase({ url: url.toString(), poolSize: 4, applicationName: `test-${label}` });
  return {
    url: url.toString(),
    name,
    db,
    async drop() {
      await db.$disconnect();
      // Debugging a benchmark or a failed run: keep the database to look at (dropped by the next CI clone).
      if (process.env.LOCKSTEP_KEEP_TEST_DATABASE === '1') return;
      const admin = new URL(testServerUrl());
      admin.pathname = '/postgres';
      const client = new pg.Client({ connectionString: admin.toString() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
