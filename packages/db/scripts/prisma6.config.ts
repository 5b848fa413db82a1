// Config for Prisma 6's CLI (see prisma6.mjs): the 'js' engine with a driver adapter selects the
// Wasm schema engine, which needs no download. It opens a connection
// (to DATABASE_URL's server, or the local one) but diffing two datamodels reads and writes nothing.
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma6/config';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  // eslint-disable-next-line @typescript-eslint/require-await
  async adapter() {
    return new PrismaPg({
      connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    });
  },
});
