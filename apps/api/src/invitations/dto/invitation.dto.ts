import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type InvitationModel, Role } from '@lockstep/db';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsEnum,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { TOKEN_DELIVERIES, type TTokenDelivery } from '../../auth/dto/login.dto.js';
import { PageQueryDto } from '../../pagination/page-query.dto.js';

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type TInvitationStatus = (typeof INVITATION_STATUSES)[number];

export function invitationStatus(row: InvitationModel, now = new Date()): TInvitationStatus {
  if (row.acceptedAt) return 'accepted';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt <= now ? 'expired' : 'pending';
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'email' })
  email!: string;

  @ApiProperty({ enum: Role, enumName: 'Role' })
  role!: Role;

  @ApiProperty({ type: [String] })
  propertyIds!: string[];

  @ApiProperty({ enum: INVITATION_STATUSES })
  status!: TInvitationStatus;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  invitedById!: string | null;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  acceptedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static from(row: InvitationModel): InvitationDto {
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      propertyIds: row.propertyIds,
      status: invitationStatus(row),
      invitedById: row.invitedById,
      expiresAt: row.expiresAt.toISOString(),
      acceptedAt: row.acceptedAt?.toISOString() ?? null,
      revokedAt: row.revokedAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

export class InvitationPageDto {
  @ApiProperty({ type: [InvitationDto] })
  items!: InvitationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class ListInvitationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INVITATION_STATUSES })
  @IsOptional()
  @IsIn(INVITATION_STATUSES)
  status?: TInvitationStatus;
}

export class CreateInvitationDto {
  @ApiProperty({ format: 'email' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: Role, enumName: 'Role' })
  @IsEnum(Role)
  role!: Role;

  @ApiPropertyOptional({ type: [String], description: 'Limit the membership to these properties.' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  propertyIds?: string[];
}

export class CreatedInvitationDto {
  @ApiProperty({ type: InvitationDto })
  invitation!: InvitationDto;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The invitation token, returned to the inviter this once (null on an idempotent replay) to pass on to ' +
      'the invitee, e.g. in a link. Lockstep sends no e-mail itself yet.',
  })
  token!: string | null;
}

export class AcceptInvitationDto {
  @ApiProperty()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  token!: string;

  @ApiPropertyOptional({ description: 'Your name (new accounts).', maxLength: 120 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiProperty({
    format: 'password',
    minLength: 12,
    maxLength: 256,
    description: 'New accounts: the password to set (12+ characters). Existing accounts: your password.',
  })
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  password!: string;

  @ApiPropertyOptional({ enum: TOKEN_DELIVERIES, default: 'cookie' })
  @IsOptional()
  @IsIn(TOKEN_DELIVERIES)
  tokenDelivery?: TTokenDelivery;
}
