import { Injectable } from '@nestjs/common';
import {
  type InvitationModel,
  type OrgScope,
  type Prisma,
  type Role,
  type TransactionClient,
} from '@lockstep/db';
import { OrgScopedRepository } from '../database/org-scoped.repository.js';

@Injectable()
export class InvitationsRepository extends OrgScopedRepository {
  list(
    scope: OrgScope,
    where: Prisma.InvitationWhereInput,
    limit: number,
    afterId?: string,
  ): Promise<InvitationModel[]> {
    return this.db.invitation.findMany({
      where: this.scoped(scope, { ...where, ...(afterId ? { id: { gt: afterId } } : {}) }),
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  find(scope: OrgScope, id: string, tx: TransactionClient = this.db): Promise<InvitationModel | null> {
    return tx.invitation.findFirst({ where: this.scoped(scope, { id }) });
  }

  /** By token hash, across organizations: the token is how an invitee (not yet a member) finds it. */
  findByTokenHash(tx: TransactionClient, tokenHash: string): Promise<InvitationModel | null> {
    return tx.invitation.findUnique({ where: { tokenHash } });
  }

  create(
    tx: TransactionClient,
    scope: OrgScope,
    data: {
      email: string;
      role: Role;
      propertyIds: string[];
      tokenHash: string;
      invitedById: string | null;
      expiresAt: Date;
    },
  ): Promise<InvitationModel> {
    return tx.invitation.create({ data: { ...data, organizationId: scope.organizationId } });
  }

  /** Marks the invitation revoked or accepted if it is still open; false when it was not. */
  async close(
    tx: TransactionClient,
    scope: OrgScope,
    id: string,
    data: { revokedAt: Date } | { acceptedAt: Date },
  ): Promise<boolean> {
    const { count } = await tx.invitation.updateMany({
      where: this.scoped(scope, { id, acceptedAt: null, revokedAt: null }),
      data,
    });
    return count === 1;
  }
}
