import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeMosquittoFiles } from './mosquitto-files.js';
import { type MosquittoConfigInput } from './mosquitto-config.js';

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(
  port: number,
  child: ChildProcess,
  output: () => string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited (${child.exitCode}): ${output()}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`mosquitto did not listen on ${port}: ${output()}`);
}

export interface MosquittoProcess {
  port: number;
  url: string;
  dir: string;
  /** Rewrites the password and ACL files and makes the broker re-read them (SIGHUP). */
  reload(input: Pick<MosquittoConfigInput, 'devices' | 'services'>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs a private Mosquitto 2 with the generated config on a free port (tests, benchmark). The files
 * sit in a fresh temp directory, 0755/0644, because Mosquitto started as root drops to `mosquitto`;
 * no pid file, no persistence, logs to stderr (kept for error messages).
 */
export async function startMosquitto(
  input: Pick<MosquittoConfigInput, 'devices' | 'services' | 'maxQueuedMessages'> & {
    extraLines?: string[];
    /** Run with the dynamic-security plugin at this path (client ids bound to usernames). */
    dynsecPluginPath?: string;
  },
): Promise<MosquittoProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'lockstep-mosquitto-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  const write = (i: Pick<MosquittoConfigInput, 'devices' | 'services'>) =>
    writeMosquittoFiles(dir, {
      ...i,
      ...(input.maxQueuedMessages === undefined ? {} : { maxQueuedMessages: input.maxQueuedMessages }),
      port,
      bindAddress: '127.0.0.1',
      extraLines: ['log_dest stderr', 'log_type error', 'log_type warning', ...(input.extraLines ?? [])],
      ...(input.dynsecPluginPath === undefined ? {} : { dynsec: { pluginPath: input.dynsecPluginPath } }),
    });
  const files = await write(input);
  const confPath = files.confPath;
  let output = '';
  const child = spawn('mosquitto', ['-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  });
  try {
    await waitForPort(port, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    dir,
    async reload(next) {
      await write(next);
      child.kill('SIGHUP');
      await new Promise((r) => setTimeout(r, 200));
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
