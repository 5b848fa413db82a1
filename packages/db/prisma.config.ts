// Prisma 7 CLI configuration, used for `prisma generate` only: migrations are applied by
// packages/db's own runner (src/migrate.ts) because Prisma 7's migrate needs a native engine
// download that is not available offline.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: '../../prisma/schema.prisma',
  migrations: { path: '../../prisma/migrations' },
});
