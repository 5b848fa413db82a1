import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from './free-port.js';
import { repoRoot } from './repo.js';

// `npm test` with a service missing and no Docker engine: one message naming the service and how to
// get it, exit 1, never a stack trace.
describe('npm test without its services', () => {
  it('names the missing service and how to get it, without a stack trace', async () => {
    const closed = await freePort();
    const run = spawnSync(process.execPath, [join(repoRoot, 'packages/devstack/dist/cli.js'), 'test'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        DATABASE_URL: `postgresql://postgres@127.0.0.1:${closed}/lockstep`,
        // A PATH without docker, so the compose fallback is not tried on machines that have one.
        PATH: '/nonexistent',
      },
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^npm test needs postgres at DATABASE_URL=postgresql:\/\/postgres@127\.0\.0\.1:\d+\/lockstep/,
    );
    expect(lines[0]).toMatch(/To get it: .*docker compose up -d postgres/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
