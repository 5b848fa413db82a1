import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type TApiConfig } from '@lockstep/config';
import mqtt, { type MqttClient } from 'mqtt';
import { API_CONFIG } from '../config/api-config.module.js';

/**
 * One long-lived MQTT connection whose state the readiness check reports, so probes do not open a
 * connection each time. It reconnects by itself; the API publishes nothing on it (yet).
 */
@Injectable()
export class BrokerConnection implements OnModuleInit, OnApplicationShutdown {
  private client: MqttClient | undefined;
  private lastError: string | undefined;

  constructor(@Inject(API_CONFIG) private readonly config: TApiConfig) {}

  onModuleInit(): void {
    this.client = mqtt.connect(this.config.MQTT_URL, {
      clientId: `lockstep-api-${randomBytes(6).toString('hex')}`,
      username: this.config.MQTT_USERNAME,
      password: this.config.MQTT_PASSWORD,
      protocolVersion: 4,
      reconnectPeriod: 2_000,
      connectTimeout: 5_000,
      clean: true,
    });
    this.client.on('error', (error) => {
      this.lastError = error.message;
    });
    this.client.on('connect', () => {
      this.lastError = undefined;
    });
  }

  /**
   * Resolves when connected; rejects with the last error if not connected within `timeoutMs`
   * (a probe right after boot waits for the first CONNACK instead of failing).
   */
  async ensureConnected(timeoutMs: number): Promise<void> {
    const client = this.client;
    if (!client) throw new Error('broker connection not started');
    if (client.connected) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off('connect', onConnect);
        reject(new Error(this.lastError ?? (client.reconnecting ? 'reconnecting' : 'not connected')));
      }, timeoutMs);
      const onConnect = () => {
        clearTimeout(timer);
        resolve();
      };
      client.once('connect', onConnect);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.endAsync(true);
  }
}
