/**
 * One benchmark run in its own process (so memory is measured per transport and aws-crt's handles
 * cannot outlive it): start N locks against a loopback broker, time until all are connected (birth,
 * presence and connect state acknowledged), measure memory per lock, then a steady phase where every
 * lock keeps one QoS 1 state report in flight. Prints one JSON line and exits.
 */
import { parseArgs } from 'node:util';
import { SEED_MODEL_PROFILE } from '@lockstep/lock-protocol';
import { SystemClock } from '../clock/system-clock.js';
import { brokerEndpointFromUrl } from '../connectivity/broker-endpoint.js';
import { createTransport, TRANSPORT_NAMES } from '../connectivity/transport-factory.js';
import { type TTransportName } from '../connectivity/transport.js';
import { startLockDevice, type TLockDevice } from '../device/lock-device.js';
import { seededLockKeys } from '../firmware/lock-crypto.js';
import { silentLogger } from '../logging/logger.js';
import { MemoryNvmStore } from '../nvm/nvm-store.js';

export interface TBenchResult {
  transport: TTransportName;
  requested: number;
  connected: number;
  /** ms from the first start until the last lock was connected (or the deadline). */
  connectMs: number;
  /** ms to boot every firmware (memory, keys) and open its first connection. */
  bootMs: number;
  /** Connection attempts in all (a refused or timed-out attempt is retried after the backoff). */
  connectionAttempts: number;
  /** Acknowledged QoS 1 state reports per second, all locks together. */
  steadyMessagesPerSecond: number;
  steadySeconds: number;
  rssPerLockKiB: number;
  heapPerLockKiB: number;
  rssTotalMiB: number;
  connectErrors: number;
  timedOut: boolean;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      transport: { type: 'string' },
      count: { type: 'string' },
      url: { type: 'string' },
      'steady-seconds': { type: 'string' },
      'connect-timeout-seconds': { type: 'string' },
      tag: { type: 'string' },
    },
    strict: true,
  });
  const transportName = values.transport as TTransportName;
  if (!TRANSPORT_NAMES.includes(transportName)) throw new Error(`unknown transport ${values.transport}`);
  const count = Number(values.count ?? '1000');
  const steadySeconds = Number(values['steady-seconds'] ?? '10');
  const connectTimeoutMs = Number(values['connect-timeout-seconds'] ?? '120') * 1000;
  const tag = values.tag ?? String(process.pid);
  const endpoint = brokerEndpointFromUrl(values.url ?? 'mqtt://127.0.0.1:1883');
  const transport = createTransport(transportName, endpoint);
  const clock = new SystemClock();
  const logger = silentLogger();

  gc();
  const before = process.memoryUsage();
  const devices: TLockDevice[] = [];
  let connected = 0;
  let connectErrors = 0;
  let allConnected: () => void = () => undefined;
  const allConnectedPromise = new Promise<void>((resolve) => (allConnected = resolve));
  let steady = false;
  let steadyAcks = 0;

  const startedAt = performance.now();
  let connectedAt = startedAt;
  const batch = 250;
  for (let index = 0; index < count; index += batch) {
    const starting: Promise<void>[] = [];
    for (let i = index; i < Math.min(count, index + batch); i++) {
      const deviceId = `bench-${tag}-${i}`;
      starting.push(
        startLockDevice({
          deviceId,
          profile: SEED_MODEL_PROFILE,
          clock,
          store: new MemoryNvmStore(),
          transport,
          logger,
          commissioningKeys: () => seededLockKeys(tag, deviceId),
          telemetryIntervalMs: 0,
          link: {
            persistentSession: false,
            keepAliveSeconds: 120,
            connectTimeoutMs: 30_000,
            backoff: { minMs: 500, maxMs: 5_000, resetAfterMs: 60_000 },
          },
        }).then((device) => {
          devices.push(device);
          let first = true;
          device.link.observe({
            connected: () => {
              if (!first) return;
              first = false;
              connected++;
              if (connected === count) {
                connectedAt = performance.now();
                allConnected();
              }
            },
            error: (kind) => {
              if (kind === 'publish') connectErrors++;
            },
            published: (channel) => {
              if (!steady || channel !== 'state') return;
              steadyAcks++;
              device.firmware.reportState();
            },
          });
        }),
      );
    }
    await Promise.all(starting);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const bootMs = Math.round(performance.now() - startedAt);
  const timedOut = await Promise.race([
    allConnectedPromise.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), connectTimeoutMs)),
  ]);
  if (timedOut) connectedAt = performance.now();

  gc();
  const after = process.memoryUsage();

  // Steady phase: every connected lock keeps one QoS 1 state report in flight.
  steady = true;
  for (const device of devices) if (device.link.isConnected) device.firmware.reportState();
  const steadyStart = performance.now();
  await new Promise((resolve) => setTimeout(resolve, steadySeconds * 1000));
  const steadyElapsed = (performance.now() - steadyStart) / 1000;
  steady = false;

  const result: TBenchResult = {
    transport: transportName,
    requested: count,
    connected,
    connectMs: Math.round(connectedAt - startedAt),
    bootMs,
    connectionAttempts: devices.reduce((sum, device) => sum + device.link.connectionAttempts, 0),
    steadyMessagesPerSecond: Math.round(steadyAcks / steadyElapsed),
    steadySeconds: Math.round(steadyElapsed),
    rssPerLockKiB: Math.round((after.rss - before.rss) / Math.max(1, connected) / 1024),
    heapPerLockKiB: Math.round((after.heapUsed - before.heapUsed) / Math.max(1, connected) / 1024),
    rssTotalMiB: Math.round(after.rss / 1024 / 1024),
    connectErrors,
    timedOut,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // Goodbyes (retained offline presence) keep the broker's retained store tidy; the orchestrator clears it.
  await Promise.race([
    Promise.all(devices.map((device) => device.stop())),
    new Promise((resolve) => setTimeout(resolve, 30_000)),
  ]);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
