import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * The embedded Postgres of the dev default: PGlite (Postgres compiled to Wasm) served over TCP by
 * pglite-socket, so the apps connect with the same driver and code paths as to a real server.
 * Data lives in a git-ignored folder and is kept between runs.
 */
export interface EmbeddedPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  queueSchema: string;
}): Promise<EmbeddedPostgres> {
  await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir: options.dataDir });
  // PGlite is one Postgres session shared by every socket connection, so per-connection startup
  // options (BullMQ pins `search_path` to its queue schema that way) never apply. With the queue
  // schema after public on the shared session's path, BullMQ's unqualified names still resolve to its
  // own tables and functions (it creates them with a transaction-local path), while our migrations
  // keep creating in public.
  await db.exec(`SET search_path TO public, ${options.queueSchema}`);
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port,
    // Sockets are cheap (queries are queued inside PGlite), but every BullMQ Queue and Worker on the
    // Postgres backend holds a pool and a LISTEN connection of its own: the worker alone has nine.
    maxConnections: 512,
  });
  groupExtendedQueries(server);
  await server.start();
  return {
    url: `postgresql://postgres@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/** Frontend messages of the extended query protocol that only mean something up to the next Sync. */
const EXTENDED_MESSAGES = new Set(['P', 'B', 'D', 'E', 'C'].map((letter) => letter.charCodeAt(0)));
const SYNC = 'S'.charCodeAt(0);
const FLUSH = 'H'.charCodeAt(0);

interface QueryQueue {
  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number>;
}

/**
 * pglite-socket hands PGlite one protocol message at a time, so two connections' extended-protocol
 * sequences (Parse, Bind, Execute, …, Sync) interleave in PGlite's single session and clobber each
 * other's unnamed statement and portal ("unnamed prepared statement does not exist", "bind message
 * supplies 7 parameters, but prepared statement requires 3"). Every app's driver uses the extended
 * protocol, so under any concurrency queries failed at random. This keeps each connection's sequence
 * together: its messages are held until its Sync (or Flush) and run as one unit.
 */
function groupExtendedQueries(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  const enqueue = queue.enqueue.bind(queue);
  const held = new Map<number, Uint8Array[]>();
  queue.enqueue = (handlerId, message, onData) => {
    const type = message[0] ?? 0;
    if (EXTENDED_MESSAGES.has(type)) {
      held.set(handlerId, [...(held.get(handlerId) ?? []), message]);
      return Promise.resolve(0);
    }
    const group = held.get(handlerId);
    if (group && (type === SYNC || type === FLUSH)) {
      held.delete(handlerId);
      return enqueue(handlerId, Buffer.concat([...group, message]), onData);
    }
    if (group) {
      // Anything else ends the group too (a client that never syncs): run what was held first.
      held.delete(handlerId);
      return enqueue(handlerId, Buffer.concat([...group, message]), onData);
    }
    return enqueue(handlerId, message, onData);
  };
}
