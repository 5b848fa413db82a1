import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'timeZone' })
  field!: string;

  @ApiProperty({ example: 'must be an IANA time zone' })
  message!: string;
}

/** RFC 9457 problem document (`application/problem+json`). */
export class ProblemDto {
  @ApiProperty({ example: 'https://lockstep.dev/problems/validation-failed' })
  type!: string;

  @ApiProperty({ example: 'Invalid request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'The request has invalid fields.' })
  detail!: string;

  @ApiPropertyOptional()
  instance?: string;

  @ApiPropertyOptional()
  requestId?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}
