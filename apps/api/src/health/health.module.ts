import { Module } from '@nestjs/common';
import { BrokerConnection } from './broker-connection.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';

@Module({
  controllers: [HealthController],
  providers: [HealthService, BrokerConnection],
})
export class HealthModule {}
