import { Inject, Injectable } from '@nestjs/common';
import { type TApiConfig } from '@lockstep/config';
import { type Database } from '@lockstep/db';
import { pingQueueBackend } from '@lockstep/queue';
import { API_CONFIG } from '../config/api-config.module.js';
import { DATABASE } from '../database/database.token.js';
import { BrokerConnection } from './broker-connection.js';
import { type HealthCheckDto, type ReadinessDto } from './dto/readiness.dto.js';

const CHECK_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(API_CONFIG) private readonly config: TApiConfig,
    private readonly broker: BrokerConnection,
  ) {}

  async readiness(): Promise<ReadinessDto> {
    const checks = await Promise.all([
      this.check('database', async () => {
        await this.db.$queryRaw`SELECT 1`;
      }),
      this.check(`queue:${this.config.QUEUE_BACKEND}`, () => pingQueueBackend(this.config, CHECK_TIMEOUT_MS)),
      this.check('broker', () => this.broker.ensureConnected(CHECK_TIMEOUT_MS)),
    ]);
    return { status: checks.every((c) => c.status === 'ok') ? 'ok' : 'error', checks };
  }

  private async check(name: string, probe: () => Promise<void>): Promise<HealthCheckDto> {
    const started = performance.now();
    try {
      await withTimeout(probe(), CHECK_TIMEOUT_MS + 500);
      return { name, status: 'ok', latencyMs: elapsed(started) };
    } catch (error) {
      return {
        name,
        status: 'error',
        latencyMs: elapsed(started),
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
