import { seedDemo, DEMO } from '@lockstep/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DEMO_PASSWORD = 'demo-password-for-tests';
import { startTestApp, type TestApp } from './test-app.js';

describe('health, and the demo portfolio', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('health');
    await seedDemo(t.database.db, { demoPassword: DEMO_PASSWORD });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers /health/live', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('reports each dependency in /health/ready', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
    const body = res.json<{
      status: string;
      checks: { name: string; status: string; latencyMs: number }[];
    }>();
    expect(body.checks.map((c) => [c.name, c.status])).toEqual([
      ['database', 'ok'],
      ['queue:redis', 'ok'],
      ['broker', 'ok'],
    ]);
    expect(res.statusCode).toBe(200);
    for (const check of body.checks) expect(check.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('lists the seeded properties to a demo user signed in with the demo password', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: DEMO.users.owner.email, password: DEMO_PASSWORD, tokenDelivery: 'bearer' },
    });
    expect(login.statusCode).toBe(200);
    const { token } = login.json<{ token: string }>();
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/properties',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
    const names = res.json<{ items: { name: string }[] }>().items.map((p) => p.name);
    expect(names.sort()).toEqual(DEMO.properties.map((p) => p.name).sort());
  });

  it('answers an unknown route with a problem document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const problem = res.json<{ status: number; type: string }>();
    expect(problem.status).toBe(404);
    expect(problem.type).toMatch(/not-found$/);
  });

  it('answers a malformed JSON body with a problem document', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('readiness when a dependency is down', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Port 1 refuses connections at once, so the broker check fails without waiting.
    t = await startTestApp('health_down', {
      MQTT_URL: 'mqtt://127.0.0.1:1',
      REDIS_URL: 'redis://127.0.0.1:1',
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 503 and names the failing checks', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    const checks = res.json<{ checks: { name: string; status: string; error?: string }[] }>().checks;
    expect(checks.find((c) => c.name === 'database')?.status).toBe('ok');
    expect(checks.find((c) => c.name === 'queue:redis')?.status).toBe('error');
    expect(checks.find((c) => c.name === 'broker')?.status).toBe('error');
  });
});

describe('readiness on the embedded default (queue on PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('health_pg', { QUEUE_BACKEND: 'postgres' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('checks the PostgreSQL queue backend instead of Redis', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ checks: { name: string }[] }>().checks.map((c) => c.name)).toEqual([
      'database',
      'queue:postgres',
      'broker',
    ]);
  });
});
