import { Injectable } from '@nestjs/common';
import { type ApiKeyModel, type OrgScope, type Role, type TransactionClient } from '@lockstep/db';
import { OrgScopedRepository } from '../database/org-scoped.repository.js';

@Injectable()
export class ApiKeysRepository extends OrgScopedRepository {
  /** The key with this prefix, across organizations: the prefix is how a presented key is found. */
  findByPrefix(prefix: string): Promise<ApiKeyModel | null> {
    return this.db.apiKey.findUnique({ where: { prefix } });
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.db.apiKey.update({ where: { id }, data: { lastUsedAt: now } });
  }

  list(scope: OrgScope, limit: number, afterId?: string): Promise<ApiKeyModel[]> {
    return this.db.apiKey.findMany({
      where: this.scoped(scope, afterId ? { id: { gt: afterId } } : {}),
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  find(scope: OrgScope, id: string, tx: TransactionClient = this.db): Promise<ApiKeyModel | null> {
    return tx.apiKey.findFirst({ where: this.scoped(scope, { id }) });
  }

  create(
    tx: TransactionClient,
    scope: OrgScope,
    data: {
      name: string;
      prefix: string;
      keyHash: string;
      role: Role;
      scopes: string[];
      createdById: string | null;
      expiresAt: Date | null;
    },
  ): Promise<ApiKeyModel> {
    return tx.apiKey.create({ data: { ...data, organizationId: scope.organizationId } });
  }

  async revoke(tx: TransactionClient, scope: OrgScope, id: string, now: Date): Promise<ApiKeyModel | null> {
    const { count } = await tx.apiKey.updateMany({
      where: this.scoped(scope, { id, revokedAt: null }),
      data: { revokedAt: now },
    });
    return count === 0 ? null : this.find(scope, id, tx);
  }
}
