import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceLink } from '../connectivity/device-link.js';
import { silentLogger } from '../logging/logger.js';
import { bootLock } from '../test/lock-factory.js';
import { MemoryTransport } from '../test/memory-transport.js';
import { ControlClient } from './control-client.js';
import { lockSocketPath, type TControlReply } from './control-protocol.js';
import { ControlServer } from './control-server.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('control socket', () => {
  it('frames requests and replies over the Unix socket, refusing unknown locks and bad lines', async () => {
    dir = await mkdtemp(join(tmpdir(), 'edge-control-'));
    const unit = await bootLock({ deviceId: 'socket-lock' });
    const link = new DeviceLink({
      firmware: unit.lock,
      transport: new MemoryTransport(),
      clock: unit.clock,
      logger: silentLogger(),
    });
    const device = { firmware: unit.lock, link, stop: () => link.stop() };
    const server = new ControlServer(lockSocketPath(dir, 'socket-lock'), (id) =>
      id === 'socket-lock' ? device : undefined,
    );
    await server.listen();
    const client = await ControlClient.connect(lockSocketPath(dir, 'socket-lock'));
    const replies: TControlReply[] = [];
    const arrived = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (replies.length >= count ? resolve() : setImmediate(check));
        check();
      });
    client.onReply((reply) => replies.push(reply));
    client.send({ op: 'status', deviceId: 'nobody' });
    client.send({ op: 'program-button', deviceId: 'socket-lock' });
    await arrived(2);
    expect(replies[0]).toEqual({ kind: 'error', detail: 'no lock nobody here' });
    expect(replies[1]).toEqual({ kind: 'feedback', feedback: 'program_mode', slot: 1 });
    client.close();
    await server.close();
  });
});
