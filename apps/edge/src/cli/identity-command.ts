import { parseArgs } from 'node:util';
import { loadEdgeConfig } from '@lockstep/config';
import { isDeviceId } from '@lockstep/lock-protocol';
import { FileNvmStore } from '../nvm/file-nvm-store.js';
import { UsageError, parsingArguments } from './cli-options.js';
import { type TCliResult } from './cli-result.js';

export const IDENTITY_USAGE = `lockstep-edge identity --device <id> [--state-dir <dir>]

Prints a commissioned lock's registration (device id, model, X25519 public key, fingerprint key) from its
non-volatile memory, for registering it with the cloud. The fingerprint key is a secret shared with the
cloud: handle the output like a password.`;

export async function identityCommand(argv: string[]): Promise<TCliResult> {
  const { values } = parsingArguments(() =>
    parseArgs({
      args: argv,
      options: {
        device: { type: 'string' },
        'state-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }),
  );
  if (values.help === true) return { exitCode: 0, output: IDENTITY_USAGE };
  if (values.device === undefined || !isDeviceId(values.device))
    throw new UsageError('--device <id> is required');
  const stateDir = values['state-dir'] ?? loadEdgeConfig().EDGE_STATE_DIR;
  const record = await new FileNvmStore(stateDir, values.device).load();
  if (record === undefined)
    return { exitCode: 1, output: `no lock ${values.device} in ${stateDir} (run it once to commission it)` };
  const registration = {
    deviceId: record.deviceId,
    model: record.model,
    publicKey: record.identity.publicKey,
    fingerprintKey: record.identity.fingerprintKey,
  };
  return { exitCode: 0, output: JSON.stringify(registration, null, 2) };
}
