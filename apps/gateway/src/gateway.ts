import { randomBytes } from 'node:crypto';
import { SESSION_OPTIONS } from '@lockstep/db/session';
import pg from 'pg';
import { type TGatewayConfig } from '@lockstep/config';
import { cloudSubscriptions } from '@lockstep/lock-protocol';
import { OutboxRelay, QueueName, queueClasses } from '@lockstep/queue';
import { EmbeddedBroker } from './broker/embedded-broker.js';
import { CommandOutcomeService } from './commands/command-acks.service.js';
import { CommandDispatcher } from './commands/command-dispatcher.js';
import { startCommandWorker, type WorkerConstructor } from './commands/command-worker.js';
import { CommandsRepository } from './commands/commands.repository.js';
import { PublisherPool } from './commands/publisher-pool.js';
import { DeviceRegistry, PgDeviceSource } from './devices/device-registry.js';
import { QueueDomainEventBus, type DomainEventBus, type QueueLike } from './events/domain-event-bus.js';
import { HttpServer, type HealthReport } from '@lockstep/ops-http';
import { IngestRepository } from './ingest/ingest.repository.js';
import { IngestService } from './ingest/ingest.service.js';
import { Rejections } from './ingest/rejections.js';
import { MessageRouter } from './mqtt/message-router.js';
import { IngestConnection, PublisherConnection, type BrokerEndpoint } from './mqtt/mqtt-connections.js';
import { systemClock, type Clock } from './observability/clock.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createMetrics, type GatewayMetrics } from './observability/metrics.js';
import { PresenceRepository } from './presence/presence.repository.js';
import { PresenceService } from './presence/presence.service.js';

/** Default service account of the embedded broker when MQTT_USERNAME is unset. */
export const DEFAULT_SERVICE_USERNAME = 'svc.gateway';

interface BullQueue extends QueueLike {
  close(): Promise<void>;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}
type BullQueueConstructor = new (name: string, opts: { connection: unknown; prefix: string }) => BullQueue;

export interface GatewayOverrides {
  clock?: Clock;
  logger?: Logger;
  metrics?: GatewayMetrics;
  /** Replace the BullMQ queues the outbox relay (and best-effort telemetry events) deliver to (tests, the benchmark). */
  bus?: DomainEventBus;
  /** Skip the commands worker (benchmark). */
  commands?: boolean;
  /** Skip the HTTP endpoint (tests). */
  http?: boolean;
}

export interface Gateway {
  readonly metrics: GatewayMetrics;
  readonly ingest: IngestService;
  readonly presence: PresenceService;
  readonly router: MessageRouter;
  readonly dispatcher: CommandDispatcher;
  readonly embeddedBroker: EmbeddedBroker | undefined;
  readonly httpPort: number | undefined;
  health(): Promise<HealthReport>;
  stop(): Promise<void>;
}

/**
 * Builds and starts one gateway instance: (embedded broker), ingest connections in the shared group,
 * the rate-limited publisher pool, the commands worker, presence sweeps, /health and /metrics.
 */
export async function startGateway(
  config: TGatewayConfig,
  overrides: GatewayOverrides = {},
): Promise<Gateway> {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const metrics = overrides.metrics ?? createMetrics({ defaultMetrics: true });
  const pool = new pg.Pool({
    connectionString: config.DATABASE_URL,
    max: config.DATABASE_POOL_SIZE,
    application_name: `lockstep-gateway-${config.GATEWAY_INSTANCE_ID}`,
    options: SESSION_OPTIONS,
  });
  pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection error'));
  const closers: (() => Promise<void>)[] = [() => pool.end()];
  const stop = async () => {
    for (const close of closers.reverse()) {
      await close().catch((error: unknown) => logger.warn({ err: error }, 'error while stopping'));
    }
  };

  try {
    const queues = queueClasses(config);
    // BullMQ does not close a connection it was given: the Redis client is ours to quit (last).
    closers.push(async () => {
      const redis = queues.connection as { quit?: () => Promise<unknown> };
      if (typeof redis.quit === 'function') await redis.quit();
    });
    let bus = overrides.bus;
    let commandsQueue: BullQueue | undefined;
    if (!bus || overrides.commands !== false) {
      // One constructor type for both backends (the union of Redis and Postgres classes is not callable).
      const Queue = queues.Queue as unknown as BullQueueConstructor;
      const options = { connection: queues.connection, prefix: queues.prefix };
      const domainEvents = new Queue(QueueName.domainEvents, options);
      const reconcile = new Queue(QueueName.reconcile, options);
      const commands = new Queue(QueueName.commands, options);
      commandsQueue = commands;
      closers.push(async () => {
        await Promise.all([domainEvents.close(), reconcile.close(), commands.close()]);
      });
      bus ??= new QueueDomainEventBus(domainEvents, reconcile);
    }

    // The outbox relay for the queues this gateway writes (domain-events, reconcile): events, states,
    // presence and command outcomes are written to `outbox` in their own transactions, and reach
    // BullMQ from here (or from any other relay, the worker's included: batches are leased through
    // `outbox.claimed_until`, no transaction is held across Redis).
    const relay = new OutboxRelay(pool, bus.relayQueues(), {
      idleMs: 100,
      onRelayed: (count) => metrics.outboxRelayed.inc(count),
      onError: (error) => {
        metrics.outboxErrors.inc();
        logger.warn({ err: error }, 'outbox relay failed; rows stay and are retried');
      },
    });
    relay.start();
    closers.push(async () => {
      await relay.stop();
      // One last pass, so a clean shutdown leaves nothing waiting (the final ingest flush ran before).
      await relay
        .relayOnce()
        .catch((error: unknown) => logger.warn({ err: error }, 'final outbox pass failed'));
    });
    const committed = () => relay.kick();

    const rejections = new Rejections(metrics, logger);
    const registry = new DeviceRegistry(new PgDeviceSource(pool), clock, config.GATEWAY_REGISTRY_TTL_MS);

    // Embedded dev broker, with its own service account for this gateway's connections.
    let embeddedBroker: EmbeddedBroker | undefined;
    const serviceUsername = config.MQTT_USERNAME ?? DEFAULT_SERVICE_USERNAME;
    let servicePassword = config.MQTT_PASSWORD;
    if (config.GATEWAY_EMBEDDED_BROKER_PORT !== undefined) {
      servicePassword ??= randomBytes(24).toString('base64url');
      embeddedBroker = new EmbeddedBroker({
        port: config.GATEWAY_EMBEDDED_BROKER_PORT,
        registry,
        serviceAccounts: new Map([[serviceUsername, servicePassword]]),
        logger: logger.child({ component: 'embedded-broker' }),
        metrics,
      });
      await embeddedBroker.start();
      closers.push(() => embeddedBroker?.stop() ?? Promise.resolve());
    }
    const embedded = embeddedBroker !== undefined;
    const endpoint: BrokerEndpoint = {
      url: config.MQTT_URL,
      username: embedded ? serviceUsername : config.MQTT_USERNAME,
      password: servicePassword,
      // Aedes speaks MQTT 3.1.1 only.
      protocolVersion: embedded ? 4 : (config.GATEWAY_MQTT_PROTOCOL as 4 | 5),
    };

    const presence = new PresenceService(
      new PresenceRepository(pool),
      clock,
      metrics,
      logger,
      { timeoutMs: config.GATEWAY_PRESENCE_TIMEOUT_MS },
      committed,
    );
    const ingest = new IngestService(
      new IngestRepository(pool),
      registry,
      presence,
      bus,
      clock,
      metrics,
      logger,
      rejections,
      {
        batchSize: config.GATEWAY_BATCH_SIZE,
        batchMaxWaitMs: config.GATEWAY_BATCH_MAX_WAIT_MS,
        batchConcurrency: config.GATEWAY_BATCH_CONCURRENCY,
        telemetryEvents: config.GATEWAY_TELEMETRY_EVENTS,
        trustFirstPublicKey: config.NODE_ENV !== 'production',
      },
      committed,
    );
    const commandsRepository = new CommandsRepository(pool);
    const outcomes = new CommandOutcomeService(
      commandsRepository,
      clock,
      metrics,
      logger,
      rejections,
      committed,
    );
    const router = new MessageRouter(registry, ingest, outcomes, rejections, metrics, logger);

    // Publishers first, so a command job never finds an empty pool.
    const publishers = Array.from(
      { length: config.GATEWAY_PUBLISH_CONNECTIONS },
      (_, i) => new PublisherConnection(endpoint, `${config.GATEWAY_INSTANCE_ID}-pub-${i}`, logger, metrics),
    );
    closers.push(async () => {
      await Promise.all(publishers.map((p) => p.close()));
    });
    await Promise.all(publishers.map((p) => p.connect()));
    const publisherPool = new PublisherPool(publishers, clock, config.GATEWAY_PUBLISH_RATE_PER_CONNECTION);
    const dispatcher = new CommandDispatcher(
      commandsRepository,
      publisherPool,
      outcomes,
      clock,
      metrics,
      logger,
      {
        ackTimeoutMs: config.GATEWAY_ACK_TIMEOUT_MS,
        maxAttempts: config.GATEWAY_COMMAND_MAX_ATTEMPTS,
        retryBaseMs: config.GATEWAY_COMMAND_RETRY_BASE_MS,
      },
    );

    presence.start();
    closers.push(() => presence.stop());
    closers.push(() => ingest.close());

    // Shared subscriptions split the fleet over every ingest connection of every gateway; Aedes has none,
    // so the embedded broker's single gateway subscribes directly, over one connection.
    const shared = config.GATEWAY_SHARED_SUBSCRIPTIONS && !embedded;
    const filters = cloudSubscriptions(shared ? config.GATEWAY_SHARE_GROUP : undefined);
    const ingestCount = shared ? config.GATEWAY_INGEST_CONNECTIONS : 1;
    const ingestConnections = Array.from(
      { length: ingestCount },
      (_, i) =>
        new IngestConnection(
          endpoint,
          `${config.GATEWAY_INSTANCE_ID}-in-${i}`,
          filters,
          (topic, payload) => router.handle(topic, payload),
          logger,
          metrics,
        ),
    );
    closers.push(async () => {
      await Promise.all(ingestConnections.map((c) => c.close()));
    });
    await Promise.all(ingestConnections.map((c) => c.connect()));

    if (overrides.commands !== false) {
      const worker = startCommandWorker(
        queues.Worker as unknown as WorkerConstructor,
        queues.connection,
        queues.prefix,
        dispatcher,
        logger,
      );
      closers.push(() => worker.close());
      const depthTimer = setInterval(() => {
        commandsQueue
          ?.getJobCounts('waiting', 'delayed', 'active')
          .then((counts) => {
            for (const [state, count] of Object.entries(counts)) {
              metrics.queueDepth.set({ queue: `${QueueName.commands}.${state}` }, count);
            }
          })
          .catch(() => undefined);
      }, 5_000);
      depthTimer.unref();
      closers.push(() => Promise.resolve(clearInterval(depthTimer)));
    }

    const health = async (): Promise<HealthReport> => {
      const checks: HealthReport['checks'] = {};
      try {
        await pool.query('SELECT 1');
        checks.database = { ok: true };
      } catch (error) {
        checks.database = { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
      const upIngest = ingestConnections.filter((c) => c.client.connected).length;
      checks.mqttIngest = { ok: upIngest > 0, detail: `${upIngest}/${ingestConnections.length} connected` };
      const upPublish = publishers.filter((p) => p.isConnected()).length;
      checks.mqttPublish = { ok: upPublish > 0, detail: `${upPublish}/${publishers.length} connected` };
      return { ok: Object.values(checks).every((c) => c.ok), checks };
    };

    let httpPort: number | undefined;
    if (overrides.http !== false) {
      const http = new HttpServer(metrics.registry, health);
      httpPort = await http.listen(config.GATEWAY_HTTP_PORT);
      closers.push(() => http.close());
    }
    logger.info(
      { instance: config.GATEWAY_INSTANCE_ID, filters, embedded, httpPort, ingestConnections: ingestCount },
      'gateway started',
    );
    return { metrics, ingest, presence, router, dispatcher, embeddedBroker, httpPort, health, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
