import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../test/factories.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { IngestConnection } from './mqtt-connections.js';

const TOPIC = 'lockstep/v1/lock-1/telemetry';

/** A message handed to the ingest handler, stored when the test says so. */
interface Handed {
  text: string;
  store(): void;
}

/** Waits until `condition` holds (polling; fails after eventually's limit). */
const until = (condition: () => boolean) => eventually(() => Promise.resolve(condition()));

/** Lets whatever the sockets have in flight arrive (used only before asserting that something did not). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

// Aedes keeps no in-flight limit: it delivers every queued QoS 1 message at once, as Mosquitto 2.0.11
// was seen to do once PUBACKs come late, so the connection's own window is what holds here.
describe('IngestConnection: PUBACK after the store, in order, with a bounded window', () => {
  let broker: Aedes;
  let server: Server;
  let url: string;
  let publisher: MqttClient;
  let connection: IngestConnection | undefined;
  /** Payloads of the PUBACKs the broker received from the ingest connection, in order. */
  let acked: string[];
  let handed: Handed[];

  beforeEach(async () => {
    broker = await Aedes.createBroker();
    acked = [];
    handed = [];
    broker.on('ack', (packet, client) => {
      if (client?.id.startsWith('ingest-') && packet && 'payload' in packet) {
        acked.push(String(packet.payload));
      }
    });
    server = createServer((socket) => broker.handle(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
    publisher = await mqtt.connectAsync(url, { clientId: 'publisher', protocolVersion: 4 });
  });

  afterEach(async () => {
    for (const h of handed) h.store();
    await connection?.close();
    connection = undefined;
    await publisher.endAsync();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function connect(maxUnstored: number): Promise<IngestConnection> {
    const c = new IngestConnection(
      { url, protocolVersion: 4 },
      `ingest-${Math.random().toString(36).slice(2)}`,
      ['lockstep/v1/+/telemetry'],
      (_topic, payload) =>
        new Promise<void>((resolve) => {
          handed.push({ text: Buffer.from(payload).toString(), store: resolve });
        }),
      createLogger('silent'),
      createMetrics(),
      maxUnstored,
    );
    await c.connect();
    // Subscribed once the broker delivers a first message (the SUBACK is not exposed).
    await publisher.publishAsync(TOPIC, 'probe', { qos: 1 });
    await until(() => handed.length === 1);
    handed.shift()?.store();
    await until(() => acked.length === 1);
    acked.length = 0;
    return c;
  }

  const publish = (texts: string[]) =>
    Promise.all(texts.map((t) => publisher.publishAsync(TOPIC, t, { qos: 1 })));
  const m = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `m${from + i}`);
  const store = (text: string) => handed.find((h) => h.text === text)?.store();

  it('holds each PUBACK until its message is stored and sends them in arrival order', async () => {
    connection = await connect(100);
    await publish(m(0, 5));
    await until(() => handed.length === 5);
    expect(handed.map((h) => h.text)).toEqual(m(0, 5));

    await settle();
    expect(acked).toEqual([]);

    // Stored out of order: m0's PUBACK comes first, so nothing may go before m0 is stored.
    store('m2');
    store('m1');
    await settle();
    expect(acked).toEqual([]);

    store('m0');
    await until(() => acked.length === 3);
    expect(acked).toEqual(['m0', 'm1', 'm2']);

    store('m4');
    store('m3');
    await until(() => acked.length === 5);
    expect(acked).toEqual(m(0, 5));
  });

  it('stops reading at maxUnstored messages not yet stored, and reads on as they are stored', async () => {
    connection = await connect(4);
    await publish(m(0, 10));
    await until(() => handed.length === 4);
    await settle();
    // The broker sent all ten; the connection took four.
    expect(handed.map((h) => h.text)).toEqual(m(0, 4));

    store('m0');
    store('m1');
    await until(() => handed.length === 6);
    await settle();
    expect(handed.map((h) => h.text)).toEqual(m(0, 6));
    expect(acked).toEqual(['m0', 'm1']);

    for (let i = 2; i < 10; i++) {
      await until(() => handed.length > i);
      store(`m${i}`);
    }
    await until(() => acked.length === 10);
    expect(acked).toEqual(m(0, 10));
  });

  it('never sends a PUBACK of the previous connection on the new one: the broker redelivers those', async () => {
    connection = await connect(100);
    await publish(m(0, 3));
    await until(() => handed.length === 3);
    const before = handed.splice(0);

    // The network drops; MQTT.js reconnects to the persistent session, and the broker redelivers.
    (connection.client as unknown as { stream: { destroy(): void } }).stream.destroy();
    await until(() => handed.length === 3);
    expect(handed.map((h) => h.text)).toEqual(m(0, 3));

    for (const h of before) h.store();
    await settle();
    expect(acked).toEqual([]);

    for (const h of handed) h.store();
    await until(() => acked.length === 3);
    expect(acked).toEqual(m(0, 3));
  });

  it('closes under a steady stream: stops reading, stores and acknowledges what it took, disconnects', async () => {
    const c = await connect(100);
    connection = undefined; // closed here
    let publishing = true;
    const stream = (async () => {
      for (let i = 0; publishing; i++) await publisher.publishAsync(TOPIC, `s${i}`, { qos: 1 });
    })();
    // Every message is stored soon after it is handed over, so some are always in flight.
    const storing = setInterval(() => {
      for (const h of handed) h.store();
    }, 1);
    await until(() => handed.length >= 50);
    await c.close();
    const taken = handed.map((h) => h.text);
    clearInterval(storing);
    publishing = false;
    await stream;
    await until(() => acked.length === taken.length);
    expect(acked).toEqual(taken);
  });

  it('a reconnect while the window is full sends no PUBACK of the previous connection', async () => {
    connection = await connect(2);
    await publish(m(0, 5));
    await until(() => handed.length === 2);
    const before = handed.splice(0);

    (connection.client as unknown as { stream: { destroy(): void } }).stream.destroy();
    // The two not stored still fill the window: the new connection takes one message and pauses.
    await until(() => handed.length === 1);
    await settle();
    expect(acked).toEqual([]);

    for (const h of before) h.store();
    for (let i = 0; i < 5; i++) {
      await until(() => handed.length > i);
      handed[i]?.store();
    }
    await until(() => acked.length === 5);
    expect(acked).toEqual(m(0, 5));
  });
});
