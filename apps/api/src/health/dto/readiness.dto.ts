import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthCheckDto {
  @ApiProperty({ example: 'database' })
  name!: string;

  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';

  @ApiProperty({ description: 'Time the probe took, in milliseconds.' })
  latencyMs!: number;

  @ApiPropertyOptional({ description: 'Why the check failed.' })
  error?: string;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';

  @ApiProperty({ type: [HealthCheckDto] })
  checks!: HealthCheckDto[];
}

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}
