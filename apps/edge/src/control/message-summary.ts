import { type TLockOutbound } from '../firmware/lock-firmware.js';

/** One line per message for humans (the keypad tool, `run` logs). Fingerprints shortened; no codes exist here. */
export function describeMessage(message: TLockOutbound): string {
  switch (message.type) {
    case 'event': {
      const { v: _v, type: _t, id: _id, ts: _ts, event, ...rest } = message;
      const details = Object.entries(rest)
        .filter(([, value]) => value !== null)
        .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
        .join(' ');
      return `event ${event}${details === '' ? '' : ` ${details}`}`;
    }
    case 'state': {
      const slots = message.slots
        .map(
          (slot) =>
            `${slot.slot}:${slot.fingerprint === null ? 'empty' : slot.fingerprint.slice(0, 8)}@v${slot.version}`,
        )
        .join(',');
      const lockout =
        message.lockoutUntil === null ? '' : ` lockoutUntil=${new Date(message.lockoutUntil).toISOString()}`;
      return `state (${message.reason}) bolt=${message.bolt} battery=${message.battery.percent}%/${message.battery.millivolts}mV slots=${slots} autoLock=${message.autoLockSeconds}s v${message.desiredVersion}${lockout}`;
    }
    case 'ack':
      return message.result === 'applied'
        ? `ack applied ${message.commandId} v${message.desiredVersion}`
        : `ack rejected ${message.commandId} ${message.reason}${message.detail === null ? '' : ` (${message.detail})`}`;
    case 'telemetry':
      return `telemetry battery=${message.battery.percent}%/${message.battery.millivolts}mV rssi=${message.rssiDbm ?? 'n/a'} uptime=${message.uptimeSeconds}s`;
  }
}
