import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The demo users' password for a local dev stack: random on the first run, kept in the git-ignored
 * data folder (mode 0600) so it survives restarts. Never a constant in the repository.
 */
export async function demoPassword(dataDir: string): Promise<string> {
  const file = join(dataDir, 'demo-password');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(dataDir, { recursive: true });
    const password = randomBytes(12).toString('base64url');
    await writeFile(file, `${password}\n`, { mode: 0o600 });
    return password;
  }
}
