import { parseArgs } from 'node:util';
import { SystemClock } from '../clock/system-clock.js';
import { describeEndpoint } from '../connectivity/broker-endpoint.js';
import { TransportName } from '../connectivity/transport.js';
import { fleetSocketPath } from '../control/control-protocol.js';
import {
  generatedDeviceIds,
  parseDeviceIds,
  readDeviceIdsFile,
  readPasswordsFile,
  seededBrokerSecret,
} from '../fleet/device-list.js';
import { startFleet } from '../fleet/fleet.js';
import { DEFAULT_TRAFFIC } from '../fleet/resident-traffic.js';
import { createLogger } from '../logging/logger.js';
import {
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  UsageError,
  integerOption,
  numberOption,
  parsingArguments,
  resolveConnection,
} from './cli-options.js';
import { type TCliResult } from './cli-result.js';
import { untilSignal } from './run-command.js';

export const FLEET_USAGE = `lockstep-edge fleet (--count <n> | --devices <id,id,...> | --devices-file <path>) [options]

Runs many locks in one process with realistic traffic: residents typing codes through the day, wrong
codes and the odd guesser (lockouts), exits by the thumb turn, local reprogramming, battery drain and
replacements, jams that get fixed, locks that lose the network for a while. Keys and traffic come from
--seed, so two runs with the same seed behave the same. One summary line per interval on stdout.

Fleet:
  --count <n>               generate ids <prefix>-0001… (default ${'$'}EDGE_FLEET_SIZE)
  --prefix <text>           id prefix for --count (default sim-lock)
  --devices <ids>           comma-separated device ids (default ${'$'}EDGE_DEVICES)
  --devices-file <path>     one id per line
  --passwords <path>        per-device broker secrets (JSON {"id":"secret"} or "id secret" lines; username = id)
  --passwords-from-seed     derive each device's broker secret from the seed (username = id)
  --rate <n>                keypad entries per lock per hour (default ${'$'}EDGE_ENTRIES_PER_LOCK_PER_HOUR or 6; 0: idle)
  --drain-factor <x>        battery drain multiplier (default 1)
  --start-rate <n>          locks started per second (default 500)
  --summary-interval <s>    seconds between summary lines (default ${'$'}EDGE_SUMMARY_INTERVAL_SECONDS or 10)
  --duration <s>            stop after this long (default: until SIGINT/SIGTERM)
  --memory-nvm              keep memory in RAM only (nothing written to the state dir)
  --program-codes           a lock with no code gets a primary programmed locally (program button) at first
                            start, so residents can use the keypad without a cloud installing codes

The fleet writes <state-dir>/registrations.json (device id, model, public key, fingerprint key per lock) and
serves <state-dir>/fleet.sock for \`lockstep-edge keypad --device <id>\`. Default transport: mqttjs-311.

${CONNECTION_USAGE}`;

export async function fleetCommand(argv: string[]): Promise<TCliResult> {
  const { values } = parsingArguments(() =>
    parseArgs({
      args: argv,
      options: {
        ...CONNECTION_OPTIONS,
        count: { type: 'string' },
        prefix: { type: 'string' },
        devices: { type: 'string' },
        'devices-file': { type: 'string' },
        passwords: { type: 'string' },
        'passwords-from-seed': { type: 'boolean' },
        rate: { type: 'string' },
        'drain-factor': { type: 'string' },
        'start-rate': { type: 'string' },
        'summary-interval': { type: 'string' },
        duration: { type: 'string' },
        'memory-nvm': { type: 'boolean' },
        'program-codes': { type: 'boolean' },
      },
      strict: true,
    }),
  );
  if (values.help === true) return { exitCode: 0, output: FLEET_USAGE };
  const connection = resolveConnection(values, TransportName.MqttJs311);
  const config = connection.config;
  const seed = connection.seed ?? config.EDGE_SEED;

  let deviceIds: string[];
  try {
    if (values['devices-file'] !== undefined) deviceIds = await readDeviceIdsFile(values['devices-file']);
    else if (values.devices !== undefined) deviceIds = parseDeviceIds(values.devices, /,/);
    else if (values.count !== undefined)
      deviceIds = generatedDeviceIds(integerOption(values.count, 'count', 0, 1), values.prefix);
    else if (config.EDGE_DEVICES !== undefined) deviceIds = parseDeviceIds(config.EDGE_DEVICES, /,/);
    else deviceIds = generatedDeviceIds(config.EDGE_FLEET_SIZE, values.prefix);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (deviceIds.length === 0) throw new UsageError('no devices: give --count, --devices or --devices-file');

  const passwordsFile = values.passwords ?? config.EDGE_PASSWORDS_FILE;
  const passwords = passwordsFile === undefined ? undefined : await readPasswordsFile(passwordsFile);
  const fromSeed = values['passwords-from-seed'] === true;
  const credentials = (deviceId: string) => {
    const secret = fromSeed ? seededBrokerSecret(seed, deviceId) : passwords?.get(deviceId);
    return secret === undefined ? undefined : { username: deviceId, password: secret };
  };

  const logger = createLogger(
    connection.logLevel === 'info' ? 'warn' : connection.logLevel,
    'lockstep-edge-fleet',
  );
  const clock = new SystemClock();
  const summaryIntervalSeconds = integerOption(
    values['summary-interval'],
    'summary-interval',
    config.EDGE_SUMMARY_INTERVAL_SECONDS,
    1,
  );
  const rate = numberOption(values.rate, 'rate', config.EDGE_ENTRIES_PER_LOCK_PER_HOUR);
  process.stdout.write(
    `fleet: ${deviceIds.length} lock(s) ${connection.profile.model} via ${connection.transport} to ${describeEndpoint(connection.endpoint)}, seed ${JSON.stringify(seed)}, ${rate} entries/lock/h\n`,
  );
  const fleet = await startFleet({
    deviceIds,
    profile: connection.profile,
    endpoint: connection.endpoint,
    transport: connection.transport,
    credentials,
    clock,
    logger,
    seed,
    stateDir: connection.stateDir,
    nvm: values['memory-nvm'] === true ? 'memory' : 'file',
    traffic: { ...DEFAULT_TRAFFIC, entriesPerHour: rate },
    telemetryIntervalMs: connection.telemetryIntervalMs,
    persistentSession: connection.persistentSession,
    drainFactor: numberOption(values['drain-factor'], 'drain-factor', 1),
    startRatePerSecond: integerOption(values['start-rate'], 'start-rate', 500, 1),
    control: values['memory-nvm'] !== true,
    programCodes: values['program-codes'] === true,
  });
  if (values['memory-nvm'] !== true) {
    process.stdout.write(
      `fleet: keypad of any lock: lockstep-edge keypad --device <id> --socket ${fleetSocketPath(connection.stateDir)}\n`,
    );
  }
  const summary = setInterval(
    () => process.stdout.write(`${fleet.summary()}\n`),
    summaryIntervalSeconds * 1000,
  );
  const durationSeconds =
    values.duration === undefined ? undefined : integerOption(values.duration, 'duration', 0, 1);
  await Promise.race([
    untilSignal(),
    ...(durationSeconds === undefined
      ? []
      : [new Promise((resolve) => setTimeout(resolve, durationSeconds * 1000))]),
  ]);
  clearInterval(summary);
  process.stdout.write(`${fleet.summary()}\nfleet: stopping\n`);
  await fleet.stop();
  return { exitCode: 0 };
}
