import { Inject, Injectable } from '@nestjs/common';
import { type Database, type TransactionClient, type UserModel } from '@lockstep/db';
import { DATABASE } from '../database/database.token.js';

export interface MembershipSummaryRow {
  id: string;
  role: 'owner' | 'manager' | 'technician' | 'tenant';
  propertyIds: string[];
  organization: { id: string; name: string; slug: string };
}

/**
 * Users are global (one login, many organizations), so this repository is not organization-scoped;
 * what a user may see inside an organization is always reached through a membership.
 */
@Injectable()
export class UsersRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  findByEmail(email: string, tx: TransactionClient = this.db): Promise<UserModel | null> {
    return tx.user.findUnique({ where: { email: email.toLowerCase() } });
  }

  findById(id: string): Promise<UserModel | null> {
    return this.db.user.findUnique({ where: { id } });
  }

  create(
    tx: TransactionClient,
    data: { email: string; name: string; passwordHash: string },
  ): Promise<UserModel> {
    return tx.user.create({ data: { ...data, email: data.email.toLowerCase() } });
  }

  setPassword(tx: TransactionClient, id: string, passwordHash: string): Promise<UserModel> {
    return tx.user.update({ where: { id }, data: { passwordHash } });
  }

  memberships(userId: string): Promise<MembershipSummaryRow[]> {
    return this.db.membership.findMany({
      where: { userId },
      select: {
        id: true,
        role: true,
        propertyIds: true,
        organization: { select: { id: true, name: true, slug: true } },
      },
      orderBy: { createdAt: 'asc' },
    });
  }
}
