#!/usr/bin/env node
import { ConfigError } from '@lockstep/config';
import { fleetCommand, FLEET_USAGE } from './cli/fleet-command.js';
import { UsageError } from './cli/cli-options.js';
import { identityCommand } from './cli/identity-command.js';
import { keypadCommand, KEYPAD_USAGE } from './cli/keypad-command.js';
import { runCommand, RUN_USAGE } from './cli/run-command.js';
import { type TCliResult } from './cli/cli-result.js';

const USAGE = `lockstep-edge — Lockstep lock firmware and fleet simulator

  lockstep-edge run --device <id> [options]        one lock
  lockstep-edge keypad --device <id> [options]     press a running lock's buttons from the terminal
  lockstep-edge fleet --count <n> [options]        many locks with simulated traffic
  lockstep-edge identity --device <id>             print a commissioned lock's registration

\`lockstep-edge <command> --help\` for a command's options.`;

const COMMANDS: Record<string, (argv: string[]) => Promise<TCliResult>> = {
  run: runCommand,
  keypad: keypadCommand,
  fleet: fleetCommand,
  identity: identityCommand,
};

const COMMAND_USAGE: Record<string, string> = { run: RUN_USAGE, keypad: KEYPAD_USAGE, fleet: FLEET_USAGE };

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`unknown command ${JSON.stringify(name)}\n\n${USAGE}\n`);
    return 2;
  }
  try {
    const result = await command(rest);
    if (result.output !== undefined) process.stdout.write(`${result.output}\n`);
    return result.exitCode;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${COMMAND_USAGE[name] ?? USAGE}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 78;
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

// aws-crt keeps the process alive after its clients are closed (aws-crt-nodejs#600): always exit explicitly.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
