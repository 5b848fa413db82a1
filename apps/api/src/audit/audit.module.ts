import { Global, Module } from '@nestjs/common';
import { AuditEntriesController } from './audit-entries.controller.js';
import { AuditEntriesService } from './audit-entries.service.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

@Global()
@Module({
  controllers: [AuditEntriesController],
  providers: [AuditService, AuditEntriesService, AuditRepository],
  exports: [AuditService],
})
export class AuditModule {}
