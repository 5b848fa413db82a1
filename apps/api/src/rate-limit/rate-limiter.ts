import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type TApiConfig } from '@lockstep/config';
import { Redis } from 'ioredis';
import { sha256Hex } from '../auth/tokens.js';
import { API_CONFIG } from '../config/api-config.module.js';

export interface RateLimitResult {
  allowed: boolean;
  /** Hits counted in the current window, this one included. */
  count: number;
  retryAfterSeconds: number;
}

/** Counts hits per key in fixed windows. */
interface RateLimitStore {
  hit(key: string, windowSeconds: number): Promise<{ count: number; ttlSeconds: number }>;
  close(): Promise<void>;
}

/**
 * Redis store: INCR + EXPIRE in one MULTI, so every API instance shares the count. Fails fast when
 * Redis is away (no offline queue) — the caller then lets the request through and logs it, because
 * the readiness probe already reports Redis down and logins must not hang.
 */
class RedisStore implements RateLimitStore {
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      connectTimeout: 2_000,
      connectionName: 'lockstep-api-rate-limit',
    });
    this.redis.on('error', () => {
      // Reported per call below; ioredis would otherwise print "Unhandled error event".
    });
  }

  async hit(key: string, windowSeconds: number) {
    const result = await this.redis.multi().incr(key).expire(key, windowSeconds, 'NX').ttl(key).exec();
    const count = Number(result?.[0]?.[1] ?? 0);
    const ttl = Number(result?.[2]?.[1] ?? windowSeconds);
    return { count, ttlSeconds: ttl > 0 ? ttl : windowSeconds };
  }

  async close() {
    this.redis.disconnect();
    return Promise.resolve();
  }
}

/** In-process store for the embedded dev default (one API process, no Redis). */
class MemoryStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  hit(key: string, windowSeconds: number) {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowSeconds * 1000 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (this.windows.size > 100_000) {
      for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    }
    return Promise.resolve({ count: window.count, ttlSeconds: Math.ceil((window.resetAt - now) / 1000) });
  }

  close() {
    this.windows.clear();
    return Promise.resolve();
  }
}

/** Fixed-window rate limiting for logins, invitation acceptance and API-key use. */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly store: RateLimitStore;
  private readonly prefix: string;

  constructor(@Inject(API_CONFIG) config: TApiConfig) {
    this.store =
      config.QUEUE_BACKEND === 'redis' && config.REDIS_URL
        ? new RedisStore(config.REDIS_URL)
        : new MemoryStore();
    this.prefix = `${config.QUEUE_PREFIX}:rate:`;
  }

  async hit(bucket: string, subject: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    try {
      const { count, ttlSeconds } = await this.store.hit(
        // Subjects (e-mail addresses, client addresses) are hashed: the limiter keeps no personal data.
        `${this.prefix}${bucket}:${sha256Hex(subject).slice(0, 32)}`,
        windowSeconds,
      );
      return { allowed: count <= limit, count, retryAfterSeconds: ttlSeconds };
    } catch (error) {
      this.logger.warn(`rate limiter unavailable, allowing request: ${(error as Error).message}`);
      return { allowed: true, count: 0, retryAfterSeconds: 0 };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
