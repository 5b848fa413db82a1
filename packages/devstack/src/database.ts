import { createDatabase, ensureDatabase, migrate, seedDemo } from '@lockstep/db';

/** Creates the database if needed, applies migrations and (for dev) seeds the demo portfolio. */
export async function prepareDatabase(url: string, options: { seed: boolean; demoPassword?: string }) {
  await ensureDatabase(url);
  const result = await migrate(url, { log: (line) => console.log(`devstack: migrations: ${line}`) });
  if (!options.seed) return { migrations: result, deviceIds: [] as string[] };
  const db = createDatabase({ url, poolSize: 2, applicationName: 'lockstep-seed' });
  try {
    const seeded = await seedDemo(db, { demoPassword: options.demoPassword });
    return { migrations: result, deviceIds: seeded.deviceIds, organizationId: seeded.organizationId };
  } finally {
    await db.$disconnect();
  }
}
