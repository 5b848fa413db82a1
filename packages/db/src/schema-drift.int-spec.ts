import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// prisma/schema.prisma and the migrations must agree: a model change without `npm run db:diff`
// fails here, before it can reach a database.
describe('schema drift', () => {
  it('the newest migration snapshot matches prisma/schema.prisma', () => {
    const script = `
      import { latestSnapshot, prisma6, schemaPath, withUrl } from './scripts/prisma6.mjs';
      const from = latestSnapshot();
      const out = prisma6(['migrate', 'diff', '--from-schema-datamodel', withUrl(from), '--to-schema-datamodel', withUrl(schemaPath), '--script']);
      process.stdout.write(JSON.stringify({ status: out.status, stdout: out.stdout, stderr: out.stderr }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
    });
    const result = JSON.parse(run.stdout) as { status: number; stdout: string; stderr: string };
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    expect(result.stdout, 'run `npm run db:diff -- <name>` to add a migration').toMatch(/empty migration/i);
  });
});
