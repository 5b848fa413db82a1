import { Injectable } from '@nestjs/common';
import { type Actor } from '../access/actor.js';
import { reachesWholeOrganization } from '../access/visibility.js';
import { AuditService, auditSubjectOf } from '../audit/audit.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { decodeCursor, type Page, toPage } from '../pagination/cursor.js';
import { type PageQueryDto } from '../pagination/page-query.dto.js';
import { Problems } from '../problems/problems.js';
import { type CreatePropertyDto, PropertyDto, type UpdatePropertyDto } from './dto/property.dto.js';
import { PropertiesRepository } from './properties.repository.js';

@Injectable()
export class PropertiesService {
  constructor(
    private readonly properties: PropertiesRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: PageQueryDto): Promise<Page<PropertyDto>> {
    const rows = await this.properties.list(actor, query.limit, decodeCursor(query.cursor)?.id);
    return toPage(rows, query.limit, (row) => PropertyDto.from(row));
  }

  async get(actor: Actor, id: string): Promise<PropertyDto> {
    const row = await this.properties.findVisible(actor, id);
    if (!row) throw Problems.notFound('property');
    return PropertyDto.from(row);
  }

  async create(actor: Actor, input: CreatePropertyDto): Promise<PropertyDto> {
    if (!reachesWholeOrganization(actor)) {
      throw Problems.forbidden('A membership limited to some properties cannot add properties.');
    }
    return this.transactions.run(async (tx) => {
      const row = await this.properties.create(tx, actor, {
        ...input,
        addressLine2: input.addressLine2 ?? null,
        region: input.region ?? null,
        country: input.country.toUpperCase(),
      });
      const dto = PropertyDto.from(row);
      await this.audit.record(tx, auditSubjectOf(actor), {
        action: 'property.created',
        resourceType: 'property',
        resourceId: row.id,
        after: dto,
      });
      return dto;
    });
  }

  async update(
    actor: Actor,
    id: string,
    expectedVersion: number,
    input: UpdatePropertyDto,
  ): Promise<PropertyDto> {
    return this.transactions.run(async (tx) => {
      const before = await this.properties.findVisible(actor, id, tx);
      if (!before) throw Problems.notFound('property');
      const data = { ...input, ...(input.country ? { country: input.country.toUpperCase() } : {}) };
      if (
        before.version !== expectedVersion ||
        !(await this.properties.update(tx, actor, id, expectedVersion, data))
      ) {
        throw Problems.preconditionFailed('property', before.version);
      }
      const after = await this.properties.findVisible(actor, id, tx);
      if (!after) throw Problems.notFound('property');
      const dto = PropertyDto.from(after);
      await this.audit.record(tx, auditSubjectOf(actor), {
        action: 'property.updated',
        resourceType: 'property',
        resourceId: id,
        before: PropertyDto.from(before),
        after: dto,
      });
      return dto;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      const before = await this.properties.findVisible(actor, id, tx);
      if (!before) throw Problems.notFound('property');
      // Units and locks refer to the property with ON DELETE RESTRICT: the database answers 409.
      if (!(await this.properties.remove(tx, actor, id))) throw Problems.notFound('property');
      await this.audit.record(tx, auditSubjectOf(actor), {
        action: 'property.deleted',
        resourceType: 'property',
        resourceId: id,
        before: PropertyDto.from(before),
      });
    });
  }
}
