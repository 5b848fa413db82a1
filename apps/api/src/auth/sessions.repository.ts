import { Inject, Injectable } from '@nestjs/common';
import { type Database } from '@lockstep/db';
import { DATABASE } from '../database/database.token.js';

export interface ActiveSession {
  id: string;
  userId: string;
  lastUsedAt: Date | null;
}

/** Login sessions. Not organization-owned: a session belongs to a user, who may act in several. */
@Injectable()
export class SessionsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  create(data: {
    userId: string;
    tokenHash: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  }): Promise<{ id: string; expiresAt: Date }> {
    return this.db.session.create({ data, select: { id: true, expiresAt: true } });
  }

  /** The live session with this token hash, whose user is not disabled. */
  findActive(tokenHash: string, now: Date): Promise<ActiveSession | null> {
    return this.db.session.findFirst({
      where: { tokenHash, revokedAt: null, expiresAt: { gt: now }, user: { disabledAt: null } },
      select: { id: true, userId: true, lastUsedAt: true },
    });
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.db.session.update({ where: { id }, data: { lastUsedAt: now } });
  }

  async revoke(id: string, now: Date): Promise<void> {
    await this.db.session.update({ where: { id }, data: { revokedAt: now } });
  }
}
