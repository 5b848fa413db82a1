import { Registry, Counter } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpServer, type HealthReport } from './http-server.js';

describe('HttpServer', () => {
  let server: HttpServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  async function start(health: () => Promise<HealthReport>): Promise<string> {
    const registry = new Registry();
    new Counter({ name: 'ops_http_test_total', help: 'a counter', registers: [registry] }).inc(3);
    server = new HttpServer(registry, health);
    return `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  }

  it('serves the registry on /metrics and the checks on /health', async () => {
    const base = await start(() => Promise.resolve({ ok: true, checks: { database: { ok: true } } }));
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('ops_http_test_total 3');
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, checks: { database: { ok: true } } });
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  });

  it('answers 503 with the failing check, and 500 without detail when a check throws', async () => {
    const failing = await start(() =>
      Promise.resolve({ ok: false, checks: { redis: { ok: false, detail: 'unreachable' } } }),
    );
    const health = await fetch(`${failing}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ checks: { redis: { ok: false } } });
    await server?.close();
    const throwing = await start(() => Promise.reject(new Error('secret detail')));
    const broken = await fetch(`${throwing}/healthz`);
    expect(broken.status).toBe(500);
    expect(await broken.text()).not.toContain('secret');
  });
});
