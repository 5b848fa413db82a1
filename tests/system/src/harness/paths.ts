import { fileURLToPath } from 'node:url';

/** The repository root: this file is `tests/system/{src,dist}/harness/paths.*`. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
