import { fileURLToPath } from 'node:url';

/** The repository's prisma/ folder, found from this package's own location (src/ or dist/). */
export const prismaDir = fileURLToPath(new URL('../../../prisma/', import.meta.url));
export const migrationsDir = fileURLToPath(new URL('../../../prisma/migrations/', import.meta.url));
