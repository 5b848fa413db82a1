import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './free-port.js';
import { repoRoot } from './repo.js';

// `npm run dev` with nothing installed: the embedded default (PGlite, BullMQ on Postgres, the
// gateway's Aedes) must come up with the demo portfolio and answer like the real thing.

describe('the embedded default of npm run dev', () => {
  let stack: ChildProcess;
  let dataDir: string;
  let api: string;
  let databaseUrl: string;
  const output: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lockstep-embedded-'));
    const apiPort = await freePort();
    api = `http://127.0.0.1:${apiPort}`;
    const pgPort = await freePort();
    databaseUrl = `postgresql://postgres@127.0.0.1:${pgPort}/postgres`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LOCKSTEP_DATA_DIR: dataDir,
      API_PORT: String(apiPort),
      GATEWAY_HTTP_PORT: String(await freePort()),
      LOCKSTEP_EMBEDDED_PG_PORT: String(pgPort),
      WORKER_HTTP_PORT: String(await freePort()),
      LOCKSTEP_EMBEDDED_MQTT_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    };
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'MQTT_URL', 'QUEUE_BACKEND']) delete env[key];
    stack = spawn(process.execPath, [join(repoRoot, 'packages/devstack/dist/cli.js'), 'dev', '--embedded'], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stack.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    stack.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const deadline = Date.now() + 150_000;
    while (!output.join('').includes('devstack: ready:')) {
      if (stack.exitCode !== null || Date.now() > deadline) {
        throw new Error(`the dev stack did not become ready:\n${output.join('').slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 180_000);

  afterAll(async () => {
    if (stack && stack.exitCode === null) {
      const exited = new Promise((r) => stack.once('exit', r));
      stack.kill('SIGTERM');
      await exited;
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('reports every dependency ready: embedded database, Postgres-backed queues, embedded broker', async () => {
    const res = await fetch(`${api}/health/ready`);
    const body = JSON.stringify(await res.json());
    expect(res.status, body).toBe(200);
    for (const check of ['database', 'queue', 'broker']) expect(body).toContain(check);
    const log = output.join('');
    expect(log).toContain('embedded PGlite');
    expect(log).toContain('BullMQ on PostgreSQL');
    expect(log).toContain('embedded Aedes');
  });

  it('serves the seeded demo portfolio', async () => {
    const password = (await readFile(join(dataDir, 'demo-password'), 'utf8')).trim();
    const headers = await authHeaders(api, 'olivia.owner@demo.lockstep.dev', password);
    const res = await fetch(`${api}/v1/properties`, { headers });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(text).toContain('Harbor Lane Apartments');
    expect(text).toContain('Spreeblick Haus');
  });

  it("puts each demo unit's primary code on its simulated locks (worker → gateway → lock → ack)", async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const deadline = Date.now() + 120_000;
      let statuses: string[] = [];
      while (Date.now() < deadline) {
        const result = await client.query<{ status: string }>(
          `SELECT t.status::text AS status FROM access_code_targets t
           JOIN access_codes c ON c.id = t.access_code_id WHERE c.kind = 'primary'`,
        );
        statuses = result.rows.map((r) => r.status);
        if (statuses.length > 0 && statuses.every((s) => s === 'set')) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(statuses.length).toBeGreaterThan(0);
      expect(
        statuses.every((s) => s === 'set'),
        statuses.join(','),
      ).toBe(true);
      // The locks report what they hold: the slot-1 fingerprint of every demo lock is set.
      const reported = await client.query<{ slots: (string | null)[] }>(
        `SELECT slots FROM lock_reported_states`,
      );
      expect(reported.rows.length).toBe(statuses.length);
      for (const row of reported.rows) expect(row.slots[0]).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      await client.end();
    }
  }, 150_000);

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => stack.once('exit', (code) => r(code)));
    stack.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});

/** Logs in as a demo user with a bearer token, acting in their (only) organization. */
async function authHeaders(api: string, email: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${api}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, tokenDelivery: 'bearer' }),
  });
  const body = (await res.json()) as { token?: string; memberships?: { organizationId: string }[] };
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(body.token).toBeTruthy();
  const organizationId = body.memberships?.[0]?.organizationId;
  return {
    authorization: `Bearer ${body.token}`,
    ...(organizationId ? { 'lockstep-organization': organizationId } : {}),
  };
}
