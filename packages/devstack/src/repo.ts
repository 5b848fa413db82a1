import { fileURLToPath } from 'node:url';

/** The repository root, from this package's src/ or dist/. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
