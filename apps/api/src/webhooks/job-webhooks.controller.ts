import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@remote-ocr/server';
import type { AuthedRequest } from '../common/api-key.guard.js';
import { JobWebhooksService } from './job-webhooks.service.js';

const principalOf = (req: AuthedRequest): Principal => req.principal ?? { kind: 'operator' };

/** A job's webhook deliveries (docs/webhooks.md). */
@ApiTags('webhooks')
@ApiSecurity('api-key')
@Controller('jobs')
export class JobWebhooksController {
  constructor(private readonly webhooks: JobWebhooksService) {}

  @Get(':id/webhooks')
  @ApiOperation({ summary: "The job's webhook deliveries with every attempt (status, latency)" })
  list(@Req() req: AuthedRequest, @Param('id') id: string) {
    return this.webhooks.list(principalOf(req), id);
  }

  @Post(':id/webhooks/:delivery/redeliver')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a delivery again (same webhook-id and body)' })
  redeliver(
    @Req() req: AuthedRequest,
    @Param('id') id: string,
    @Param('delivery') delivery: string,
  ) {
    return this.webhooks.redeliver(principalOf(req), id, delivery);
  }
}
