import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type MembershipModel, Role, type UserModel } from '@lockstep/db';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEnum, IsOptional, IsUUID } from 'class-validator';
import { IsOptionalNotNull } from '../../validation/optional.js';
import { versionFromUpdatedAt } from '../../concurrency/if-match.js';
import { PageQueryDto } from '../../pagination/page-query.dto.js';

export type MemberRow = MembershipModel & { user: Pick<UserModel, 'id' | 'email' | 'name'> };

export class MemberDto {
  @ApiProperty({ format: 'uuid', description: 'The membership id.' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ format: 'email' })
  email!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: Role, enumName: 'Role' })
  role!: Role;

  @ApiProperty({ type: [String], description: 'Empty: the whole organization.' })
  propertyIds!: string[];

  @ApiProperty({ description: 'Optimistic-concurrency version; send it back as If-Match.' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(row: MemberRow): MemberDto {
    return {
      id: row.id,
      userId: row.userId,
      email: row.user.email,
      name: row.user.name,
      role: row.role,
      propertyIds: row.propertyIds,
      version: versionFromUpdatedAt(row.updatedAt),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

export class MemberPageDto {
  @ApiProperty({ type: [MemberDto] })
  items!: MemberDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class ListMembersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Role, enumName: 'Role' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;
}

export class UpdateMemberDto {
  @ApiPropertyOptional({ enum: Role, enumName: 'Role' })
  @IsOptionalNotNull()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional({
    type: [String],
    description: 'Properties the membership is limited to; empty: all.',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  propertyIds?: string[];
}
