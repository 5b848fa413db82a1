import { Inject, Injectable } from '@nestjs/common';
import { type TApiConfig } from '@lockstep/config';
import { type Prisma, type TransactionClient } from '@lockstep/db';
import { type Actor, type RequestOrigin } from '../access/actor.js';
import { AuditService, auditSubjectOf } from '../audit/audit.service.js';
import { AuthService } from '../auth/auth.service.js';
import { type LoginResponseDto } from '../auth/dto/session.dto.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { SessionIssuer, type IssuedSession } from '../auth/session-issuer.js';
import { newSecret, sha256Hex, TokenPrefix } from '../auth/tokens.js';
import { API_CONFIG } from '../config/api-config.module.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { MembersRepository } from '../members/members.repository.js';
import { assertMayGrant } from '../members/membership-rules.js';
import { decodeCursor, type Page, toPage } from '../pagination/cursor.js';
import { Problems } from '../problems/problems.js';
import { RateLimiter } from '../rate-limit/rate-limiter.js';
import { UsersRepository } from '../users/users.repository.js';
import {
  type AcceptInvitationDto,
  type CreatedInvitationDto,
  type CreateInvitationDto,
  InvitationDto,
  invitationStatus,
  type ListInvitationsQueryDto,
  type TInvitationStatus,
} from './dto/invitation.dto.js';
import { InvitationsRepository } from './invitations.repository.js';

/**
 * Invitations by token. Lockstep sends no e-mail yet: the token is returned once, to the inviter, in
 * the create response (for them to pass on, e.g. as a link); only its SHA-256 is stored.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly members: MembersRepository,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly issuer: SessionIssuer,
    private readonly auth: AuthService,
    private readonly limiter: RateLimiter,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    @Inject(API_CONFIG) private readonly config: TApiConfig,
  ) {}

  async list(actor: Actor, query: ListInvitationsQueryDto): Promise<Page<InvitationDto>> {
    const rows = await this.invitations.list(
      actor,
      query.status ? statusWhere(query.status, new Date()) : {},
      query.limit,
      decodeCursor(query.cursor)?.id,
    );
    return toPage(rows, query.limit, (row) => InvitationDto.from(row));
  }

  async create(actor: Actor, input: CreateInvitationDto): Promise<CreatedInvitationDto> {
    assertMayGrant(actor, input.role);
    const email = input.email.toLowerCase();
    const propertyIds = input.propertyIds ?? [];
    const token = newSecret(TokenPrefix.Invitation);
    return this.transactions.run(async (tx) => {
      if (
        propertyIds.length > 0 &&
        (await this.members.countProperties(actor, propertyIds, tx)) !== propertyIds.length
      ) {
        throw Problems.validation([
          { field: 'propertyIds', message: 'must list properties of this organization' },
        ]);
      }
      const existingUser = await this.users.findByEmail(email, tx);
      if (existingUser && (await this.members.findByUser(actor, existingUser.id, tx))) {
        throw Problems.conflict('This person is already a member.', [
          { field: 'email', message: 'is already a member' },
        ]);
      }
      const row = await this.invitations.create(tx, actor, {
        email,
        role: input.role,
        propertyIds,
        tokenHash: sha256Hex(token),
        invitedById: actor.userId,
        expiresAt: new Date(Date.now() + this.config.INVITATION_TTL_SECONDS * 1000),
      });
      const invitation = InvitationDto.from(row);
      await this.audit.record(tx, auditSubjectOf(actor), {
        action: 'invitation.created',
        resourceType: 'invitation',
        resourceId: row.id,
        after: invitation,
      });
      return { invitation, token };
    });
  }

  async revoke(actor: Actor, id: string): Promise<InvitationDto> {
    return this.transactions.run(async (tx) => {
      const before = await this.invitations.find(actor, id, tx);
      if (!before) throw Problems.notFound('invitation');
      assertMayGrant(actor, before.role);
      if (invitationStatus(before) !== 'pending') {
        throw Problems.conflict(`The invitation is already ${invitationStatus(before)}.`);
      }
      if (!(await this.invitations.close(tx, actor, id, { revokedAt: new Date() }))) {
        throw Problems.conflict('The invitation was accepted or revoked meanwhile.');
      }
      const after = await this.invitations.find(actor, id, tx);
      if (!after) throw Problems.notFound('invitation');
      const dto = InvitationDto.from(after);
      await this.audit.record(tx, auditSubjectOf(actor), {
        action: 'invitation.revoked',
        resourceType: 'invitation',
        resourceId: id,
        before: InvitationDto.from(before),
        after: dto,
      });
      return dto;
    });
  }

  /** Public: joins the organization (creating the account if needed) and signs the invitee in. */
  async accept(
    input: AcceptInvitationDto,
    origin: RequestOrigin,
  ): Promise<{ body: LoginResponseDto; issued: IssuedSession }> {
    const limit = await this.limiter.hit(
      'invitation-accept',
      origin.ip ?? 'unknown',
      this.config.LOGIN_RATE_LIMIT * 10,
      this.config.LOGIN_RATE_WINDOW_SECONDS,
    );
    if (!limit.allowed) throw Problems.rateLimited(limit.retryAfterSeconds);
    const newHash = await this.hasher.hash(input.password);
    const userId = await this.transactions.run((tx) => this.join(tx, input, newHash, origin));
    const issued = await this.issuer.issue(userId, origin, input.tokenDelivery ?? 'cookie');
    return { body: await this.auth.loginResponse(userId, issued), issued };
  }

  private async join(
    tx: TransactionClient,
    input: AcceptInvitationDto,
    newHash: string,
    origin: RequestOrigin,
  ): Promise<string> {
    const invitation = await this.invitations.findByTokenHash(tx, sha256Hex(input.token));
    if (!invitation || invitationStatus(invitation) !== 'pending') {
      throw Problems.notFound('open invitation');
    }
    const scope = { organizationId: invitation.organizationId };
    let user = await this.users.findByEmail(invitation.email, tx);
    if (user?.passwordHash) {
      if (!(await this.hasher.verify(user.passwordHash, input.password))) {
        throw Problems.unauthenticated('This address has an account: give its password to accept.');
      }
    } else if (user) {
      user = await this.users.setPassword(tx, user.id, newHash);
    } else {
      if (!input.name)
        throw Problems.validation([{ field: 'name', message: 'name is required for a new account' }]);
      user = await this.users.create(tx, {
        email: invitation.email,
        name: input.name,
        passwordHash: newHash,
      });
    }
    if (await this.members.findByUser(scope, user.id, tx)) {
      throw Problems.conflict('You are already a member of this organization.');
    }
    const membership = await this.members.create(tx, scope, {
      userId: user.id,
      role: invitation.role,
      propertyIds: invitation.propertyIds,
    });
    if (!(await this.invitations.close(tx, scope, invitation.id, { acceptedAt: new Date() }))) {
      throw Problems.notFound('open invitation');
    }
    await this.audit.record(
      tx,
      {
        organizationId: invitation.organizationId,
        userId: user.id,
        apiKeyId: null,
        role: invitation.role,
        origin,
      },
      {
        action: 'invitation.accepted',
        resourceType: 'invitation',
        resourceId: invitation.id,
        after: { membershipId: membership.id, role: membership.role, propertyIds: membership.propertyIds },
      },
    );
    return user.id;
  }
}

function statusWhere(status: TInvitationStatus, now: Date): Prisma.InvitationWhereInput {
  switch (status) {
    case 'pending':
      return { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } };
    case 'accepted':
      return { acceptedAt: { not: null } };
    case 'revoked':
      return { acceptedAt: null, revokedAt: { not: null } };
    case 'expired':
      return { acceptedAt: null, revokedAt: null, expiresAt: { lte: now } };
  }
}
