import { AwsCrtMqtt311Transport } from './aws-crt-mqtt311-transport.js';
import { AwsCrtMqtt5Transport } from './aws-crt-mqtt5-transport.js';
import { type TBrokerEndpoint } from './broker-endpoint.js';
import { MqttJsTransport } from './mqttjs-transport.js';
import { TransportName, type TMqttTransport, type TTransportName } from './transport.js';

export const TRANSPORT_NAMES = Object.values(TransportName) as [TTransportName, ...TTransportName[]];

export function createTransport(name: TTransportName, endpoint: TBrokerEndpoint): TMqttTransport {
  switch (name) {
    case TransportName.AwsCrtMqtt5:
      return new AwsCrtMqtt5Transport(endpoint);
    case TransportName.AwsCrtMqtt311:
      return new AwsCrtMqtt311Transport(endpoint);
    case TransportName.MqttJs5:
      return new MqttJsTransport(endpoint, 5);
    case TransportName.MqttJs311:
      return new MqttJsTransport(endpoint, 4);
  }
}
