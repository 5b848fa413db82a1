#!/usr/bin/env node
// `npm run db:migrate`: create the database if needed and apply pending migrations.
import { ensureDatabase, migrate } from '../migrate.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('db:migrate: DATABASE_URL is not set');
  process.exit(2);
}
await ensureDatabase(url);
const result = await migrate(url, { log: (line) => console.log(`db:migrate: ${line}`) });
console.log(`db:migrate: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`);
