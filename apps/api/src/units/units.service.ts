import { Injectable } from '@nestjs/common';
import { type Actor } from '../access/actor.js';
import { AuditService, auditSubjectOf } from '../audit/audit.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { decodeCursor, type Page, toPage } from '../pagination/cursor.js';
import { Problems } from '../problems/problems.js';
import { PropertiesRepository } from '../properties/properties.repository.js';
import { type CreateUnitDto, type ListUnitsQueryDto, UnitDto, type UpdateUnitDto } from './dto/unit.dto.js';
import { UnitsRepository } from './units.repository.js';

@Injectable()
export class UnitsService {
  constructor(
    private readonly units: UnitsRepository,
    private readonly properties: PropertiesRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListUnitsQueryDto): Promise<Page<UnitDto>> {
    const rows = await this.units.list(
      actor,
      query.propertyId ? { propertyId: query.propertyId } : {},
      query.limit,
      decodeCursor(query.cursor)?.id,
    );
    return toPage(rows, query.limit, (row) => UnitDto.from(row));
  }

  async get(actor: Actor, id: string): Promise<UnitDto> {
    const row = await this.units.findVisible(actor, id);
    if (!row) throw Problems.notFound('unit');
    return UnitDto.from(row);
  }

  async create(actor: Actor, input: CreateUnitDto): Promise<UnitDto> {
    return this.transactions.run(async (tx) => {
      if (!(await this.properties.findVisible(actor, input.propertyId, tx))) {
        throw Problems.referenceNotFound('propertyId', 'property');
      }
      const row = await this.units.create(tx, actor, {
        propertyId: input.propertyId,
        name: input.name,
        floor: input.floor ?? null,
      });
      const dto = UnitDto.from(row);
      await this.audit.record(tx, auditSubjectOf(actor), {
        action: 'unit.created',
        resourceType: 'unit',
        resourceId: row.id,
        after: dto,
      });
      return dto;
    });
  }

  async update(actor: Actor, id: string, expectedVersion: number, input: UpdateUnitDto): Promise<UnitDto> {
    return this.transactions.run(async (tx) => {
      const before = await this.units.findVisible(actor, id, tx);
      if (!before) throw Problems.notFound('unit');
      if (
        before.version !== expectedVersion ||
        !(await this.units.update(tx, actor, id, expectedVersion, input))
      ) {
        throw Problems.preconditionFailed('unit', before.version);
      }
      const after = await this.units.findVisible(actor, id, tx);
      if (!after) throw Problems.notFound('unit');
      const dto = UnitDto.from(after);
      await this.audit.record(tx, auditSubjectOf(actor), {
        action: 'unit.updated',
        resourceType: 'unit',
        resourceId: id,
        before: UnitDto.from(before),
        after: dto,
      });
      return dto;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      const before = await this.units.findVisible(actor, id, tx);
      if (!before) throw Problems.notFound('unit');
      if (!(await this.units.remove(tx, actor, id))) throw Problems.notFound('unit');
      await this.audit.record(tx, auditSubjectOf(actor), {
        action: 'unit.deleted',
        resourceType: 'unit',
        resourceId: id,
        before: UnitDto.from(before),
      });
    });
  }
}
