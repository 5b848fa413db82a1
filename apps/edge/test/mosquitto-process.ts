import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A private Mosquitto on a free loopback port, for the broker-restart test. Run as root it drops to the
 * `mosquitto` user, so its directory is world-readable and the config says `user root`... whichever
 * applies; persistence stays off.
 */
export class MosquittoProcess {
  #child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly tls: boolean,
  ) {}

  /**
   * `tls`: a TLS listener with a fresh CA and a server certificate for 127.0.0.1 (openssl), CA at
   * `caPath`. `users`: password logins only (anonymous refused).
   */
  static async start(
    options: { tls?: boolean; users?: Record<string, string> } = {},
  ): Promise<MosquittoProcess> {
    const dir = await mkdtemp(join(tmpdir(), 'edge-mosquitto-'));
    await chmod(dir, 0o755);
    const port = await freePort();
    const config = [`listener ${port} 127.0.0.1`, 'persistence false'];
    if (options.tls === true) {
      const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
      ssl(
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        '-days',
        '1',
        '-subj',
        '/CN=edge-test-ca',
      );
      ssl(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'server.key',
        '-out',
        'server.csr',
        '-subj',
        '/CN=127.0.0.1',
      );
      await writeFile(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
      ssl(
        'x509',
        '-req',
        '-in',
        'server.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        'server.pem',
        '-days',
        '1',
        '-extfile',
        'san.ext',
      );
      for (const file of ['ca.pem', 'server.pem', 'server.key']) await chmod(join(dir, file), 0o644);
      config.push(
        `cafile ${join(dir, 'ca.pem')}`,
        `certfile ${join(dir, 'server.pem')}`,
        `keyfile ${join(dir, 'server.key')}`,
      );
    }
    if (options.users === undefined) {
      config.push('allow_anonymous true');
    } else {
      const passwords = join(dir, 'passwords');
      await writeFile(passwords, '');
      for (const [user, password] of Object.entries(options.users)) {
        execFileSync('mosquitto_passwd', ['-b', passwords, user, password], { stdio: 'ignore' });
      }
      await chmod(passwords, 0o644);
      config.push('allow_anonymous false', `password_file ${passwords}`);
    }
    if (process.getuid?.() === 0) config.push('user root');
    await writeFile(join(dir, 'mosquitto.conf'), `${config.join('\n')}\n`);
    const broker = new MosquittoProcess(port, dir, options.tls === true);
    await broker.resume();
    return broker;
  }

  get url(): string {
    return `${this.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${this.port}`;
  }

  get caPath(): string {
    return join(this.dir, 'ca.pem');
  }

  /** Starts (again) on the same port and waits until it accepts connections. */
  async resume(): Promise<void> {
    this.#child = spawn('mosquitto', ['-c', join(this.dir, 'mosquitto.conf')], { stdio: 'ignore' });
    for (let attempt = 0; attempt < 200; attempt++) {
      if (await accepting(this.port)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`mosquitto did not start on port ${this.port}`);
  }

  /** Kills the broker (SIGKILL: no goodbye to clients). */
  async kill(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async dispose(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }
}
