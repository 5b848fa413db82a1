import { Inject, Injectable } from '@nestjs/common';
import { type Database, Prisma } from '@lockstep/db';
import { DATABASE } from '../database/database.token.js';

export interface IdempotencyClaim {
  scope: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
  expiresAt: Date;
}

export type ClaimResult =
  | { kind: 'claimed'; id: string }
  | { kind: 'existing'; requestHash: string; statusCode: number; responseBody: unknown };

/** `Idempotency-Key` records, keyed by caller: not organization-owned, a key belongs to its caller. */
@Injectable()
export class IdempotencyRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Inserts a placeholder (status 0) for the key, or returns the record already there. */
  async claim(claim: IdempotencyClaim, now: Date): Promise<ClaimResult> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        const row = await this.db.idempotencyRecord.create({
          data: { ...claim, statusCode: 0 },
          select: { id: true },
        });
        return { kind: 'claimed', id: row.id };
      } catch (error) {
        if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') throw error;
      }
      const existing = await this.db.idempotencyRecord.findUnique({
        where: { scope_key: { scope: claim.scope, key: claim.key } },
      });
      if (!existing) continue;
      if (existing.expiresAt <= now) {
        await this.db.idempotencyRecord.deleteMany({ where: { id: existing.id, expiresAt: { lte: now } } });
        continue;
      }
      return {
        kind: 'existing',
        requestHash: existing.requestHash,
        statusCode: existing.statusCode,
        responseBody: existing.responseBody,
      };
    }
    throw new Error('idempotency record could not be claimed');
  }

  async complete(id: string, statusCode: number, responseBody: unknown): Promise<void> {
    await this.db.idempotencyRecord.update({
      where: { id },
      data: {
        statusCode,
        responseBody:
          responseBody === undefined
            ? Prisma.DbNull
            : (JSON.parse(JSON.stringify(responseBody)) as Prisma.InputJsonValue),
      },
    });
  }

  /** Drops the placeholder of a request that failed, so the client can retry it. */
  async release(id: string): Promise<void> {
    await this.db.idempotencyRecord.deleteMany({ where: { id, statusCode: 0 } });
  }
}
