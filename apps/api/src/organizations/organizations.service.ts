import { Injectable } from '@nestjs/common';
import { type Actor, type Principal } from '../access/actor.js';
import { AuditService, auditSubjectOf } from '../audit/audit.service.js';
import { versionFromUpdatedAt } from '../concurrency/if-match.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { decodeCursor, type Page, toPage } from '../pagination/cursor.js';
import { type PageQueryDto } from '../pagination/page-query.dto.js';
import { Problems } from '../problems/problems.js';
import {
  type CreateOrganizationDto,
  MyOrganizationDto,
  OrganizationDto,
  type UpdateOrganizationDto,
} from './dto/organization.dto.js';
import { OrganizationsRepository } from './organizations.repository.js';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async listMine(principal: Principal, query: PageQueryDto): Promise<Page<MyOrganizationDto>> {
    if (principal.kind === 'api-key') {
      const own = await this.organizations.find(principal);
      return { items: own ? [{ ...OrganizationDto.from(own), role: principal.role }] : [], nextCursor: null };
    }
    const rows = await this.organizations.listForUser(
      principal.userId,
      query.limit,
      decodeCursor(query.cursor)?.id,
    );
    return toPage(
      rows,
      query.limit,
      (row) => ({ ...OrganizationDto.from(row), role: row.role }),
      (row) => ({ id: row.id }),
    );
  }

  async create(principal: Principal, input: CreateOrganizationDto): Promise<MyOrganizationDto> {
    if (principal.kind !== 'user')
      throw Problems.forbidden('Organizations are created by people, not API keys.');
    return this.transactions.run(async (tx) => {
      const row = await this.organizations.createWithOwner(tx, input, principal.userId);
      const dto = OrganizationDto.from(row);
      await this.audit.record(
        tx,
        {
          organizationId: row.id,
          userId: principal.userId,
          apiKeyId: null,
          role: 'owner',
          origin: principal.origin,
        },
        { action: 'organization.created', resourceType: 'organization', resourceId: row.id, after: dto },
      );
      return { ...dto, role: 'owner' as const };
    });
  }

  async get(actor: Actor, id: string): Promise<OrganizationDto> {
    const row = id === actor.organizationId ? await this.organizations.find(actor) : null;
    if (!row) throw Problems.notFound('organization');
    return OrganizationDto.from(row);
  }

  async update(
    actor: Actor,
    id: string,
    expectedVersion: number,
    input: UpdateOrganizationDto,
  ): Promise<OrganizationDto> {
    if (id !== actor.organizationId) throw Problems.notFound('organization');
    return this.transactions.run(async (tx) => {
      const before = await this.organizations.find(actor, tx);
      if (!before) throw Problems.notFound('organization');
      const current = versionFromUpdatedAt(before.updatedAt);
      if (
        current !== expectedVersion ||
        !(await this.organizations.update(tx, actor, before.updatedAt, input))
      ) {
        throw Problems.preconditionFailed('organization', current);
      }
      const after = await this.organizations.find(actor, tx);
      if (!after) throw Problems.notFound('organization');
      const dto = OrganizationDto.from(after);
      await this.audit.record(tx, auditSubjectOf(actor), {
        action: 'organization.updated',
        resourceType: 'organization',
        resourceId: id,
        before: OrganizationDto.from(before),
        after: dto,
      });
      return dto;
    });
  }
}
