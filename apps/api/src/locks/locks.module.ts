import { Module } from '@nestjs/common';
import { PropertiesModule } from '../properties/properties.module.js';
import { UnitsModule } from '../units/units.module.js';
import { LocksController } from './locks.controller.js';
import { LocksRepository } from './locks.repository.js';
import { LocksService } from './locks.service.js';

@Module({
  imports: [PropertiesModule, UnitsModule],
  controllers: [LocksController],
  providers: [LocksService, LocksRepository],
})
export class LocksModule {}
