import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DriftPolicy, type OrganizationModel, Role } from '@lockstep/db';
import { IsEnum, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsOptionalNotNull } from '../../validation/optional.js';
import { versionFromUpdatedAt } from '../../concurrency/if-match.js';

export class OrganizationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Harbor Lane Residential' })
  name!: string;

  @ApiProperty({ example: 'harbor-lane' })
  slug!: string;

  @ApiProperty({ description: 'Minimum digits of a code issued in this organization.' })
  minCodeLength!: number;

  @ApiProperty({ enum: DriftPolicy, enumName: 'DriftPolicy' })
  driftPolicy!: DriftPolicy;

  @ApiProperty({ description: 'Optimistic-concurrency version; send it back as If-Match.' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(row: OrganizationModel): OrganizationDto {
    return {
      id: row.id,
      name: row.name,
      slug: row.slug,
      minCodeLength: row.minCodeLength,
      driftPolicy: row.driftPolicy,
      version: versionFromUpdatedAt(row.updatedAt),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

export class MyOrganizationDto extends OrganizationDto {
  @ApiProperty({ enum: Role, enumName: 'Role', description: 'Your role in it.' })
  role!: Role;
}

export class MyOrganizationPageDto {
  @ApiProperty({ type: [MyOrganizationDto] })
  items!: MyOrganizationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class CreateOrganizationDto {
  @ApiProperty({ minLength: 1, maxLength: 120 })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name!: string;

  @ApiProperty({ pattern: '^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$', example: 'harbor-lane' })
  @IsString()
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, {
    message: 'slug must be 1-40 lowercase letters, digits or inner hyphens',
  })
  slug!: string;
}

export class UpdateOrganizationDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({
    minimum: 4,
    maximum: 8,
    description:
      'Minimum digits of new codes (default 6). Warning: the keypad has five buttons, so 4 digits are only 5^4 = 625 button sequences — tried through in under four hours at three attempts a minute.',
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(4)
  @Max(8)
  minCodeLength?: number;

  @ApiPropertyOptional({
    enum: DriftPolicy,
    enumName: 'DriftPolicy',
    description:
      'When a lock drifts: restore the managed codes, or adopt a primary set on the lock as the tenant’s.',
  })
  @IsOptionalNotNull()
  @IsEnum(DriftPolicy)
  driftPolicy?: DriftPolicy;
}
