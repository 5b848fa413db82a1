import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import mqtt, { type MqttClient } from 'mqtt';
import { EXAMPLE_MESSAGES, topics } from '@lockstep/lock-protocol';

/**
 * Simulated locks for the ingest benchmark, in a worker thread so they do not share the event loop
 * with what is measured. Each lock has its own MQTT connection and publishes telemetry and events
 * (3:1) at QoS 1 as fast as the broker acknowledges them, with up to `inflight` unacknowledged.
 */
export interface LoadGeneratorInput {
  url: string;
  locks: { deviceId: string; secret: string }[];
  durationMs: number;
  inflight: number;
}

export interface LoadGeneratorResult {
  /** `deviceId message-id` of every publish the broker acknowledged. */
  acked: string[];
  startedAt: number;
  stoppedAt: number;
}

function payload(
  kind: 'telemetry' | 'event',
  seq: number,
): { topicOf: (d: string) => string; body: () => { id: string; text: string } } {
  if (kind === 'telemetry') {
    return {
      topicOf: topics.telemetry,
      body: () => {
        const id = randomUUID();
        return {
          id,
          text: JSON.stringify({ ...EXAMPLE_MESSAGES.telemetry, id, ts: Date.now(), uptimeSeconds: seq }),
        };
      },
    };
  }
  return {
    topicOf: topics.event,
    body: () => {
      const id = randomUUID();
      return { id, text: JSON.stringify({ ...EXAMPLE_MESSAGES.eventWrongCode, id, ts: Date.now() }) };
    },
  };
}

async function runLock(
  client: MqttClient,
  deviceId: string,
  deadline: number,
  inflight: number,
  acked: string[],
): Promise<void> {
  let seq = 0;
  const worker = async () => {
    while (Date.now() < deadline) {
      const kind = seq % 4 === 3 ? 'event' : 'telemetry';
      const p = payload(kind, seq++);
      const { id, text } = p.body();
      await client.publishAsync(p.topicOf(deviceId), text, { qos: 1 });
      acked.push(`${deviceId} ${id}`);
    }
  };
  await Promise.all(Array.from({ length: inflight }, worker));
}

async function main(input: LoadGeneratorInput): Promise<LoadGeneratorResult> {
  const clients = await Promise.all(
    input.locks.map(
      (lock) =>
        new Promise<MqttClient>((resolve, reject) => {
          const c = mqtt.connect(input.url, {
            clientId: lock.deviceId,
            username: lock.deviceId,
            password: lock.secret,
            reconnectPeriod: 0,
            protocolVersion: 4,
          });
          c.once('connect', () => resolve(c));
          c.once('error', reject);
        }),
    ),
  );
  const acked: string[] = [];
  const startedAt = Date.now();
  const deadline = startedAt + input.durationMs;
  await Promise.all(
    clients.map((c, i) => runLock(c, input.locks[i]?.deviceId ?? '', deadline, input.inflight, acked)),
  );
  const stoppedAt = Date.now();
  await Promise.all(clients.map((c) => c.endAsync()));
  return { acked, startedAt, stoppedAt };
}

if (parentPort) {
  const port = parentPort;
  main(workerData as LoadGeneratorInput).then(
    (result) => port.postMessage({ ok: true, result }),
    (error: unknown) =>
      port.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
}
