import { Redis } from 'ioredis';

/**
 * The Redis keys of one test's queue prefix (BullMQ keys are `<prefix>:<queue>:…`): listed, read
 * whole (for the PIN canary) or deleted (the "Redis lost its data" test), without touching any other
 * test's or developer's keys on the shared server.
 */
export class RedisKeys {
  readonly #redis: Redis;

  constructor(
    url: string,
    readonly prefix: string,
  ) {
    this.#redis = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false });
  }

  async keys(): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.#redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 1_000);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
    return found;
  }

  /** Every key of the prefix with its whole value, as text (hash fields, list and set members, …). */
  async dump(): Promise<string> {
    const parts: string[] = [];
    for (const key of await this.keys()) {
      const type = await this.#redis.type(key);
      let value: unknown;
      switch (type) {
        case 'string':
          value = await this.#redis.get(key);
          break;
        case 'hash':
          value = await this.#redis.hgetall(key);
          break;
        case 'list':
          value = await this.#redis.lrange(key, 0, -1);
          break;
        case 'set':
          value = await this.#redis.smembers(key);
          break;
        case 'zset':
          value = await this.#redis.zrange(key, '0', '-1', 'WITHSCORES');
          break;
        case 'stream':
          value = await this.#redis.xrange(key, '-', '+');
          break;
        default:
          value = `<${type}>`;
      }
      parts.push(`${key} ${JSON.stringify(value)}`);
    }
    return parts.join('\n');
  }

  /** Deletes every key of the prefix; returns how many there were. */
  async deleteAll(): Promise<number> {
    const keys = await this.keys();
    for (let i = 0; i < keys.length; i += 500) await this.#redis.del(...keys.slice(i, i + 500));
    return keys.length;
  }

  async close(): Promise<void> {
    await this.#redis.quit();
  }
}
