import { Injectable } from '@nestjs/common';
import { type Prisma } from '@lockstep/db';
import { type Actor } from '../access/actor.js';
import { AuditService, auditSubjectOf } from '../audit/audit.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { decodeCursor, type Page, toPage } from '../pagination/cursor.js';
import { Problems } from '../problems/problems.js';
import { UnitsRepository } from '../units/units.repository.js';
import { dateOnly } from '../validation/is-calendar-date.js';
import {
  type CreateTenancyDto,
  type ListTenanciesQueryDto,
  TenancyDto,
  type UpdateTenancyDto,
} from './dto/tenancy.dto.js';
import { TenanciesRepository } from './tenancies.repository.js';

@Injectable()
export class TenanciesService {
  constructor(
    private readonly tenancies: TenanciesRepository,
    private readonly units: UnitsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListTenanciesQueryDto): Promise<Page<TenancyDto>> {
    const where: Prisma.TenancyWhereInput = {
      ...(query.unitId ? { unitId: query.unitId } : {}),
      ...(query.userId ? { userId: query.userId } : {}),
      ...(query.activeOn
        ? {
            startsOn: { lte: dateOnly(query.activeOn) },
            OR: [{ endsOn: null }, { endsOn: { gte: dateOnly(query.activeOn) } }],
          }
        : {}),
    };
    const rows = await this.tenancies.list(actor, where, query.limit, decodeCursor(query.cursor)?.id);
    return toPage(rows, query.limit, (row) => TenancyDto.from(row));
  }

  async get(actor: Actor, id: string): Promise<TenancyDto> {
    const row = await this.tenancies.findVisible(actor, id);
    if (!row) throw Problems.notFound('tenancy');
    return TenancyDto.from(row);
  }

  async create(actor: Actor, input: CreateTenancyDto): Promise<TenancyDto> {
    assertOrder(input.startsOn, input.endsOn ?? null);
    return this.transactions.run(async (tx) => {
      if (!(await this.units.findVisible(actor, input.unitId, tx)))
        throw Problems.referenceNotFound('unitId', 'unit');
      if (!(await this.tenancies.isTenantMember(tx, actor, input.userId))) {
        throw Problems.referenceNotFound('userId', 'member with the tenant role');
      }
      const row = await this.tenancies.create(tx, actor, {
        unitId: input.unitId,
        userId: input.userId,
        startsOn: dateOnly(input.startsOn),
        endsOn: input.endsOn ? dateOnly(input.endsOn) : null,
      });
      const dto = TenancyDto.from(row);
      await this.audit.record(tx, auditSubjectOf(actor), {
        action: 'tenancy.created',
        resourceType: 'tenancy',
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
    input: UpdateTenancyDto,
  ): Promise<TenancyDto> {
    return this.transactions.run(async (tx) => {
      const before = await this.tenancies.findVisible(actor, id, tx);
      if (!before) throw Problems.notFound('tenancy');
      const current = TenancyDto.from(before);
      const startsOn = input.startsOn ?? current.startsOn;
      const endsOn = input.endsOn === undefined ? current.endsOn : input.endsOn;
      assertOrder(startsOn, endsOn);
      const data = {
        ...(input.startsOn ? { startsOn: dateOnly(input.startsOn) } : {}),
        ...(input.endsOn !== undefined ? { endsOn: input.endsOn ? dateOnly(input.endsOn) : null } : {}),
      };
      if (
        before.version !== expectedVersion ||
        !(await this.tenancies.update(tx, actor, id, expectedVersion, data))
      ) {
        throw Problems.preconditionFailed('tenancy', before.version);
      }
      const after = await this.tenancies.findVisible(actor, id, tx);
      if (!after) throw Problems.notFound('tenancy');
      const dto = TenancyDto.from(after);
      await this.audit.record(tx, auditSubjectOf(actor), {
        action: 'tenancy.updated',
        resourceType: 'tenancy',
        resourceId: id,
        before: current,
        after: dto,
      });
      return dto;
    });
  }
}

function assertOrder(startsOn: string, endsOn: string | null): void {
  if (endsOn !== null && endsOn < startsOn) {
    throw Problems.validation([{ field: 'endsOn', message: 'endsOn must not be before startsOn' }]);
  }
}
