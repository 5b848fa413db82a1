import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type AuditLogModel } from '@lockstep/db';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../pagination/page-query.dto.js';

export class AuditEntryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'property.updated' })
  action!: string;

  @ApiProperty({ example: 'property' })
  resourceType!: string;

  @ApiProperty({ type: String, nullable: true })
  resourceId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorUserId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorApiKeyId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Role the actor acted as.' })
  actorRole!: string | null;

  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  before!: unknown;

  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  after!: unknown;

  @ApiProperty({ type: String, nullable: true })
  ip!: string | null;

  @ApiProperty({ type: String, nullable: true })
  userAgent!: string | null;

  @ApiProperty({ type: String, nullable: true })
  requestId!: string | null;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  static from(row: AuditLogModel): AuditEntryDto {
    return {
      id: row.id,
      action: row.action,
      resourceType: row.resourceType,
      resourceId: row.resourceId,
      actorUserId: row.actorUserId,
      actorApiKeyId: row.actorApiKeyId,
      actorRole: row.actorRole,
      before: row.before,
      after: row.after,
      ip: row.ip,
      userAgent: row.userAgent,
      requestId: row.requestId,
      at: row.at.toISOString(),
    };
  }
}

export class AuditEntryPageDto {
  @ApiProperty({ type: [AuditEntryDto] })
  items!: AuditEntryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class ListAuditEntriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'property.updated' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ example: 'property' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  resourceType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  resourceId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorUserId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Entries at or after this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Entries before this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}
