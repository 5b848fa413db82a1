import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import mqtt from 'mqtt';
import { type Registry } from 'prom-client';
import { loadGatewayConfig } from '@lockstep/config';
import { createTestDatabase } from '@lockstep/db/testing';
import { EXAMPLE_MESSAGES, cloudSubscriptions } from '@lockstep/lock-protocol';
import { startMosquitto } from '../broker/mosquitto-process.js';
import {
  deviceCredentialHashes,
  generateDeviceSecret,
  mosquittoPasswordHash,
} from '@lockstep/device-credentials';
import { MemoryDomainEventBus } from '../events/domain-event-bus.js';
import { startGateway } from '../gateway.js';
import { createLogger } from '../observability/logger.js';
import { type LoadGeneratorInput, type LoadGeneratorResult } from './load-generator.js';

/**
 * `npm run bench -w @lockstep/gateway` — scenario "ingest".
 *
 * Simulated locks (own MQTT connections, in a worker thread) publish telemetry and events at QoS 1 as
 * fast as the broker acknowledges, for a fixed time, against a private Mosquitto with the generated
 * per-device credentials and ACL. Measured in the same run:
 *   (a) broker → one subscriber that only counts (no processing): messages/s;
 *   (b) broker → gateway → Postgres: rows stored/s (until the last acknowledged message is stored);
 * then b/a, and a check that every message the broker acknowledged to a lock is stored exactly once.
 * `--rounds` pairs of (a) then (b), back to back (default 3): the ratio reported is the median of the
 * rounds' ratios, as this machine's speed drifts by tens of percent within a minute.
 */
const { values } = parseArgs({
  options: {
    locks: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    inflight: { type: 'string', default: '20' },
    'ingest-connections': { type: 'string', default: '2' },
    bus: { type: 'string', default: 'redis' },
    /** Write a CPU profile of the gateway run (b) to this file. */
    profile: { type: 'string' },
    /**
     * How (b) follows its progress: `metrics` (the gateway's own count of committed rows, read in
     * process) or `db` (count(*) over both tables every 20 ms, which costs Postgres a scan each time).
     * The exactly-once check counts in the database either way.
     */
    progress: { type: 'string', default: 'metrics' },
    rounds: { type: 'string', default: '3' },
  },
});
const LOCKS = Number(values.locks);
const DURATION_MS = Number(values.seconds) * 1_000;
const INFLIGHT = Number(values.inflight);
const ROUNDS = Math.max(1, Number(values.rounds));

function runLoad(input: LoadGeneratorInput): Promise<LoadGeneratorResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-generator.js', import.meta.url), { workerData: input });
    worker.once('message', (m: { ok: true; result: LoadGeneratorResult } | { ok: false; error: string }) => {
      void worker.terminate();
      if (m.ok) resolve(m.result);
      else reject(new Error(m.error));
    });
    worker.once('error', reject);
  });
}

async function waitFor(progress: () => Promise<number> | number, target: number, idleMs = 15_000) {
  let last = -1;
  let lastChange = Date.now();
  let lastAt = Date.now();
  for (;;) {
    const now = await progress();
    if (now !== last) {
      last = now;
      lastChange = Date.now();
      lastAt = lastChange;
    }
    if (now >= target) return { value: now, at: lastAt };
    if (Date.now() - lastChange > idleMs) return { value: now, at: lastAt };
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Mean batch size and write time per table, from the gateway's own histograms. */
async function batchFigures(registry: Registry) {
  const json = await registry.getMetricsAsJSON();
  const find = (name: string) => json.find((m) => m.name === name)?.values ?? [];
  const out: Record<string, { batches: number; meanRows: number; meanWriteMs: number }> = {};
  const pick = (values: ReturnType<typeof find>, table: string, suffix: string) =>
    values.find(
      (v) => v.labels.table === table && (v as { metricName?: string }).metricName?.endsWith(suffix),
    )?.value ?? 0;
  for (const table of ['telemetry', 'lock_events', 'lock_reported_states']) {
    const size = find('lockstep_gateway_batch_size');
    const latency = find('lockstep_gateway_write_seconds');
    const batches = pick(size, table, '_count');
    if (batches === 0) continue;
    out[table] = {
      batches,
      meanRows: Math.round(pick(size, table, '_sum') / batches),
      meanWriteMs: Number(((pick(latency, table, '_sum') / batches) * 1_000).toFixed(1)),
    };
  }
  return out;
}

/** Rows the gateway committed (batch rows less duplicates) to telemetry and lock_events, from its metrics. */
async function committedRows(registry: Registry): Promise<number> {
  const sum = async (name: string, suffix?: string) => {
    const metric = registry.getSingleMetric(name);
    if (!metric) return 0;
    const { values: points } = await metric.get();
    return points
      .filter(
        (v) =>
          (v.labels.table === 'telemetry' || v.labels.table === 'lock_events') &&
          (suffix === undefined || (v as { metricName?: string }).metricName?.endsWith(suffix)),
      )
      .reduce((total, v) => total + v.value, 0);
  };
  return (
    (await sum('lockstep_gateway_batch_size', '_sum')) - (await sum('lockstep_gateway_duplicates_total'))
  );
}

async function startProfile() {
  const { Session } = await import('node:inspector/promises');
  const { writeFile } = await import('node:fs/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(path: string) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(path, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function main(): Promise<void> {
  const database = await createTestDatabase('bench_ingest');
  const db = database.db;
  const tag = randomBytes(3).toString('hex');
  const org = await db.organization.create({ data: { name: 'Bench', slug: `bench-${tag}` } });
  const property = await db.property.create({
    data: {
      organizationId: org.id,
      name: 'Bench',
      addressLine1: '1 Bench St',
      city: 'Bench',
      postalCode: '0',
      country: 'US',
      timeZone: 'UTC',
    },
  });
  const locks: { deviceId: string; secret: string; brokerPasswordHash: string }[] = [];
  for (let i = 0; i < LOCKS; i++) {
    const deviceId = `bench-${tag}-${i}`;
    const secret = generateDeviceSecret();
    const hashes = deviceCredentialHashes(secret);
    const lock = await db.lock.create({
      data: {
        organizationId: org.id,
        propertyId: property.id,
        name: deviceId,
        serial: deviceId,
        model: EXAMPLE_MESSAGES.birth.model,
      },
    });
    await db.device.create({
      data: {
        id: deviceId,
        organizationId: org.id,
        lockId: lock.id,
        model: EXAMPLE_MESSAGES.birth.model,
        publicKey: EXAMPLE_MESSAGES.birth.publicKey,
        credentialHash: hashes.credentialHash,
        brokerPasswordHash: hashes.brokerPasswordHash,
        state: 'active',
      },
    });
    locks.push({ deviceId, secret, brokerPasswordHash: hashes.brokerPasswordHash });
  }
  const servicePassword = generateDeviceSecret();
  const broker = await startMosquitto({
    devices: locks.map((l) => ({ deviceId: l.deviceId, brokerPasswordHash: l.brokerPasswordHash })),
    services: [{ username: 'svc.gateway', brokerPasswordHash: mosquittoPasswordHash(servicePassword) }],
    maxQueuedMessages: 10_000_000,
  });
  const load: LoadGeneratorInput = {
    url: broker.url,
    locks: locks.map(({ deviceId, secret }) => ({ deviceId, secret })),
    durationMs: DURATION_MS,
    inflight: INFLIGHT,
  };

  try {
    /** A connection as the gateway's service account. */
    const connectService = (clientId: string) =>
      mqtt.connectAsync(broker.url, {
        clientId,
        username: 'svc.gateway',
        password: servicePassword,
        protocolVersion: 4,
        clean: true,
      });

    // (a) raw broker → one subscriber, counting only.
    const measureRaw = async () => {
      const raw = await connectService(`bench-raw-${tag}`);
      let received = 0;
      raw.on('message', () => received++);
      await raw.subscribeAsync(cloudSubscriptions(), { qos: 1 });
      const a = await runLoad(load);
      const done = await waitFor(() => received, a.acked.length);
      await raw.endAsync();
      return {
        acked: a.acked.length,
        received: done.value,
        perSecond: done.value / ((done.at - a.startedAt) / 1_000),
      };
    };

    // The gateway's ingest sessions are persistent (a restart misses nothing); between rounds they are
    // cleared, or the broker would queue the next (a)'s messages for them.
    const clearSessions = async (instanceId: string, connections: number) => {
      for (let i = 0; i < connections; i++) await (await connectService(`${instanceId}-in-${i}`)).endAsync();
    };

    // (b) broker → gateway → Postgres.
    const config = loadGatewayConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '8',
      QUEUE_BACKEND: 'redis',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `bench_${tag}`,
      MQTT_URL: broker.url,
      MQTT_USERNAME: 'svc.gateway',
      MQTT_PASSWORD: servicePassword,
      GATEWAY_INSTANCE_ID: `bench-${tag}`,
      GATEWAY_SHARE_GROUP: `bench-${tag}`,
      GATEWAY_INGEST_CONNECTIONS: values['ingest-connections'],
      // Batch tuning may be tried from the environment.
      ...Object.fromEntries(
        ['GATEWAY_BATCH_SIZE', 'GATEWAY_BATCH_MAX_WAIT_MS', 'GATEWAY_BATCH_CONCURRENCY'].flatMap((k) =>
          process.env[k] ? [[k, process.env[k]]] : [],
        ),
      ),
    });
    const storedRows = async () => {
      const rows = await db.$queryRawUnsafe<{ n: number }[]>(
        `SELECT ((SELECT count(*) FROM telemetry) + (SELECT count(*) FROM lock_events))::int AS n`,
      );
      return rows[0]?.n ?? 0;
    };
    const ackedKeys = new Set<string>();
    let writes: Awaited<ReturnType<typeof batchFigures>> = {};
    const measureGateway = async (round: number) => {
      const gateway = await startGateway(config, {
        logger: createLogger('warn'),
        http: false,
        commands: false,
        ...(values.bus === 'memory' ? { bus: new MemoryDomainEventBus() } : {}),
      });
      const before = await storedRows();
      const countRows =
        values.progress === 'db'
          ? async () => (await storedRows()) - before
          : () => committedRows(gateway.metrics.registry);
      const profiler = values.profile && round === 0 ? await startProfile() : undefined;
      const b = await runLoad(load);
      const done = await waitFor(countRows, b.acked.length);
      if (profiler && values.profile) await profiler.stop(values.profile);
      if (round === 0) writes = await batchFigures(gateway.metrics.registry);
      await gateway.stop();
      await clearSessions(config.GATEWAY_INSTANCE_ID, Number(values['ingest-connections']));
      for (const key of b.acked) ackedKeys.add(key);
      return {
        acked: b.acked.length,
        stored: done.value,
        perSecond: done.value / ((done.at - b.startedAt) / 1_000),
      };
    };

    // Rounds of (a) then (b): the machine's speed drifts within a minute, so each ratio is taken from
    // two phases run back to back, and the median of the rounds is the figure.
    const rounds: {
      a: Awaited<ReturnType<typeof measureRaw>>;
      b: Awaited<ReturnType<typeof measureGateway>>;
    }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const a = await measureRaw();
      const b = await measureGateway(round);
      rounds.push({ a, b });
    }

    // Exactly once: every acknowledged (device, message id) is stored, once, and nothing else is.
    const stored = await db.$queryRawUnsafe<{ k: string }[]>(
      `SELECT device_id || ' ' || message_id AS k FROM telemetry UNION ALL SELECT device_id || ' ' || message_id FROM lock_events`,
    );
    const storedKeys = new Set(stored.map((r) => r.k));
    const missing = [...ackedKeys].filter((k) => !storedKeys.has(k)).length;
    const extra = stored.filter((r) => !ackedKeys.has(r.k)).length;
    const duplicates = stored.length - storedKeys.size;

    const ratios = rounds.map((r) => r.b.perSecond / r.a.perSecond);
    const median = (xs: number[]) => {
      const sorted = [...xs].sort((x, y) => x - y);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    };
    const figures = {
      scenario: 'ingest',
      locks: LOCKS,
      seconds: DURATION_MS / 1_000,
      inflightPerLock: INFLIGHT,
      ingestConnections: Number(values['ingest-connections']),
      bus: values.bus,
      rounds: rounds.map((r, i) => ({
        a: { ...r.a, perSecond: Math.round(r.a.perSecond) },
        b: { ...r.b, perSecond: Math.round(r.b.perSecond) },
        ratio: Number(ratios[i]!.toFixed(3)),
      })),
      a: { perSecond: Math.round(median(rounds.map((r) => r.a.perSecond))) },
      b: { perSecond: Math.round(median(rounds.map((r) => r.b.perSecond))) },
      ratio: Number(median(ratios).toFixed(3)),
      goal: 0.5,
      writes,
      exactlyOnce: {
        acked: ackedKeys.size,
        stored: stored.length,
        missing,
        extra,
        duplicates,
        ok: missing === 0 && extra === 0 && duplicates === 0,
      },
    };
    console.log(
      `ingest benchmark: ${LOCKS} locks × ${DURATION_MS / 1000} s, QoS 1, ${INFLIGHT} in flight per lock, ${ROUNDS} rounds of (a) then (b)`,
    );
    for (const [i, r] of figures.rounds.entries()) {
      console.log(
        `  round ${i + 1}: (a) broker → 1 raw subscriber ${r.a.perSecond.toLocaleString('en-US')} msg/s (${r.a.received} of ${r.a.acked}), ` +
          `(b) broker → gateway → Postgres ${r.b.perSecond.toLocaleString('en-US')} rows/s (${r.b.stored} of ${r.b.acked}), b/a ${r.ratio}`,
      );
    }
    console.log(
      `  median: (a) ${figures.a.perSecond.toLocaleString('en-US')} msg/s, (b) ${figures.b.perSecond.toLocaleString('en-US')} rows/s, ` +
        `b/a = ${figures.ratio} (goal ≥ ${figures.goal}: ${figures.ratio >= figures.goal ? 'met' : 'not met'})`,
    );
    console.log(
      `  exactly once: ${figures.exactlyOnce.ok ? 'yes' : 'NO'} (${ackedKeys.size} acked, ${stored.length} stored; missing ${missing}, extra ${extra}, duplicates ${duplicates})`,
    );
    for (const [table, w] of Object.entries(writes)) {
      console.log(
        `      ${table} (round 1): ${w.batches} batches, mean ${w.meanRows} rows, mean write ${w.meanWriteMs} ms`,
      );
    }
    console.log(JSON.stringify(figures));
    if (!figures.exactlyOnce.ok) process.exitCode = 1;
  } finally {
    await broker.stop();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error('bench ingest failed:', error);
  process.exit(1);
});
