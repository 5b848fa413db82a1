import { Module } from '@nestjs/common';
import { AccessCodesController } from './access-codes.controller.js';
import { AccessCodesRepository } from './access-codes.repository.js';
import { AccessCodesService } from './access-codes.service.js';
import { UnitAccessCodesController } from './unit-access-codes.controller.js';

@Module({
  controllers: [UnitAccessCodesController, AccessCodesController],
  providers: [AccessCodesService, AccessCodesRepository],
})
export class AccessCodesModule {}
