import { Injectable } from '@nestjs/common';
import { Role, type TransactionClient } from '@lockstep/db';
import { type Actor } from '../access/actor.js';
import { AuditService, auditSubjectOf } from '../audit/audit.service.js';
import { versionFromUpdatedAt } from '../concurrency/if-match.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { decodeCursor, type Page, toPage } from '../pagination/cursor.js';
import { Problems } from '../problems/problems.js';
import { type ListMembersQueryDto, MemberDto, type UpdateMemberDto } from './dto/member.dto.js';
import { MembersRepository } from './members.repository.js';
import { assertMayChange, assertMayGrant } from './membership-rules.js';

@Injectable()
export class MembersService {
  constructor(
    private readonly members: MembersRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListMembersQueryDto): Promise<Page<MemberDto>> {
    const rows = await this.members.list(
      actor,
      query.role ? { role: query.role } : {},
      query.limit,
      decodeCursor(query.cursor)?.id,
    );
    return toPage(rows, query.limit, (row) => MemberDto.from(row));
  }

  async get(actor: Actor, id: string): Promise<MemberDto> {
    const row = await this.members.find(actor, id);
    if (!row) throw Problems.notFound('member');
    return MemberDto.from(row);
  }

  async update(
    actor: Actor,
    id: string,
    expectedVersion: number,
    input: UpdateMemberDto,
  ): Promise<MemberDto> {
    return this.transactions.run(async (tx) => {
      const before = await this.members.find(actor, id, tx);
      if (!before) throw Problems.notFound('member');
      assertMayChange(actor, before.role);
      if (input.role) assertMayGrant(actor, input.role);
      if (input.propertyIds) await this.assertPropertiesExist(tx, actor, input.propertyIds);
      if (before.role === Role.owner && input.role && input.role !== Role.owner) {
        await this.assertAnotherOwner(tx, actor);
      }
      const current = versionFromUpdatedAt(before.updatedAt);
      if (
        current !== expectedVersion ||
        !(await this.members.update(tx, actor, id, before.updatedAt, input))
      ) {
        throw Problems.preconditionFailed('member', current);
      }
      const after = await this.members.find(actor, id, tx);
      if (!after) throw Problems.notFound('member');
      const dto = MemberDto.from(after);
      await this.audit.record(tx, auditSubjectOf(actor), {
        action: 'member.updated',
        resourceType: 'membership',
        resourceId: id,
        before: MemberDto.from(before),
        after: dto,
      });
      return dto;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      const before = await this.members.find(actor, id, tx);
      if (!before) throw Problems.notFound('member');
      assertMayChange(actor, before.role);
      if (before.role === Role.owner) await this.assertAnotherOwner(tx, actor);
      if (!(await this.members.remove(tx, actor, id))) throw Problems.notFound('member');
      await this.audit.record(tx, auditSubjectOf(actor), {
        action: 'member.removed',
        resourceType: 'membership',
        resourceId: id,
        before: MemberDto.from(before),
      });
    });
  }

  private async assertAnotherOwner(tx: TransactionClient, actor: Actor): Promise<void> {
    if ((await this.members.countOwners(tx, actor)) < 2) {
      throw Problems.conflict('An organization keeps at least one owner; make someone else owner first.');
    }
  }

  private async assertPropertiesExist(tx: TransactionClient, actor: Actor, ids: string[]): Promise<void> {
    if (ids.length > 0 && (await this.members.countProperties(actor, ids, tx)) !== ids.length) {
      throw Problems.validation([
        { field: 'propertyIds', message: 'must list properties of this organization' },
      ]);
    }
  }
}
