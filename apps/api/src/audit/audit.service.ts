import { Inject, Injectable } from '@nestjs/common';
import { type Database, Prisma, type TransactionClient } from '@lockstep/db';
import { type Actor, type RequestOrigin } from '../access/actor.js';
import { DATABASE } from '../database/database.token.js';

/** Who did something, for the audit log: an actor, or a principal outside any organization. */
export interface AuditSubject {
  readonly organizationId: string | null;
  readonly userId: string | null;
  readonly apiKeyId: string | null;
  readonly role: string | null;
  readonly origin: RequestOrigin;
}

export interface AuditRecord {
  /** `<resource>.<verb>`, e.g. `property.updated`, `auth.login_failed`. */
  action: string;
  resourceType: string;
  resourceId?: string | null;
  /** Summaries without secrets (DTO projections), or null. */
  before?: unknown;
  after?: unknown;
  /** Overrides the subject's organization (e.g. an organization just created). */
  organizationId?: string | null;
}

export function auditSubjectOf(actor: Actor): AuditSubject {
  return {
    organizationId: actor.organizationId,
    userId: actor.userId,
    apiKeyId: actor.apiKeyId,
    role: actor.role,
    origin: actor.origin,
  };
}

const json = (value: unknown) =>
  value === undefined || value === null
    ? Prisma.DbNull
    : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);

/**
 * Writes audit entries, inside the transaction of the change they describe so that a change and
 * its entry commit together. The table is append-only (a trigger refuses UPDATE and DELETE).
 */
@Injectable()
export class AuditService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** An entry for something that is not itself a database change (a login, a failed login). */
  recordEvent(subject: AuditSubject, entry: AuditRecord): Promise<void> {
    return this.record(this.db, subject, entry);
  }

  async record(tx: TransactionClient, subject: AuditSubject, entry: AuditRecord): Promise<void> {
    await tx.auditLog.create({
      data: {
        organizationId: entry.organizationId !== undefined ? entry.organizationId : subject.organizationId,
        actorUserId: subject.userId,
        actorApiKeyId: subject.apiKeyId,
        actorRole: subject.role,
        action: entry.action,
        resourceType: entry.resourceType,
        resourceId: entry.resourceId ?? null,
        before: json(entry.before),
        after: json(entry.after),
        ip: subject.origin.ip,
        userAgent: subject.origin.userAgent?.slice(0, 512) ?? null,
        requestId: subject.origin.requestId,
      },
    });
  }
}
