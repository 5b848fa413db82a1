import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type ApiKeyModel, Role } from '@lockstep/db';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDate,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinDate,
  MinLength,
} from 'class-validator';
import { ALL_PERMISSIONS, API_KEY_ROLES } from '../../access/permissions.js';

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Property-management sync' })
  name!: string;

  @ApiProperty({ description: 'First characters of the key, to recognise it.', example: 'lsk_1a2b3c4d5e6f' })
  prefix!: string;

  @ApiProperty({ enum: Role, enumName: 'Role' })
  role!: Role;

  @ApiProperty({ type: [String], description: 'Permissions the key is limited to; empty: all of its role.' })
  scopes!: string[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static from(row: ApiKeyModel): ApiKeyDto {
    return {
      id: row.id,
      name: row.name,
      prefix: `lsk_${row.prefix}`,
      role: row.role,
      scopes: row.scopes,
      expiresAt: row.expiresAt?.toISOString() ?? null,
      lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
      revokedAt: row.revokedAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

export class ApiKeyPageDto {
  @ApiProperty({ type: [ApiKeyDto] })
  items!: ApiKeyDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class CreateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ enum: API_KEY_ROLES, default: Role.manager })
  @IsOptional()
  @IsIn(API_KEY_ROLES)
  role?: (typeof API_KEY_ROLES)[number];

  @ApiPropertyOptional({
    type: [String],
    enum: ALL_PERMISSIONS,
    description: 'Empty or absent: all of the role.',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(ALL_PERMISSIONS.length)
  @IsIn(ALL_PERMISSIONS, { each: true })
  scopes?: string[];

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @MinDate(() => new Date(), { message: 'expiresAt must be in the future' })
  expiresAt?: Date;
}

export class CreatedApiKeyDto {
  @ApiProperty({ type: ApiKeyDto })
  apiKey!: ApiKeyDto;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The key, shown this once (null on an idempotent replay). Send as `Authorization: Bearer <key>`.',
  })
  key!: string | null;
}
