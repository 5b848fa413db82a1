import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module.js';
import { TenanciesController } from './tenancies.controller.js';
import { TenanciesRepository } from './tenancies.repository.js';
import { TenanciesService } from './tenancies.service.js';

@Module({
  imports: [UnitsModule],
  controllers: [TenanciesController],
  providers: [TenanciesService, TenanciesRepository],
})
export class TenanciesModule {}
