import {
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Req,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { AuthedRequest } from '../common/api-key.guard.js';
import { principalOf } from '../common/principal.js';
import {
  CreateWebhookEndpointDto,
  RotateSecretDto,
  UpdateWebhookEndpointDto,
} from './webhook-endpoints.dto.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';

/** Endpoints see every client's jobs: the operator key only; a client key gets 403. */
function operatorOnly(req: AuthedRequest): void {
  if (principalOf(req).kind !== 'operator') {
    throw new ForbiddenException({
      detail: 'Webhook endpoints need the operator key (REMOTE_OCR_API_KEY)',
      code: 'unauthorized',
    });
  }
}

/** Operator webhook endpoints (docs/webhooks.md). */
@ApiTags('webhooks')
@ApiSecurity('api-key')
@Controller('webhooks')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Post()
  @ApiOperation({ summary: 'Add an endpoint; the answer holds its secret, shown only here' })
  @ApiBody({ type: CreateWebhookEndpointDto })
  create(@Req() req: AuthedRequest, @Body() body: Record<string, unknown>) {
    operatorOnly(req);
    return this.endpoints.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'Every endpoint (no secrets), with its disabled mark' })
  list(@Req() req: AuthedRequest) {
    operatorOnly(req);
    return this.endpoints.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One endpoint (no secret)' })
  get(@Req() req: AuthedRequest, @Param('id') id: string) {
    operatorOnly(req);
    return this.endpoints.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change url, client_id, events or progress_interval_s' })
  @ApiBody({ type: UpdateWebhookEndpointDto })
  update(
    @Req() req: AuthedRequest,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    operatorOnly(req);
    return this.endpoints.update(id, body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Remove an endpoint' })
  remove(@Req() req: AuthedRequest, @Param('id') id: string) {
    operatorOnly(req);
    return this.endpoints.remove(id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'New secret; the old one also signs for overlap_s seconds' })
  @ApiBody({ type: RotateSecretDto, required: false })
  rotateSecret(
    @Req() req: AuthedRequest,
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
  ) {
    operatorOnly(req);
    return this.endpoints.rotateSecret(id, body ?? {});
  }
}
