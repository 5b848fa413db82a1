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
}): Promise<EmbeddedPostgres> {
  await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir: options.dataDir });
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
