import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The dev stack's data key id (one key; rotation is `npm run codes:reseal -w @lockstep/worker`). */
export const DEV_KEY_ID = 'dev1';

/**
 * The data key that seals access codes and device fingerprint keys in a local dev stack (CODE_KEYS,
 * CODE_ACTIVE_KEY_ID for the API and the worker): 32 random bytes on the first run, kept in the
 * git-ignored data folder (mode 0600) so codes sealed yesterday still open today. Never in the repo.
 */
export async function devDataKeys(
  dataDir: string,
): Promise<{ CODE_KEYS: string; CODE_ACTIVE_KEY_ID: string }> {
  const file = join(dataDir, 'code-data-key');
  let key: string;
  try {
    key = (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(dataDir, { recursive: true });
    key = randomBytes(32).toString('base64url');
    await writeFile(file, `${key}\n`, { mode: 0o600 });
  }
  return { CODE_KEYS: `${DEV_KEY_ID}:${key}`, CODE_ACTIVE_KEY_ID: DEV_KEY_ID };
}
