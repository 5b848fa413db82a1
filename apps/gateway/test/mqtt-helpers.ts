import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

/** Connects or rejects with the broker's refusal (no reconnect loop in tests). */
export function connectClient(url: string, options: IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 5_000, ...options });
    client.once('connect', () => {
      client.removeAllListeners('error');
      client.on('error', () => undefined);
      resolve(client);
    });
    client.once('error', (error) => {
      client.end(true);
      reject(error);
    });
    client.once('close', () => reject(new Error('connection closed before CONNACK')));
  });
}

/** Granted QoS per filter (128 = refused). */
export async function subscribeGranted(client: MqttClient, filter: string): Promise<number> {
  try {
    const granted = await client.subscribeAsync(filter, { qos: 1 });
    return granted[0]?.qos ?? -1;
  } catch (error) {
    // MQTT.js 5 rejects a SUBACK that refuses a filter (0x80).
    const packet = (error as { packet?: { granted?: unknown[] } }).packet;
    const code = packet?.granted?.[0];
    if (typeof code === 'number') return code;
    throw error;
  }
}

/** Resolves with the first message on `topic` (exact match) received by `client`. */
export function nextMessageOn(client: MqttClient, topic: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const onMessage = (t: string, payload: Buffer) => {
      if (t !== topic) return;
      client.off('message', onMessage);
      resolve(payload);
    };
    client.on('message', onMessage);
  });
}

/** Every topic a client receives, in order. */
export function recordTopics(client: MqttClient): string[] {
  const seen: string[] = [];
  client.on('message', (t) => seen.push(t));
  return seen;
}
