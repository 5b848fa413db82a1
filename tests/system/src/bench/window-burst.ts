import { randomFillSync } from 'node:crypto';
import { codeRulesFor, generateCode, profileFor } from '@lockstep/lock-protocol';
import { insertCodesDirectly, type TDirectCode } from '../harness/portfolio.js';
import { startSystem, workerBuilt, type TSystem } from '../harness/system.js';
import { sleep, sleepUntil } from '../harness/wait.js';

/**
 * Benchmark "window-burst" (issue #7): N simulated locks (apps/edge fleet, one process), each with a
 * tenant primary installed first and then one time-bound code whose window starts in the same minute
 * and ends `BENCH_WINDOW_SECONDS` later, through the real gateway and worker processes, a private
 * Mosquitto, Postgres and Redis. Measured per code × lock: window start → the lock's ack of the
 * set_code (`access_code_targets.installed_at`, written in the gateway's ack transaction), and window
 * end → the ack of the clear_slot (`removed_at`). Goal: p99 ≤ 5 s for both, zero missed.
 *
 * Environment: BENCH_LOCKS (10000), BENCH_WINDOW_SECONDS (300), BENCH_LEAD_SECONDS (30: least time
 * between writing the codes and the start), BENCH_START_SPREAD_SECONDS (0: every window starts at the
 * same instant, the worst case; up to 59 spreads them over the minute), BENCH_TRANSPORT
 * (aws-crt-mqtt311, the fastest in apps/edge's bench), BENCH_DRAIN_SECONDS (900: how long after the
 * last end to wait for stragglers; what is not removed by then counts as missed), BENCH_PUBLISH_CONNECTIONS / BENCH_PUBLISH_RATE (gateway publisher
 * pool; a local Mosquitto has no per-connection limit, AWS IoT Core has 100/s).
 */
const env = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0`);
  return value;
};

const LOCKS = Math.max(1, Math.round(env('BENCH_LOCKS', 10_000)));
const WINDOW_MS = env('BENCH_WINDOW_SECONDS', 300) * 1000;
const LEAD_MS = env('BENCH_LEAD_SECONDS', 30) * 1000;
const SPREAD_MS = Math.min(59, env('BENCH_START_SPREAD_SECONDS', 0)) * 1000;
const DRAIN_MS = env('BENCH_DRAIN_SECONDS', 900) * 1000;
const TRANSPORT = process.env.BENCH_TRANSPORT ?? 'aws-crt-mqtt311';
const GOAL_MS = 5_000;

const log = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

function summarise(label: string, latencies: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const max = sorted.at(-1) ?? Number.NaN;
  log(
    `${label}: n=${sorted.length} p50=${seconds(p50)} p99=${seconds(p99)} max=${seconds(max)} ` +
      `min=${seconds(sorted[0] ?? Number.NaN)} goal ratio p99/5s=${(p99 / GOAL_MS).toFixed(2)}`,
  );
  return { p50, p99, max };
}

async function count(system: TSystem, sql: string, values: unknown[] = []): Promise<number> {
  const r = await system.pool.query<{ n: number }>(sql, values);
  return r.rows[0]?.n ?? 0;
}

async function waitForCount(
  system: TSystem,
  what: string,
  sql: string,
  values: unknown[],
  target: number,
  deadline: number,
): Promise<number> {
  let last = -1;
  let lastLog = 0;
  for (;;) {
    const n = await count(system, sql, values);
    if (n >= target || Date.now() > deadline) return n;
    if (n !== last && Date.now() - lastLog > 10_000) {
      log(`  ${what}: ${n}/${target}`);
      lastLog = Date.now();
    }
    last = n;
    await sleep(1_000);
  }
}

async function main(): Promise<void> {
  if (!workerBuilt()) throw new Error('window-burst needs apps/worker built (npx turbo run build)');
  const profile = profileFor('lockstep-db2');
  if (profile === undefined) throw new Error('unknown model lockstep-db2');
  const rules = codeRulesFor(profile);
  const random = (bytes: Uint8Array) => randomFillSync(bytes);

  log(
    `window-burst: ${LOCKS} locks (${TRANSPORT}), windows ${seconds(WINDOW_MS)}, ` +
      `start spread ${seconds(SPREAD_MS)}, lead ${seconds(LEAD_MS)}`,
  );
  const bootStarted = Date.now();
  const system = await startSystem({
    label: 'bench',
    lockCount: LOCKS,
    api: false,
    brokerHashOnly: true,
    logLevel: process.env.BENCH_LOG_LEVEL ?? 'warn',
    fleet: { transport: TRANSPORT, memoryNvm: true },
    // BENCH_PROFILE_DIR: V8 CPU profiles of the gateway and the worker (open in Chrome DevTools).
    ...(process.env.BENCH_PROFILE_DIR ? { profileDir: process.env.BENCH_PROFILE_DIR } : {}),
    gatewayEnv: {
      GATEWAY_PUBLISH_CONNECTIONS: String(env('BENCH_PUBLISH_CONNECTIONS', 4)),
      GATEWAY_PUBLISH_RATE_PER_CONNECTION: String(env('BENCH_PUBLISH_RATE', 5_000)),
      GATEWAY_ACK_TIMEOUT_MS: '30000',
      GATEWAY_COMMAND_RETRY_BASE_MS: '5000',
      GATEWAY_PRESENCE_TIMEOUT_MS: '600000',
      DATABASE_POOL_SIZE: process.env.BENCH_GATEWAY_POOL_SIZE ?? '10',
    },
    workerEnv: {
      DATABASE_POOL_SIZE: '10',
      // Tuning experiments: passed through when set, the worker's defaults otherwise.
      ...Object.fromEntries(
        [
          'WORKER_RECONCILE_CONCURRENCY',
          'WORKER_RECONCILE_BATCHES',
          'WORKER_RECONCILE_BATCH_SIZE',
          'WORKER_STAGE_LEAD_MS',
        ]
          .filter((name) => process.env[name])
          .map((name) => [name, process.env[name]!]),
      ),
    },
  });
  try {
    log(`setup: platform and ${LOCKS} locks connected in ${seconds(Date.now() - bootStarted)}`);
    const { locks } = system.portfolio;

    // 1. Every lock gets its tenant primary first (a clear never leaves a lock without a code).
    const primaries = new Map<string, string>();
    const primaryCodes: TDirectCode[] = locks.map(({ lockId }) => {
      const code = generateCode(6, [], random, rules);
      primaries.set(lockId, code);
      return { lockId, slot: 1, code, kind: 'primary', holderUserId: system.portfolio.tenant.id };
    });
    const primaryStarted = Date.now();
    await insertCodesDirectly(system.pool, system.portfolio, system.sealer, primaryCodes);
    const primariesSet = await waitForCount(
      system,
      'primaries set',
      `SELECT count(*)::int AS n FROM access_code_targets t JOIN access_codes c ON c.id = t.access_code_id
       WHERE c.kind = 'primary' AND t.status = 'set'`,
      [],
      LOCKS,
      Date.now() + 600_000 + LOCKS * 60,
    );
    const primaryMs = Date.now() - primaryStarted;
    log(
      `setup: primaries set on ${primariesSet}/${LOCKS} locks in ${seconds(primaryMs)} ` +
        `(${((primariesSet / primaryMs) * 1000).toFixed(0)} codes/s installed, reconcile to ack)`,
    );

    // 2. The burst: one window per lock, all starting in the same minute.
    const earliest = Date.now() + LEAD_MS;
    const minute = Math.ceil(earliest / 60_000) * 60_000;
    const guestCodes: TDirectCode[] = locks.map(({ lockId }, index) => {
      const startsAt = minute + (SPREAD_MS === 0 ? 0 : Math.floor((index * SPREAD_MS) / LOCKS));
      return {
        lockId,
        slot: 2,
        code: generateCode(6, [primaries.get(lockId)!], random, rules),
        kind: 'guest',
        startsAt: new Date(startsAt),
        endsAt: new Date(startsAt + WINDOW_MS),
      };
    });
    const guestIds = await insertCodesDirectly(system.pool, system.portfolio, system.sealer, guestCodes);
    const lastEnd = Math.max(...guestCodes.map((c) => c.endsAt!.getTime()));
    log(
      `burst: ${guestIds.length} windows from ${new Date(minute).toISOString()}, ` +
        `last end ${new Date(lastEnd).toISOString()}`,
    );

    await sleepUntil(minute);
    const installed = await waitForCount(
      system,
      'installed',
      `SELECT count(*)::int AS n FROM access_code_targets WHERE access_code_id = ANY($1::uuid[]) AND installed_at IS NOT NULL`,
      [guestIds],
      LOCKS,
      lastEnd - 5_000,
    );
    log(
      `burst: ${installed}/${LOCKS} installed after ${seconds(Date.now() - minute)} (before the first end)`,
    );
    await sleepUntil(lastEnd);
    await waitForCount(
      system,
      'removed',
      `SELECT count(*)::int AS n FROM access_code_targets WHERE access_code_id = ANY($1::uuid[]) AND removed_at IS NOT NULL`,
      [guestIds],
      LOCKS,
      lastEnd + DRAIN_MS,
    );

    // 3. The figures.
    const rows = await system.pool.query<{
      starts_at: Date;
      ends_at: Date;
      installed_at: Date | null;
      removed_at: Date | null;
      status: string;
      warnings: string[];
    }>(
      `SELECT c.starts_at, c.ends_at, t.installed_at, t.removed_at, t.status::text, t.warnings
       FROM access_code_targets t JOIN access_codes c ON c.id = t.access_code_id
       WHERE c.id = ANY($1::uuid[])`,
      [guestIds],
    );
    const setLatency: number[] = [];
    const removeLatency: number[] = [];
    let early = 0;
    for (const r of rows.rows) {
      if (r.installed_at !== null) {
        const ms = r.installed_at.getTime() - r.starts_at.getTime();
        if (ms < 0) early++;
        setLatency.push(ms);
      }
      if (r.removed_at !== null) removeLatency.push(r.removed_at.getTime() - r.ends_at.getTime());
    }
    const statuses = new Map<string, number>();
    for (const r of rows.rows) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    const warnings = new Map<string, number>();
    for (const r of rows.rows) for (const w of r.warnings) warnings.set(w, (warnings.get(w) ?? 0) + 1);
    const commands = await system.pool.query<{ type: string; status: string; n: number }>(
      `SELECT type, status::text, count(*)::int AS n FROM commands GROUP BY 1, 2 ORDER BY 1, 2`,
    );

    log('');
    log(`window-burst results (${LOCKS} locks, ${TRANSPORT}, window ${seconds(WINDOW_MS)}):`);
    const set = summarise('  window start → set_code ack', setLatency);
    const removed = summarise('  window end → clear_slot ack', removeLatency);
    log(
      `  missed: never set ${LOCKS - setLatency.length}, never removed ${LOCKS - removeLatency.length}, ` +
        `installed before the start ${early}`,
    );
    log(`  targets by status: ${[...statuses].map(([k, v]) => `${k}=${v}`).join(' ')}`);
    log(`  warnings: ${[...warnings].map(([k, v]) => `${k}=${v}`).join(' ') || 'none'}`);
    log(`  commands: ${commands.rows.map((c) => `${c.type}/${c.status}=${c.n}`).join(' ')}`);
    // Where the time goes, per applied command of the burst: edge → command row ready (window job +
    // worker reconcile; a staged command is ready at its send_at, its row written ahead — the count
    // says how many were), row ready → published (outbox relay, commands queue, gateway step;
    // `sent_at` is taken right after the publish), published → ack recorded (lock applies, ack, ack
    // transaction).
    const staged = await system.pool.query<{ type: string; n: number }>(
      `SELECT cm.type, count(*)::int AS n FROM commands cm
       WHERE cm.access_code_id = ANY($1::uuid[]) AND cm.status = 'applied' AND cm.send_at IS NOT NULL
       GROUP BY 1 ORDER BY 1 DESC`,
      [guestIds],
    );
    log(`  staged ahead of their edge: ${staged.rows.map((r) => `${r.type}=${r.n}`).join(' ') || 'none'}`);
    const stages = await system.pool.query<{ type: string; stage: string; p50: number; p99: number }>(
      `WITH s AS (
         SELECT cm.type,
                extract(epoch FROM GREATEST(cm.created_at, cm.send_at)
                                   - CASE WHEN cm.type = 'set_code' THEN c.starts_at ELSE c.ends_at END) * 1000 AS reconcile,
                extract(epoch FROM cm.sent_at - GREATEST(cm.created_at, cm.send_at)) * 1000 AS publish,
                extract(epoch FROM cm.resolved_at - cm.sent_at) * 1000 AS ack
         FROM commands cm JOIN access_codes c ON c.id = cm.access_code_id
         WHERE c.id = ANY($1::uuid[]) AND cm.status = 'applied')
       SELECT type, stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
       FROM s CROSS JOIN LATERAL (VALUES ('1 edge→ready', reconcile), ('2 ready→published', publish), ('3 published→ack', ack)) v(stage, ms)
       GROUP BY 1, 2 ORDER BY 1 DESC, 2`,
      [guestIds],
    );
    for (const s of stages.rows) {
      log(`  stage ${s.type} ${s.stage}: p50 ${seconds(Number(s.p50))} p99 ${seconds(Number(s.p99))}`);
    }
    log(
      `  goal (p99 ≤ 5 s both, zero missed): ${
        set.p99 <= GOAL_MS &&
        removed.p99 <= GOAL_MS &&
        setLatency.length === LOCKS &&
        removeLatency.length === LOCKS
          ? 'met'
          : 'not met'
      }`,
    );
    log(`  total run ${seconds(Date.now() - bootStarted)}`);
  } finally {
    await system.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
