import { ApiProperty } from '@nestjs/swagger';
import { type UserModel } from '@lockstep/db';

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'email' })
  email!: string;

  @ApiProperty()
  name!: string;

  static from(row: Pick<UserModel, 'id' | 'email' | 'name'>): UserDto {
    return { id: row.id, email: row.email, name: row.name };
  }
}
