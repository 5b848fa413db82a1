import { type TCapabilityProfile, type TRandomSource } from '@lockstep/lock-protocol';
import { type TClock } from '../clock/clock.js';
import { DeviceLink, type TDeviceLinkOptions } from '../connectivity/device-link.js';
import { type TMqttTransport } from '../connectivity/transport.js';
import { type TBatteryDrain } from '../capabilities/battery.js';
import { LockFirmware } from '../firmware/lock-firmware.js';
import { type TLockKeys } from '../firmware/lock-crypto.js';
import { type TLogger } from '../logging/logger.js';
import { type TNvmStore } from '../nvm/nvm-store.js';

export interface TLockDeviceOptions {
  deviceId: string;
  profile: Readonly<TCapabilityProfile>;
  clock: TClock;
  store: TNvmStore;
  transport: TMqttTransport;
  logger: TLogger;
  commissioningKeys?: () => TLockKeys;
  batteryDrain?: TBatteryDrain;
  telemetryIntervalMs?: number;
  stateHeartbeatMs?: number;
  rssiDbm?: () => number | null;
  random?: TRandomSource;
  link?: Partial<Omit<TDeviceLinkOptions, 'firmware' | 'transport' | 'clock' | 'logger'>>;
}

/** A lock as it runs: the firmware, booted from its memory, and its link to the broker. */
export interface TLockDevice {
  firmware: LockFirmware;
  link: DeviceLink;
  /** Goes offline on purpose (retained `offline`), then powers down. */
  stop(): Promise<void>;
}

export async function startLockDevice(options: TLockDeviceOptions): Promise<TLockDevice> {
  const firmware = await LockFirmware.boot({
    deviceId: options.deviceId,
    profile: options.profile,
    clock: options.clock,
    store: options.store,
    ...(options.commissioningKeys === undefined ? {} : { commissioningKeys: options.commissioningKeys }),
    ...(options.batteryDrain === undefined ? {} : { batteryDrain: options.batteryDrain }),
    ...(options.telemetryIntervalMs === undefined
      ? {}
      : { telemetryIntervalMs: options.telemetryIntervalMs }),
    ...(options.stateHeartbeatMs === undefined ? {} : { stateHeartbeatMs: options.stateHeartbeatMs }),
    ...(options.rssiDbm === undefined ? {} : { rssiDbm: options.rssiDbm }),
    ...(options.random === undefined ? {} : { random: options.random }),
  });
  firmware.observe({
    storageError: (error) =>
      options.logger.error({ deviceId: options.deviceId, err: error }, 'NVM write failed'),
  });
  const link = new DeviceLink({
    ...options.link,
    firmware,
    transport: options.transport,
    clock: options.clock,
    logger: options.logger,
  });
  link.start();
  return {
    firmware,
    link,
    stop: async () => {
      await link.stop();
      await firmware.stop();
    },
  };
}
