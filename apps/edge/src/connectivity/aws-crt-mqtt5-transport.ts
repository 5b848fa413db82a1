import { QoS, type TQoS } from '@lockstep/lock-protocol';
import { iot, io, mqtt5 } from 'aws-iot-device-sdk-v2';
import { type TBrokerEndpoint } from './broker-endpoint.js';
import {
  TransportName,
  type TConnectionEvents,
  type TConnectionOptions,
  type TMqttConnection,
  type TMqttTransport,
} from './transport.js';

function crtQos(qos: TQoS): mqtt5.QoS {
  return qos === QoS.AtLeastOnce ? mqtt5.QoS.AtLeastOnce : mqtt5.QoS.AtMostOnce;
}

function crtErrorName(error: { error_name?: string } | undefined): string {
  return error?.error_name ?? 'unknown error';
}

function toBytes(payload: mqtt5.Payload | undefined): Uint8Array {
  if (payload === undefined) return new Uint8Array();
  if (typeof payload === 'string') return new TextEncoder().encode(payload);
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  if (ArrayBuffer.isView(payload))
    return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  return new TextEncoder().encode(JSON.stringify(payload));
}

/**
 * aws-iot-device-sdk-v2's MQTT 5 client. To AWS IoT Core it is built with the SDK's mTLS builder; to a
 * local broker (Mosquitto) it is configured directly, plain TCP when no TLS context is given. The
 * client's own retry is cut short: the first failure or disconnection ends the session (see
 * transport.ts), and `stop()` with a normal-disconnection reason keeps the will from firing on `close`.
 */
export class AwsCrtMqtt5Transport implements TMqttTransport {
  readonly name = TransportName.AwsCrtMqtt5;
  readonly holdsProcessOpen = true;
  #tls: io.ClientTlsContext | undefined;

  constructor(private readonly endpoint: TBrokerEndpoint) {}

  open(options: TConnectionOptions, events: TConnectionEvents): TMqttConnection {
    const connectProperties: mqtt5.ConnectPacket = {
      clientId: options.clientId,
      keepAliveIntervalSeconds: options.keepAliveSeconds,
      sessionExpiryIntervalSeconds: options.persistentSession ? options.sessionExpirySeconds : 0,
      will: {
        topicName: options.will.topic,
        qos: crtQos(options.will.qos),
        payload: Buffer.from(options.will.payload),
        retain: options.will.retain,
      },
    };
    const sessionBehavior = options.persistentSession
      ? mqtt5.ClientSessionBehavior.RejoinAlways
      : mqtt5.ClientSessionBehavior.Clean;
    const client = new mqtt5.Mqtt5Client(this.#config(connectProperties, sessionBehavior, options));

    let finished = false;
    let stopped: (() => void) | undefined;
    const stoppedPromise = new Promise<void>((resolve) => (stopped = resolve));
    client.on('stopped', () => {
      client.close();
      stopped?.();
    });
    const finish = (reason: string, notify: boolean): void => {
      if (finished) return;
      finished = true;
      client.stop();
      if (notify) events.closed(reason);
    };
    client.on('connectionSuccess', (event) =>
      events.connected({ sessionPresent: event.connack.sessionPresent }),
    );
    client.on('connectionFailure', (event) => {
      const name = crtErrorName(event.error);
      // What an MQTT 3.1.1-only broker (the embedded Aedes) makes of an MQTT 5 CONNECT.
      const hint =
        name === 'AWS_ERROR_MQTT5_DECODE_PROTOCOL_ERROR'
          ? ' (an MQTT 3.1.1-only broker? use aws-crt-mqtt311)'
          : '';
      finish(`connect failed: ${name}${hint}`, true);
    });
    client.on('disconnection', (event) => finish(`disconnected: ${crtErrorName(event.error)}`, true));
    client.on('messageReceived', (event) =>
      events.message(event.message.topicName, toBytes(event.message.payload)),
    );
    client.on('error', (error) => finish(`error: ${crtErrorName(error)}`, true));
    client.start();

    return {
      publish: async (topic, payload, qos, retain) => {
        const result = await client.publish({
          topicName: topic,
          qos: crtQos(qos),
          payload: Buffer.from(payload),
          retain,
        });
        if (result !== undefined && (result.reasonCode as number) >= 128) {
          throw new Error(`PUBACK reason ${result.reasonCode}`);
        }
      },
      subscribe: async (filter, qos) => {
        const suback = await client.subscribe({ subscriptions: [{ topicFilter: filter, qos: crtQos(qos) }] });
        const code = suback.reasonCodes[0] ?? 128;
        if (code >= 128) throw new Error(`SUBACK reason ${code} for ${filter}`);
      },
      close: async () => {
        if (!finished) {
          finished = true;
          client.stop({ reasonCode: mqtt5.DisconnectReasonCode.NormalDisconnection });
        }
        await stoppedPromise;
      },
      abort: async () => {
        if (!finished) {
          finished = true;
          client.stop({ reasonCode: mqtt5.DisconnectReasonCode.DisconnectWithWillMessage });
        }
        await stoppedPromise;
      },
    };
  }

  #config(
    connectProperties: mqtt5.ConnectPacket,
    sessionBehavior: mqtt5.ClientSessionBehavior,
    options: TConnectionOptions,
  ): mqtt5.Mqtt5ClientConfig {
    const endpoint = this.endpoint;
    if (endpoint.kind === 'aws-iot') {
      const builder = iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithMtlsFromPath(
        endpoint.host,
        endpoint.certPath,
        endpoint.keyPath,
      );
      if (endpoint.caPath !== undefined) builder.withCertificateAuthorityFromPath(undefined, endpoint.caPath);
      return builder
        .withPort(endpoint.port)
        .withConnectProperties(connectProperties)
        .withSessionBehavior(sessionBehavior)
        .withConnackTimeoutMs(options.connectTimeoutMs)
        .build();
    }
    if (endpoint.username !== undefined) connectProperties.username = endpoint.username;
    if (endpoint.password !== undefined) connectProperties.password = Buffer.from(endpoint.password);
    return {
      hostName: endpoint.host,
      port: endpoint.port,
      connectProperties,
      sessionBehavior,
      connackTimeoutMs: options.connectTimeoutMs,
      socketOptions: new io.SocketOptions(
        io.SocketType.STREAM,
        io.SocketDomain.IPV4,
        options.connectTimeoutMs,
      ),
      // Metrics append the SDK name to the username, which a local broker's password file would refuse.
      disableMetrics: true,
      ...(endpoint.tls ? { tlsCtx: this.#tlsContext(endpoint.caPath) } : {}),
    };
  }

  #tlsContext(caPath: string | undefined): io.ClientTlsContext {
    if (this.#tls === undefined) {
      const tlsOptions = new io.TlsContextOptions();
      if (caPath !== undefined) tlsOptions.ca_filepath = caPath;
      this.#tls = new io.ClientTlsContext(tlsOptions);
    }
    return this.#tls;
  }
}
