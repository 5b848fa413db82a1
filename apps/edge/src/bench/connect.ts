/**
 * `npm run bench -w @lockstep/edge`: connect N simulated locks (default 10,000) to the local Mosquitto,
 * once per transport, each run in its own process; print time to all-connected, steady messages/s and
 * memory per lock as a table. Loopback only. Afterwards the retained presence messages the runs left
 * on the broker are cleared.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectAsync } from 'mqtt';
import { TRANSPORT_NAMES } from '../connectivity/transport-factory.js';
import { type TTransportName } from '../connectivity/transport.js';
import { type TBenchResult } from './connect-worker.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function runWorker(args: string[], timeoutMs: number): Promise<TBenchResult | { error: string }> {
  return new Promise((resolve) => {
    const worker = join(dirname(fileURLToPath(import.meta.url)), 'connect-worker.js');
    const child = spawn(process.execPath, ['--expose-gc', worker, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((entry) => entry.startsWith('{'));
      if (line !== undefined) resolve(JSON.parse(line) as TBenchResult);
      else resolve({ error: `exit ${code ?? 'killed'}: ${stderr.trim().slice(-300)}` });
    });
  });
}

async function clearRetained(url: string, tags: string[], count: number): Promise<void> {
  const client = await connectAsync(url, { clientId: `bench-cleanup-${process.pid}` });
  for (const tag of tags) {
    for (let i = 0; i < count; i++) {
      await client.publishAsync(`lockstep/v1/bench-${tag}-${i}/presence`, Buffer.alloc(0), {
        qos: 0,
        retain: true,
      });
    }
  }
  await client.endAsync();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' },
      transports: { type: 'string' },
      url: { type: 'string' },
      'steady-seconds': { type: 'string' },
      'connect-timeout-seconds': { type: 'string' },
    },
    strict: true,
  });
  const url = values.url ?? 'mqtt://127.0.0.1:1883';
  if (!LOOPBACK.has(new URL(url).hostname))
    throw new Error('the benchmark only runs against a loopback broker');
  const count = Number(values.count ?? '10000');
  const transports = (values.transports ?? TRANSPORT_NAMES.join(',')).split(',') as TTransportName[];
  const steadySeconds = values['steady-seconds'] ?? '10';
  const connectTimeout = values['connect-timeout-seconds'] ?? '120';
  const rows: string[] = [];
  const tags: string[] = [];
  process.stdout.write(`connecting ${count} locks to ${url}, per transport (${transports.join(', ')})\n`);
  for (const transport of transports) {
    const tag = `${transport.replace(/[^a-z0-9]/g, '')}-${process.pid}`;
    tags.push(tag);
    const result = await runWorker(
      [
        '--transport',
        transport,
        '--count',
        String(count),
        '--url',
        url,
        '--steady-seconds',
        steadySeconds,
        '--connect-timeout-seconds',
        connectTimeout,
        '--tag',
        tag,
      ],
      (Number(connectTimeout) + Number(steadySeconds) + 90) * 1000,
    );
    if ('error' in result) {
      rows.push(`| ${transport} | failed: ${result.error} | | | | |`);
    } else {
      rows.push(
        `| ${transport} | ${result.connected}/${result.requested}${result.timedOut ? ' (timed out)' : ''} | ${(result.connectMs / 1000).toFixed(1)} s (boot ${(result.bootMs / 1000).toFixed(1)} s, ${result.connectionAttempts} attempts) | ${result.steadyMessagesPerSecond.toLocaleString('en-US')} | ${result.rssPerLockKiB} KiB | ${result.heapPerLockKiB} KiB |`,
      );
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
  await clearRetained(url, tags, count).catch((error: unknown) =>
    process.stderr.write(`cleanup failed: ${String(error)}\n`),
  );
  process.stdout.write(
    `\n| transport | connected | time to all-connected | steady QoS 1 msg/s | RSS per lock | JS heap per lock |\n| --- | --- | --- | --- | --- | --- |\n${rows.join('\n')}\n`,
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
