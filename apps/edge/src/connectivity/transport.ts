import { type TQoS } from '@lockstep/lock-protocol';

/**
 * The seam between the lock and an MQTT client library. A connection is one session: it connects
 * once, and reports `closed` exactly once (failed to connect, or lost after connecting); the device
 * link then opens a new one after a backoff. One session per connection lets every reconnect carry a
 * fresh session id in its will (lock-protocol presence), which client libraries with built-in
 * reconnect cannot do: their will is fixed when the client is built.
 */
export interface TWill {
  topic: string;
  payload: Uint8Array;
  qos: TQoS;
  retain: boolean;
}

export interface TConnectionOptions {
  clientId: string;
  will: TWill;
  keepAliveSeconds: number;
  /**
   * Resume the broker-side session, so QoS 1 commands sent while the lock was offline arrive on
   * reconnect (AWS IoT keeps them an hour by default).
   */
  persistentSession: boolean;
  sessionExpirySeconds: number;
  /** Give up a connection attempt after this long. */
  connectTimeoutMs: number;
}

export interface TConnectionEvents {
  connected(info: { sessionPresent: boolean }): void;
  message(topic: string, payload: Uint8Array): void;
  /** Exactly once per connection; not called after `close()`. */
  closed(reason: string): void;
}

export interface TMqttConnection {
  publish(topic: string, payload: Uint8Array, qos: TQoS, retain: boolean): Promise<void>;
  subscribe(filter: string, qos: TQoS): Promise<void>;
  /** Normal DISCONNECT (the broker drops the will) and release of the client. */
  close(): Promise<void>;
  /**
   * Drops the connection the way a lost radio link would, so the broker publishes the will (fault
   * injection). MQTT 3.1.1 has no way to ask for the will on DISCONNECT: there it is a normal close.
   */
  abort(): Promise<void>;
}

export const TransportName = {
  /** aws-iot-device-sdk-v2's MQTT 5 client (aws-crt). */
  AwsCrtMqtt5: 'aws-crt-mqtt5',
  /** aws-iot-device-sdk-v2's MQTT 3.1.1 client: for 3.1.1-only brokers such as Aedes. */
  AwsCrtMqtt311: 'aws-crt-mqtt311',
  /** MQTT.js 5 speaking MQTT 5: light enough for thousands of locks in one process. */
  MqttJs5: 'mqttjs-5',
  /** MQTT.js 5 speaking MQTT 3.1.1. */
  MqttJs311: 'mqttjs-311',
} as const;
export type TTransportName = (typeof TransportName)[keyof typeof TransportName];

export interface TMqttTransport {
  readonly name: TTransportName;
  open(options: TConnectionOptions, events: TConnectionEvents): TMqttConnection;
  /**
   * True when the library keeps the process alive after every client is closed (aws-crt-nodejs#600):
   * CLIs must then exit explicitly.
   */
  readonly holdsProcessOpen: boolean;
}
