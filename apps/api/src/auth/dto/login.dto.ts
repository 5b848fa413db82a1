import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export const TOKEN_DELIVERIES = ['cookie', 'bearer'] as const;
export type TTokenDelivery = (typeof TOKEN_DELIVERIES)[number];

export class LoginDto {
  @ApiProperty({ format: 'email', example: 'olivia.owner@demo.lockstep.dev' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ format: 'password', minLength: 1, maxLength: 256 })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;

  @ApiPropertyOptional({
    enum: TOKEN_DELIVERIES,
    default: 'cookie',
    description:
      '`cookie`: an HTTP-only session cookie (dashboard; unsafe requests then need X-CSRF-Token). ' +
      '`bearer`: the session token in the response body, for `Authorization: Bearer`.',
  })
  @IsOptional()
  @IsIn(TOKEN_DELIVERIES)
  tokenDelivery?: TTokenDelivery;
}
