import { QoS, type TQoS } from '@lockstep/lock-protocol';
import { iot, io, mqtt } from 'aws-iot-device-sdk-v2';
import { type TBrokerEndpoint } from './broker-endpoint.js';
import {
  TransportName,
  type TConnectionEvents,
  type TConnectionOptions,
  type TMqttConnection,
  type TMqttTransport,
} from './transport.js';

function crtQos(qos: TQoS): mqtt.QoS {
  return qos === QoS.AtLeastOnce ? mqtt.QoS.AtLeastOnce : mqtt.QoS.AtMostOnce;
}

/**
 * aws-iot-device-sdk-v2's MQTT 3.1.1 client, for brokers that speak only 3.1.1 (the embedded Aedes).
 * It needs explicit `socket_options`. Its `connect()` rejects on a first failure without retrying, and
 * after an `interrupt` it would reconnect by itself with the same will: the session ends there instead
 * and the device link reconnects (see transport.ts).
 */
export class AwsCrtMqtt311Transport implements TMqttTransport {
  readonly name = TransportName.AwsCrtMqtt311;
  readonly holdsProcessOpen = true;
  #client: mqtt.MqttClient | undefined;

  constructor(private readonly endpoint: TBrokerEndpoint) {}

  open(options: TConnectionOptions, events: TConnectionEvents): TMqttConnection {
    this.#client ??= new mqtt.MqttClient();
    const connection = this.#client.new_connection(this.#config(options));
    let finished = false;
    const finish = (reason: string): void => {
      if (finished) return;
      finished = true;
      events.closed(reason);
      connection.disconnect().catch(() => undefined);
    };
    connection.on('connection_success', (result) =>
      events.connected({ sessionPresent: result.session_present }),
    );
    connection.on('interrupt', (error) => finish(`interrupted: ${String(error)}`));
    connection.on('message', (topic, payload) => events.message(topic, new Uint8Array(payload)));
    connection.on('error', (error) => finish(`error: ${String(error)}`));
    connection.connect().catch((error: unknown) => finish(`connect failed: ${String(error)}`));

    return {
      publish: async (topic, payload, qos, retain) => {
        await connection.publish(topic, payload, crtQos(qos), retain);
      },
      subscribe: async (filter, qos) => {
        const granted = await connection.subscribe(filter, crtQos(qos));
        if (granted.error_code !== undefined && granted.error_code !== 0) {
          throw new Error(`subscribe to ${filter} failed (${granted.error_code})`);
        }
        if ((granted.qos as number) === 128) throw new Error(`SUBACK refused ${filter}`);
      },
      close: async () => {
        if (finished) return;
        finished = true;
        await connection.disconnect();
      },
      abort: async () => {
        if (finished) return;
        finished = true;
        await connection.disconnect();
      },
    };
  }

  #config(options: TConnectionOptions): mqtt.MqttConnectionConfig {
    const will = new mqtt.MqttWill(
      options.will.topic,
      crtQos(options.will.qos),
      Buffer.from(options.will.payload),
      options.will.retain,
    );
    const endpoint = this.endpoint;
    if (endpoint.kind === 'aws-iot') {
      const builder = iot.AwsIotMqttConnectionConfigBuilder.new_mtls_builder_from_path(
        endpoint.certPath,
        endpoint.keyPath,
      );
      if (endpoint.caPath !== undefined)
        builder.with_certificate_authority_from_path(undefined, endpoint.caPath);
      return builder
        .with_endpoint(endpoint.host)
        .with_port(endpoint.port)
        .with_client_id(options.clientId)
        .with_clean_session(!options.persistentSession)
        .with_keep_alive_seconds(options.keepAliveSeconds)
        .with_will(will)
        .build();
    }
    let tls: io.ClientTlsContext | undefined;
    if (endpoint.tls) {
      const tlsOptions = new io.TlsContextOptions();
      if (endpoint.caPath !== undefined) tlsOptions.ca_filepath = endpoint.caPath;
      tls = new io.ClientTlsContext(tlsOptions);
    }
    return {
      client_id: options.clientId,
      host_name: endpoint.host,
      port: endpoint.port,
      clean_session: !options.persistentSession,
      keep_alive: options.keepAliveSeconds,
      will,
      socket_options: new io.SocketOptions(
        io.SocketType.STREAM,
        io.SocketDomain.IPV4,
        options.connectTimeoutMs,
      ),
      // Metrics append the SDK name to the username, which a local broker's password file would refuse.
      disable_metrics: true,
      ...(endpoint.username === undefined ? {} : { username: endpoint.username }),
      ...(endpoint.password === undefined ? {} : { password: endpoint.password }),
      ...(tls === undefined ? {} : { tls_ctx: tls }),
    };
  }
}
