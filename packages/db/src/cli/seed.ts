#!/usr/bin/env node
// `npm run db:seed`: load the demo portfolio (idempotent).
import { createDatabase } from '../client.js';
import { seedDemo } from '../seed.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('db:seed: DATABASE_URL is not set');
  process.exit(2);
}
const db = createDatabase({ url, poolSize: 2, applicationName: 'lockstep-seed' });
try {
  const result = await seedDemo(db);
  console.log(
    `db:seed: demo portfolio ready (${result.propertyIds.length} properties, ${result.unitIds.length} units, ${result.lockIds.length} locks)`,
  );
} finally {
  await db.$disconnect();
}
