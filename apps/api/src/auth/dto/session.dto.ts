import { ApiProperty } from '@nestjs/swagger';
import { Role } from '@lockstep/db';
import { type MembershipSummaryRow } from '../../users/users.repository.js';
import { UserDto } from '../../users/user.dto.js';

export class MembershipSummaryDto {
  @ApiProperty({ format: 'uuid' })
  membershipId!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty()
  organizationName!: string;

  @ApiProperty()
  organizationSlug!: string;

  @ApiProperty({ enum: Role, enumName: 'Role' })
  role!: Role;

  @ApiProperty({ type: [String], description: 'Empty: the whole organization.' })
  propertyIds!: string[];

  static from(row: MembershipSummaryRow): MembershipSummaryDto {
    return {
      membershipId: row.id,
      organizationId: row.organization.id,
      organizationName: row.organization.name,
      organizationSlug: row.organization.slug,
      role: row.role,
      propertyIds: row.propertyIds,
    };
  }
}

export class SessionDto {
  @ApiProperty({ type: UserDto })
  user!: UserDto;

  @ApiProperty({ type: [MembershipSummaryDto] })
  memberships!: MembershipSummaryDto[];
}

export class LoginResponseDto extends SessionDto {
  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Session token for `Authorization: Bearer` (only with tokenDelivery=bearer; shown once).',
  })
  token!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Value for the X-CSRF-Token header of cookie-authenticated unsafe requests (cookie delivery).',
  })
  csrfToken!: string | null;
}
