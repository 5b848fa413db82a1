import { Module } from '@nestjs/common';
import { LockEventsController } from './lock-events.controller.js';
import { LockEventsRepository } from './lock-events.repository.js';
import { LockEventsService } from './lock-events.service.js';

@Module({
  controllers: [LockEventsController],
  providers: [LockEventsService, LockEventsRepository],
})
export class LockEventsModule {}
