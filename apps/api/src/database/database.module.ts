import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type TApiConfig } from '@lockstep/config';
import { createDatabase, type Database } from '@lockstep/db';
import { API_CONFIG } from '../config/api-config.module.js';
import { DATABASE } from './database.token.js';
import { TransactionRunner } from './transaction-runner.js';

@Global()
@Module({
  providers: [
    {
      provide: DATABASE,
      inject: [API_CONFIG],
      useFactory: (config: TApiConfig): Database =>
        createDatabase({
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          applicationName: 'lockstep-api',
        }),
    },
    TransactionRunner,
  ],
  exports: [DATABASE, TransactionRunner],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.$disconnect();
  }
}
