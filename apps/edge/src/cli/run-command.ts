import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isDeviceId } from '@lockstep/lock-protocol';
import { SystemClock } from '../clock/system-clock.js';
import { describeEndpoint } from '../connectivity/broker-endpoint.js';
import { createTransport } from '../connectivity/transport-factory.js';
import { TransportName } from '../connectivity/transport.js';
import { ControlServer } from '../control/control-server.js';
import { lockSocketPath } from '../control/control-protocol.js';
import { describeMessage } from '../control/message-summary.js';
import { startLockDevice } from '../device/lock-device.js';
import { seededLockKeys } from '../firmware/lock-crypto.js';
import { createLogger } from '../logging/logger.js';
import { FileNvmStore } from '../nvm/file-nvm-store.js';
import {
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  UsageError,
  parsingArguments,
  resolveConnection,
} from './cli-options.js';
import { type TCliResult } from './cli-result.js';

export const RUN_USAGE = `lockstep-edge run --device <id> [options]

Runs one lock: its firmware, its non-volatile memory in <state-dir>/<id>.nvm.json, and its MQTT link
(aws-iot-device-sdk-v2's MQTT 5 client by default). On first start the lock is commissioned: it makes its
key pair and fingerprint key and prints its registration (JSON, stdout), also kept in
<state-dir>/<id>.registration.json. Press its buttons with \`lockstep-edge keypad --device <id>\`.

${CONNECTION_USAGE}`;

export async function runCommand(argv: string[]): Promise<TCliResult> {
  const { values } = parsingArguments(() =>
    parseArgs({ args: argv, options: { ...CONNECTION_OPTIONS, device: { type: 'string' } }, strict: true }),
  );
  if (values.help === true) return { exitCode: 0, output: RUN_USAGE };
  const deviceId = values.device;
  if (deviceId === undefined || !isDeviceId(deviceId))
    throw new UsageError('--device <id> is required ([A-Za-z0-9_-], ≤ 64)');
  const connection = resolveConnection(values, TransportName.AwsCrtMqtt5);
  const logger = createLogger(connection.logLevel);
  const store = new FileNvmStore(connection.stateDir, deviceId);
  const commissioning = (await store.load()) === undefined;
  const transport = createTransport(connection.transport, connection.endpoint);
  const seed = connection.seed;
  const device = await startLockDevice({
    deviceId,
    profile: connection.profile,
    clock: new SystemClock(),
    store,
    transport,
    logger,
    telemetryIntervalMs: connection.telemetryIntervalMs,
    stateHeartbeatMs: 3_600_000,
    ...(seed === undefined ? {} : { commissioningKeys: () => seededLockKeys(seed, deviceId) }),
    link: { persistentSession: connection.persistentSession },
  });
  if (commissioning) {
    const registration = JSON.stringify(device.firmware.registration(), null, 2);
    await mkdir(connection.stateDir, { recursive: true });
    await writeFile(join(connection.stateDir, `${deviceId}.registration.json`), `${registration}\n`, {
      mode: 0o600,
    });
    process.stdout.write(`${registration}\n`);
  }
  device.firmware.observe({ message: (message) => logger.info({ deviceId }, describeMessage(message)) });
  device.link.observe({
    connected: () => logger.info({ deviceId, session: device.link.session }, 'online'),
    disconnected: (reason) => logger.warn({ deviceId, reason }, 'offline'),
  });
  const control = new ControlServer(lockSocketPath(connection.stateDir, deviceId), (id) =>
    id === deviceId ? device : undefined,
  );
  await control.listen();
  logger.info(
    {
      deviceId,
      broker: describeEndpoint(connection.endpoint),
      transport: transport.name,
      model: connection.profile.model,
    },
    `lock running; press its buttons with: lockstep-edge keypad --device ${deviceId} --state-dir ${connection.stateDir}`,
  );
  await untilSignal();
  logger.info({ deviceId }, 'stopping');
  await device.stop();
  await control.close();
  return { exitCode: 0 };
}

/** Resolves on SIGINT or SIGTERM. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
