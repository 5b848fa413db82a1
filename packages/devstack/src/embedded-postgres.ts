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
    // Each app holds a small pool; queries are queued inside PGlite.
    maxConnections: 64,
  });
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
