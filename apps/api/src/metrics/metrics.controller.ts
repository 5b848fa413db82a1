import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { type TApiConfig } from '@lockstep/config';
import { type FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorators.js';
import { safeEqualHex, sha256Hex } from '../auth/tokens.js';
import { API_CONFIG } from '../config/api-config.module.js';
import { Problems } from '../problems/problems.js';
import { MetricsService } from './metrics.service.js';

/**
 * Prometheus scrape endpoint, outside the OpenAPI document. With METRICS_TOKEN set it needs
 * `Authorization: Bearer <METRICS_TOKEN>`; without, it is open (keep it off the public network).
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(API_CONFIG) private readonly config: TApiConfig,
  ) {}

  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const expected = this.config.METRICS_TOKEN;
    if (expected && !safeEqualHex(sha256Hex(authorization ?? ''), sha256Hex(`Bearer ${expected}`))) {
      throw Problems.unauthenticated('Send the metrics token as a bearer token.');
    }
    void reply.type(this.metrics.contentType);
    return this.metrics.render();
  }
}
