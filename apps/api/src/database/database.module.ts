import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type TApiConfig } from '@lockstep/config';
import { createDatabase, type Database } from '@lockstep/db';
import { API_CONFIG } from '../config/api-config.module.js';

/** Injection token of the process's one Prisma client (with the bulk-write guard installed). */
export const DATABASE = Symbol('DATABASE');

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
  ],
  exports: [DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.$disconnect();
  }
}
