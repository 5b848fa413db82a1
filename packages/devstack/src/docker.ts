import { spawnSync } from 'node:child_process';
import { run } from './processes.js';
import { repoRoot } from './repo.js';

/** True when a Docker engine answers (the client alone is not enough). */
export function dockerEngineAnswers(): boolean {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 10_000,
  });
  return result.status === 0 && result.stdout.trim().length > 0;
}

export async function composeUp(services: string[]): Promise<boolean> {
  return (await run('docker', ['compose', 'up', '-d', '--wait', ...services], { cwd: repoRoot })) === 0;
}
