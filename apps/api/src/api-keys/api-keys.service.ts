import { Injectable } from '@nestjs/common';
import { Role } from '@lockstep/db';
import { type Actor } from '../access/actor.js';
import { AuditService, auditSubjectOf } from '../audit/audit.service.js';
import { newApiKey, sha256Hex } from '../auth/tokens.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { decodeCursor, type Page, toPage } from '../pagination/cursor.js';
import { type PageQueryDto } from '../pagination/page-query.dto.js';
import { Problems } from '../problems/problems.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { ApiKeyDto, type CreateApiKeyDto, type CreatedApiKeyDto } from './dto/api-key.dto.js';

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: PageQueryDto): Promise<Page<ApiKeyDto>> {
    const rows = await this.keys.list(actor, query.limit, decodeCursor(query.cursor)?.id);
    return toPage(rows, query.limit, (row) => ApiKeyDto.from(row));
  }

  async create(actor: Actor, input: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    if (actor.apiKeyId) {
      // A leaked key must not be able to mint its own successors.
      throw Problems.forbidden('API keys are created by people, not by other API keys.');
    }
    const role = input.role ?? Role.manager;
    if (role === Role.owner && actor.role !== Role.owner) {
      throw Problems.forbidden('Only an owner can create an owner key.');
    }
    const { key, prefix } = newApiKey();
    return this.transactions.run(async (tx) => {
      const row = await this.keys.create(tx, actor, {
        name: input.name,
        prefix,
        keyHash: sha256Hex(key),
        role,
        scopes: input.scopes ?? [],
        createdById: actor.userId,
        expiresAt: input.expiresAt ?? null,
      });
      const apiKey = ApiKeyDto.from(row);
      await this.audit.record(tx, auditSubjectOf(actor), {
        action: 'api_key.created',
        resourceType: 'api_key',
        resourceId: row.id,
        after: apiKey,
      });
      return { apiKey, key };
    });
  }

  async revoke(actor: Actor, id: string): Promise<ApiKeyDto> {
    return this.transactions.run(async (tx) => {
      const before = await this.keys.find(actor, id, tx);
      if (!before) throw Problems.notFound('API key');
      if (before.revokedAt) return ApiKeyDto.from(before);
      const row = await this.keys.revoke(tx, actor, id, new Date());
      if (!row) throw Problems.notFound('API key');
      const after = ApiKeyDto.from(row);
      await this.audit.record(tx, auditSubjectOf(actor), {
        action: 'api_key.revoked',
        resourceType: 'api_key',
        resourceId: id,
        before: ApiKeyDto.from(before),
        after,
      });
      return after;
    });
  }
}
