import { run } from './processes.js';
import { repoRoot } from './repo.js';
import { findServices } from './services.js';

/**
 * `npm run bench`: every workspace's `bench` script (turbo), against the real services. Each
 * benchmark prints its own figures and ratios; none of them asserts on time.
 */
export async function bench(filters: string[]): Promise<number> {
  const found = await findServices();
  const missing = Object.values(found).filter((s) => !s.probe.ok);
  if (missing.length > 0) {
    console.error(`npm run bench needs ${missing.map((s) => `${s.name} at ${s.url}`).join(', ')}`);
    return 1;
  }
  const env = {
    ...process.env,
    DATABASE_URL: found.postgres.url,
    REDIS_URL: found.redis.url,
    MQTT_URL: found.mqtt.url,
    QUEUE_BACKEND: 'redis',
  };
  const filterArgs = filters.flatMap((f) => ['--filter', f]);
  return run('npx', ['turbo', 'run', 'bench', '--concurrency=1', ...filterArgs], { env, cwd: repoRoot });
}
