import { connect, type IClientOptions } from 'mqtt';
import { readPem, type TBrokerEndpoint } from './broker-endpoint.js';
import {
  TransportName,
  type TConnectionEvents,
  type TConnectionOptions,
  type TMqttConnection,
  type TMqttTransport,
} from './transport.js';

/**
 * MQTT.js 5 behind the same interface: pure JavaScript, a few tens of kilobytes per connection, so a
 * simulated fleet of thousands fits in one process. Automatic reconnect is off (`reconnectPeriod: 0`):
 * the device link owns reconnects, as with the aws-crt transports.
 */
export class MqttJsTransport implements TMqttTransport {
  readonly name: typeof TransportName.MqttJs5 | typeof TransportName.MqttJs311;
  readonly holdsProcessOpen = false;

  constructor(
    private readonly endpoint: TBrokerEndpoint,
    private readonly protocolVersion: 4 | 5 = 5,
  ) {
    this.name = protocolVersion === 5 ? TransportName.MqttJs5 : TransportName.MqttJs311;
  }

  open(options: TConnectionOptions, events: TConnectionEvents): TMqttConnection {
    const client = connect(this.#clientOptions(options));
    let finished = false;
    let lastError = 'connection closed';
    client.on('connect', (connack) => events.connected({ sessionPresent: connack.sessionPresent }));
    client.on('message', (topic, payload) => events.message(topic, new Uint8Array(payload)));
    client.on('error', (error) => {
      lastError = error.message;
    });
    client.on('close', () => {
      if (finished) return;
      finished = true;
      client.end(true);
      events.closed(lastError);
    });
    return {
      publish: async (topic, payload, qos, retain) => {
        await client.publishAsync(topic, Buffer.from(payload), { qos, retain });
      },
      subscribe: async (filter, qos) => {
        const granted = await client.subscribeAsync(filter, { qos });
        const code = granted[0]?.qos ?? 128;
        if (code >= 128) throw new Error(`SUBACK refused ${filter}`);
      },
      close: async () => {
        if (finished) return;
        finished = true;
        await client.endAsync(false);
      },
      abort: () => {
        if (finished) return Promise.resolve();
        finished = true;
        // Destroying the socket sends no DISCONNECT: the broker publishes the will.
        client.stream.destroy();
        return client.endAsync(true);
      },
    };
  }

  #clientOptions(options: TConnectionOptions): IClientOptions {
    const endpoint = this.endpoint;
    const common: IClientOptions = {
      clientId: options.clientId,
      protocolVersion: this.protocolVersion,
      clean: !options.persistentSession,
      keepalive: options.keepAliveSeconds,
      reconnectPeriod: 0,
      connectTimeout: options.connectTimeoutMs,
      will: {
        topic: options.will.topic,
        payload: Buffer.from(options.will.payload),
        qos: options.will.qos,
        retain: options.will.retain,
      },
      ...(this.protocolVersion === 5 && options.persistentSession
        ? { properties: { sessionExpiryInterval: options.sessionExpirySeconds } }
        : {}),
    };
    if (endpoint.kind === 'aws-iot') {
      return {
        ...common,
        protocol: 'mqtts',
        host: endpoint.host,
        port: endpoint.port,
        key: readPem(endpoint.keyPath),
        cert: readPem(endpoint.certPath),
        ...(endpoint.caPath === undefined ? {} : { ca: readPem(endpoint.caPath) }),
      };
    }
    return {
      ...common,
      protocol: endpoint.tls ? 'mqtts' : 'mqtt',
      host: endpoint.host,
      port: endpoint.port,
      ...(endpoint.username === undefined ? {} : { username: endpoint.username }),
      ...(endpoint.password === undefined ? {} : { password: endpoint.password }),
      ...(endpoint.caPath === undefined ? {} : { ca: readPem(endpoint.caPath) }),
    };
  }
}
