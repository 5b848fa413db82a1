import { rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { type TLockOutbound } from '../firmware/lock-firmware.js';
import { type TLockDevice } from '../device/lock-device.js';
import { describeMessage } from './message-summary.js';
import {
  ZControlRequestSchema,
  type TControlReply,
  type TControlRequest,
  type TLockStatus,
} from './control-protocol.js';

export function lockStatus(device: TLockDevice): TLockStatus {
  const firmware = device.firmware;
  return {
    deviceId: firmware.deviceId,
    connected: device.link.isConnected,
    bolt: firmware.bolt.state(),
    battery: firmware.battery.reading(),
    slotsWithCode: firmware.slots
      .snapshot()
      .filter((entry) => entry.buttons !== null)
      .map((entry) => entry.slot),
    lockoutUntil: firmware.keypad.lockoutUntil(),
    autoLockSeconds: firmware.autoLock.seconds,
    programming: firmware.programButton.slot,
  };
}

/** Applies one control request to a lock. Exported for tests; the server is only framing around it. */
export function applyControlRequest(
  device: TLockDevice,
  request: TControlRequest,
): TControlReply | undefined {
  const firmware = device.firmware;
  switch (request.op) {
    case 'attach':
    case 'status':
      return { kind: 'status', status: lockStatus(device) };
    case 'press':
      firmware.pressButton(request.button);
      return undefined;
    case 'lock-button':
      firmware.pressLockButton();
      return undefined;
    case 'program-button':
      firmware.pressProgramButton();
      return undefined;
    case 'thumbturn':
      firmware.turnThumbturn();
      return undefined;
    case 'jam':
      firmware.injectJam(request.cause);
      return undefined;
    case 'clear-jam':
      firmware.clearJam();
      return undefined;
    case 'replace-batteries':
      firmware.replaceBatteries();
      return undefined;
    case 'set-battery':
      firmware.setBatteryCharge(request.charge);
      return undefined;
    case 'factory-reset':
      firmware.factoryReset();
      return undefined;
    case 'offline':
      void device.link.goOfflineFor(request.seconds * 1000);
      return undefined;
  }
}

/**
 * Serves the control channel on a Unix socket. Each client attaches to one lock and then sees its
 * keypad feedback and the messages it sends, as the person at the door would see the lights.
 */
export class ControlServer {
  #server: Server | undefined;

  constructor(
    private readonly path: string,
    private readonly resolve: (deviceId: string) => TLockDevice | undefined,
  ) {}

  async listen(): Promise<void> {
    await rm(this.path, { force: true });
    const server = createServer((socket) => this.#serve(socket));
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.path, () => resolve());
    });
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(this.path, { force: true });
  }

  #serve(socket: Socket): void {
    let buffer = '';
    let detach: (() => void) | undefined;
    const reply = (message: TControlReply): void => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let newline = buffer.indexOf('\n'); newline !== -1; newline = buffer.indexOf('\n')) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.trim() === '') continue;
        let json: unknown;
        try {
          json = JSON.parse(line);
        } catch {
          reply({ kind: 'error', detail: 'not JSON' });
          continue;
        }
        const parsed = ZControlRequestSchema.safeParse(json);
        if (!parsed.success) {
          reply({ kind: 'error', detail: parsed.error.issues[0]?.message ?? 'invalid request' });
          continue;
        }
        const device = this.resolve(parsed.data.deviceId);
        if (device === undefined) {
          reply({ kind: 'error', detail: `no lock ${parsed.data.deviceId} here` });
          continue;
        }
        if (detach === undefined) {
          detach = device.firmware.observe({
            feedback: (signal) => reply({ kind: 'feedback', ...signal }),
            message: (message: TLockOutbound) =>
              reply({ kind: 'message', summary: describeMessage(message) }),
          });
        }
        const answer = applyControlRequest(device, parsed.data);
        if (answer !== undefined) reply(answer);
      }
    });
    socket.on('close', () => detach?.());
    socket.on('error', () => detach?.());
  }
}
