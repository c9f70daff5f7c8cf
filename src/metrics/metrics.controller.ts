import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators';
import { ApiRole } from '../auth/api-role.enum';
import { MetricsService } from './metrics.service';

/**
 * GET /metrics in Prometheus text format. Needs an API key (any role: give Prometheus a reader key,
 * `authorization: { credentials: <key> }` in its scrape config); it holds counts only, never contact data.
 */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Roles(ApiRole.reader)
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metrics.render();
    res.setHeader('Content-Type', contentType);
    res.send(body);
  }
}
