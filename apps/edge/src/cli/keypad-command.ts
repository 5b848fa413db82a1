import { access } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadEdgeConfig } from '@lockstep/config';
import { JamCause, isDeviceId, type TJamCause } from '@lockstep/lock-protocol';
import { Feedback } from '../capabilities/keypad-feedback.js';
import { ControlClient } from '../control/control-client.js';
import {
  fleetSocketPath,
  lockSocketPath,
  type TControlReply,
  type TControlRequest,
} from '../control/control-protocol.js';
import { UsageError, parsingArguments } from './cli-options.js';
import { type TCliResult } from './cli-result.js';

export const KEYPAD_USAGE = `lockstep-edge keypad --device <id> [--state-dir <dir>] [--socket <path>] [--keys <keys>]

Press the buttons of a running lock (\`run\`, or one lock of a \`fleet\`) through its local control socket
(<state-dir>/<id>.sock, else <state-dir>/fleet.sock), and watch its keypad lights and the messages it sends.

Keys:
  0-9       the digit's button (1·2 3·4 5·6 7·8 9·0; presses echo as *)
  Enter, l  lock button (a piped newline is ignored)         p  program button (twice quickly: secondary)
  t         thumb turn           s  status
  j         inject a jam (cycles through the causes)      c  clear the jam
  b         fresh batteries      d  drain the battery to 10 %
  o         go offline for 30 s  R  factory reset
  q, Ctrl-C quit

--keys <keys> sends the keys non-interactively (e.g. --keys 135790) and exits after the lock has answered;
piped stdin works the same way.`;

const FEEDBACK_TEXT: Record<string, string> = {
  [Feedback.Beep]: '♪ beep',
  [Feedback.GreenFlash]: '● green',
  [Feedback.RedFlash]: '● red',
  [Feedback.LockedOut]: '● red (keypad locked out)',
  [Feedback.LowBatteryWarning]: '● ● ● red ×3, beep ×3 (low battery)',
  [Feedback.ProgramMode]: '● amber (program mode)',
};

const JAM_CAUSES: readonly TJamCause[] = Object.values(JamCause);

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function render(reply: TControlReply): string {
  switch (reply.kind) {
    case 'feedback':
      return reply.feedback === Feedback.ProgramMode
        ? `${FEEDBACK_TEXT[reply.feedback]}: slot ${reply.slot ?? '?'}`
        : (FEEDBACK_TEXT[reply.feedback] ?? reply.feedback);
    case 'message':
      return `→ ${reply.summary}`;
    case 'status': {
      const s = reply.status;
      return `status: ${s.connected ? 'online' : 'offline'}, bolt ${s.bolt}, battery ${s.battery.percent}% ${s.battery.millivolts} mV, codes in slot(s) ${s.slotsWithCode.join(',') || 'none'}, auto-lock ${s.autoLockSeconds} s${s.lockoutUntil === null ? '' : ', keypad locked out'}${s.programming === null ? '' : `, programming slot ${s.programming}`}`;
    }
    case 'error':
      return `! ${reply.detail}`;
  }
}

export async function keypadCommand(argv: string[]): Promise<TCliResult> {
  const { values } = parsingArguments(() =>
    parseArgs({
      args: argv,
      options: {
        device: { type: 'string' },
        'state-dir': { type: 'string' },
        socket: { type: 'string' },
        keys: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }),
  );
  if (values.help === true) return { exitCode: 0, output: KEYPAD_USAGE };
  const deviceId = values.device;
  if (deviceId === undefined || !isDeviceId(deviceId)) throw new UsageError('--device <id> is required');
  const stateDir = values['state-dir'] ?? loadEdgeConfig().EDGE_STATE_DIR;
  const candidates =
    values.socket !== undefined
      ? [values.socket]
      : [lockSocketPath(stateDir, deviceId), fleetSocketPath(stateDir)];
  let socketPath: string | undefined;
  for (const candidate of candidates) {
    if (await exists(candidate)) {
      socketPath = candidate;
      break;
    }
  }
  if (socketPath === undefined) {
    return { exitCode: 1, output: `no running lock found (looked for ${candidates.join(', ')})` };
  }
  const client = await ControlClient.connect(socketPath);
  let lastReplyAt = Date.now();
  client.onReply((reply) => {
    lastReplyAt = Date.now();
    process.stdout.write(`${render(reply)}\n`);
  });
  const send = (request: TControlRequest) => client.send(request);
  send({ op: 'attach', deviceId });
  let jamIndex = 0;
  let quit = false;
  const handleKey = (key: string): void => {
    if (/^[0-9]$/.test(key)) {
      const digit = Number(key);
      process.stdout.write('*\n');
      send({ op: 'press', deviceId, button: digit === 0 ? 5 : Math.ceil(digit / 2) });
      return;
    }
    switch (key) {
      case '\r':
      case 'l':
        send({ op: 'lock-button', deviceId });
        return;
      case 'p':
        send({ op: 'program-button', deviceId });
        return;
      case 't':
        send({ op: 'thumbturn', deviceId });
        return;
      case 's':
        send({ op: 'status', deviceId });
        return;
      case 'j': {
        const cause = JAM_CAUSES[jamIndex++ % JAM_CAUSES.length] ?? JamCause.ClutchDisengaged;
        process.stdout.write(`(fault: ${cause}; the next motor run stalls)\n`);
        send({ op: 'jam', deviceId, cause });
        return;
      }
      case 'c':
        send({ op: 'clear-jam', deviceId });
        return;
      case 'b':
        send({ op: 'replace-batteries', deviceId });
        return;
      case 'd':
        send({ op: 'set-battery', deviceId, charge: 0.1 });
        return;
      case 'o':
        send({ op: 'offline', deviceId, seconds: 30 });
        return;
      case 'R':
        send({ op: 'factory-reset', deviceId });
        return;
      case 'q':
      case '\u0003':
        quit = true;
        return;
      default:
        return;
    }
  };

  const closed = new Promise<void>((resolve) => client.onClose(resolve));
  const interactive = values.keys === undefined && process.stdin.isTTY;
  if (interactive) {
    process.stdout.write('keypad attached; q to quit\n');
    process.stdin.setRawMode(true);
    process.stdin.setEncoding('utf8');
    await new Promise<void>((resolve) => {
      process.stdin.on('data', (chunk: string) => {
        for (const key of chunk) handleKey(key);
        if (quit) resolve();
      });
      void closed.then(resolve);
    });
    process.stdin.setRawMode(false);
  } else {
    const keys = values.keys ?? (await readStdin());
    for (const key of keys) handleKey(key);
    // Let the lock answer (the motor runs ~0.6 s): leave after a quiet second.
    while (Date.now() - lastReplyAt < 1_000) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  client.close();
  return { exitCode: 0 };
}

async function readStdin(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk as string;
  return text;
}
