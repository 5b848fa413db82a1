import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { Aedes, type Client } from 'aedes';
import { isDeviceId } from '@lockstep/lock-protocol';
import { verifyDeviceSecret } from '@lockstep/device-credentials';
import { isDeviceEnabled, type DeviceLookup } from '../devices/device-registry.js';
import { type Logger } from '../observability/logger.js';
import { type GatewayMetrics } from '../observability/metrics.js';
import { mayPublish, maySubscribe, type BrokerIdentity } from './broker-policy.js';

export interface EmbeddedBrokerOptions {
  port: number;
  host?: string;
  registry: DeviceLookup;
  /** The gateway's own account(s): username → password. */
  serviceAccounts: ReadonlyMap<string, string>;
  logger: Logger;
  metrics: GatewayMetrics;
}

type AuthError = Error & { returnCode: number };
const BAD_CREDENTIALS = 4;
const NOT_AUTHORIZED = 5;

function authError(message: string, returnCode: number): AuthError {
  return Object.assign(new Error(message), { returnCode });
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * The development broker: Aedes in-process (MQTT 3.1.1 only), with the same rules as the generated
 * Mosquitto config — a device logs in with username = client id = its device id and the secret whose
 * hash the registry holds, and is confined to `lockstep/v1/<its id>/...`; anonymous logins are refused.
 * Aedes has no shared subscriptions, so the single dev gateway subscribes directly.
 */
export class EmbeddedBroker {
  private aedes: Aedes | undefined;
  private server: Server | undefined;
  private readonly identities = new WeakMap<Client, BrokerIdentity>();
  /** Successful verifications, so a reconnect storm does not redo scrypt for every device. */
  private readonly verified = new Map<string, string>();

  constructor(private readonly options: EmbeddedBrokerOptions) {}

  get port(): number {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : this.options.port;
  }

  async start(): Promise<void> {
    const { logger, metrics } = this.options;
    const aedes = await Aedes.createBroker({
      authenticate: (client, username, password, done) => {
        this.authenticate(client, username, password?.toString('utf8')).then(
          (identity) => {
            this.identities.set(client, identity);
            done(null, true);
          },
          (error: AuthError) => {
            metrics.brokerAuthFailures.inc({ kind: 'connect' });
            logger.warn(
              { clientId: client.id, username, reason: error.message },
              'embedded broker refused a login',
            );
            done(error, false);
          },
        );
      },
      authorizePublish: (client, packet, done) => {
        const identity = client ? this.identities.get(client) : undefined;
        // client null: the broker's own publishes ($SYS, wills are checked with their client).
        if (client === null || (identity && mayPublish(identity, packet.topic))) return done(null);
        metrics.brokerAuthFailures.inc({ kind: 'publish' });
        logger.warn(
          { clientId: client.id, topic: packet.topic.slice(0, 300) },
          'embedded broker refused a publish',
        );
        done(new Error('not authorized'));
      },
      authorizeSubscribe: (client, subscription, done) => {
        const identity = this.identities.get(client);
        if (identity && maySubscribe(identity, subscription.topic)) return done(null, subscription);
        metrics.brokerAuthFailures.inc({ kind: 'subscribe' });
        logger.warn(
          { clientId: client.id, filter: subscription.topic.slice(0, 300) },
          'embedded broker refused a subscription',
        );
        done(null, null); // SUBACK 0x80
      },
      // Retained messages and forwards are checked at publish time; nothing else is delivered.
    });
    this.aedes = aedes;
    const server = createServer((socket) => aedes.handle(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    logger.info({ port: this.port }, 'embedded MQTT broker (Aedes, MQTT 3.1.1) listening');
  }

  async stop(): Promise<void> {
    const server = this.server;
    const aedes = this.aedes;
    if (aedes) await new Promise<void>((resolve) => aedes.close(() => resolve()));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async authenticate(
    client: Client,
    username: string | undefined,
    password: string | undefined,
  ): Promise<BrokerIdentity> {
    if (!username || password === undefined) throw authError('anonymous login refused', NOT_AUTHORIZED);
    const service = this.options.serviceAccounts.get(username);
    if (service !== undefined) {
      if (!sameSecret(service, password)) throw authError('bad service credentials', BAD_CREDENTIALS);
      return { kind: 'service', username };
    }
    if (!isDeviceId(username) || client.id !== username) {
      throw authError('device must use its device id as username and client id', NOT_AUTHORIZED);
    }
    const device = await this.options.registry.get(username);
    if (!device || !device.credentialHash) throw authError('unknown device', BAD_CREDENTIALS);
    if (!isDeviceEnabled(device)) throw authError('device disabled', NOT_AUTHORIZED);
    const cacheKey = createHash('sha256').update(`${device.credentialHash}\n${password}`).digest('base64');
    if (this.verified.get(username) !== cacheKey) {
      // scrypt on the libuv pool would be nicer; one login costs ~50 ms and the cache absorbs reconnects.
      if (!verifyDeviceSecret(password, device.credentialHash))
        throw authError('bad device credentials', BAD_CREDENTIALS);
      this.verified.set(username, cacheKey);
    }
    return { kind: 'device', deviceId: username };
  }
}
