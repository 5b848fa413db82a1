import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buttonSequence, codeRulesFor, generateCode, type TCapabilityProfile } from '@lockstep/lock-protocol';
import { type TClock } from '../clock/clock.js';
import { withCredentials, type TBrokerEndpoint } from '../connectivity/broker-endpoint.js';
import { createTransport } from '../connectivity/transport-factory.js';
import { type TTransportName } from '../connectivity/transport.js';
import { ControlServer } from '../control/control-server.js';
import { fleetSocketPath } from '../control/control-protocol.js';
import { startLockDevice, type TLockDevice } from '../device/lock-device.js';
import { seededLockKeys } from '../firmware/lock-crypto.js';
import { type TLogger } from '../logging/logger.js';
import { FileNvmStore } from '../nvm/file-nvm-store.js';
import { MemoryNvmStore, type TNvmStore } from '../nvm/nvm-store.js';
import { DEFAULT_BATTERY_DRAIN } from '../capabilities/battery.js';
import { FleetStats } from './fleet-stats.js';
import { ResidentTraffic, type TTrafficProfile } from './resident-traffic.js';
import { SeededRandom } from './seeded-random.js';

export interface TFleetOptions {
  deviceIds: string[];
  profile: Readonly<TCapabilityProfile>;
  endpoint: TBrokerEndpoint;
  transport: TTransportName;
  /** Per-device broker login; undefined entries use the endpoint's own (or anonymous). */
  credentials: (deviceId: string) => { username: string; password: string } | undefined;
  clock: TClock;
  logger: TLogger;
  seed: string;
  stateDir: string;
  /** `memory`: nothing written (benchmarks, throwaway runs). */
  nvm: 'file' | 'memory';
  traffic: TTrafficProfile | undefined;
  telemetryIntervalMs: number;
  persistentSession: boolean;
  /** Battery drain multiplier, to watch batteries fall within a demo. */
  drainFactor: number;
  /** Locks started per second (a fleet does not all power up in the same millisecond). */
  startRatePerSecond: number;
  /** Open the control socket (for `lockstep-edge keypad`). */
  control: boolean;
  /**
   * A lock that boots with no code gets a primary programmed at the door with the program button, as
   * an installer would: without a cloud to install codes, residents have something to type.
   */
  programCodes: boolean;
}

export interface TRunningFleet {
  devices: Map<string, TLockDevice>;
  stats: FleetStats;
  summary(): string;
  stop(): Promise<void>;
}

/**
 * N locks in one process, each a full firmware with its own memory, keys and link, sharing one
 * transport instance (one aws-crt event loop group, or one MQTT.js module). Keys come from the seed,
 * so the cloud's demo data can register the same public keys; `registrations.json` in the state
 * directory lists them.
 */
export async function startFleet(options: TFleetOptions): Promise<TRunningFleet> {
  const stats = new FleetStats();
  const devices = new Map<string, TLockDevice>();
  const traffic: ResidentTraffic[] = [];
  const transports = new Map<string, ReturnType<typeof createTransport>>();
  const startedAt = options.clock.now();
  let stopping = false;

  if (options.nvm === 'file') await mkdir(options.stateDir, { recursive: true, mode: 0o700 });
  const control = options.control
    ? new ControlServer(fleetSocketPath(options.stateDir), (id) => devices.get(id))
    : undefined;
  await control?.listen();

  const transportFor = (deviceId: string) => {
    const login = options.credentials(deviceId);
    if (login === undefined) {
      let shared = transports.get('');
      if (shared === undefined) {
        shared = createTransport(options.transport, options.endpoint);
        transports.set('', shared);
      }
      return shared;
    }
    return createTransport(
      options.transport,
      withCredentials(options.endpoint, login.username, login.password),
    );
  };

  const startOne = async (deviceId: string): Promise<void> => {
    const random = new SeededRandom(`${options.seed}\n${deviceId}`);
    const store: TNvmStore =
      options.nvm === 'file'
        ? new FileNvmStore(options.stateDir, deviceId, { fsync: false })
        : new MemoryNvmStore();
    const firstBoot = (await store.load()) === undefined;
    const device = await startLockDevice({
      deviceId,
      profile: options.profile,
      clock: options.clock,
      store,
      transport: transportFor(deviceId),
      logger: options.logger,
      commissioningKeys: () => seededLockKeys(options.seed, deviceId),
      batteryDrain: {
        perMotorOperation: DEFAULT_BATTERY_DRAIN.perMotorOperation * options.drainFactor,
        perIdleHour: DEFAULT_BATTERY_DRAIN.perIdleHour * options.drainFactor,
      },
      telemetryIntervalMs: options.telemetryIntervalMs,
      stateHeartbeatMs: 3_600_000,
      rssiDbm: () => -55 - random.int(0, 35),
      link: { persistentSession: options.persistentSession, jitter: () => random.next() },
    });
    // A fleet is not all fresh batteries: spread the packs (seeded) on first boot.
    if (firstBoot) device.firmware.setBatteryCharge(0.2 + random.next() * 0.8);
    if (options.programCodes && !device.firmware.slots.hasAnyCode()) programPrimaryAtTheDoor(device, random);
    device.firmware.observe({ message: (message) => stats.recordOutbound(message) });
    device.link.observe({
      connected: () => stats.connected++,
      disconnected: () => stats.connected--,
      published: () => stats.recordPublished(),
      received: () => stats.recordReceived(),
      error: (kind, detail) => {
        stats.recordError();
        options.logger.debug({ deviceId, kind, detail }, 'link error');
      },
    });
    devices.set(deviceId, device);
    if (options.traffic !== undefined) {
      const residents = new ResidentTraffic(
        device,
        options.clock,
        new SeededRandom(`${options.seed}\ntraffic\n${deviceId}`),
        options.traffic,
      );
      residents.start();
      traffic.push(residents);
    }
  };

  const batch = Math.max(1, Math.ceil(options.startRatePerSecond / 10));
  for (let index = 0; index < options.deviceIds.length && !stopping; index += batch) {
    await Promise.all(options.deviceIds.slice(index, index + batch).map(startOne));
    if (index + batch < options.deviceIds.length) await delay(options.clock, 100);
  }

  if (options.nvm === 'file') {
    const registrations = [...devices.values()].map((device) => device.firmware.registration());
    await writeFile(
      join(options.stateDir, 'registrations.json'),
      `${JSON.stringify(registrations, null, 2)}\n`,
      {
        mode: 0o600,
      },
    );
  }

  return {
    devices,
    stats,
    summary: () => {
      const queued = [...devices.values()].reduce((sum, device) => sum + device.link.queued, 0);
      return stats.summaryLine(devices.size, options.clock.now(), startedAt, queued);
    },
    stop: async () => {
      stopping = true;
      for (const residents of traffic) residents.stop();
      await Promise.all([...devices.values()].map((device) => device.stop()));
      await control?.close();
    },
  };
}

function programPrimaryAtTheDoor(device: TLockDevice, random: SeededRandom): void {
  const firmware = device.firmware;
  const code = generateCode(
    6,
    [],
    (bytes) => {
      for (let i = 0; i < bytes.length; i++) bytes[i] = random.int(0, 255);
      return bytes;
    },
    codeRulesFor(firmware.profile),
  );
  firmware.pressProgramButton();
  for (const button of buttonSequence(code)) firmware.pressButton(Number(button));
  firmware.pressLockButton();
}

function delay(clock: TClock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(ms, resolve));
}
