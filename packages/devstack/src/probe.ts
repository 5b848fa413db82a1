import { connect } from 'node:net';
import mqtt from 'mqtt';
import { Redis } from 'ioredis';
import pg from 'pg';

/** The result of asking a service to answer, not just whether its port is open. */
export type ProbeResult = { ok: true } | { ok: false; error: string };

const fail = (error: unknown): ProbeResult => ({
  ok: false,
  error: error instanceof Error ? error.message : String(error),
});

export async function probePostgres(url: string, timeoutMs = 1_500): Promise<ProbeResult> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true };
  } catch (error) {
    return fail(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function probeRedis(url: string, timeoutMs = 1_500): Promise<ProbeResult> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const pong: string = await redis.ping();
    return pong === 'PONG' ? { ok: true } : { ok: false, error: `PING answered ${pong}` };
  } catch (error) {
    return fail(error);
  } finally {
    redis.disconnect();
  }
}

export async function probeMqtt(
  url: string,
  options: { username?: string | undefined; password?: string | undefined; timeoutMs?: number } = {},
): Promise<ProbeResult> {
  try {
    const client = await mqtt.connectAsync(url, {
      connectTimeout: options.timeoutMs ?? 1_500,
      reconnectPeriod: 0,
      clientId: `lockstep-probe-${process.pid}-${Date.now()}`,
      protocolVersion: 4,
      ...(options.username ? { username: options.username, password: options.password } : {}),
    });
    await client.endAsync();
    return { ok: true };
  } catch (error) {
    return fail(error);
  }
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portAnswers(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
