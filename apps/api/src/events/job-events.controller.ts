import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError } from '@remote-ocr/contracts';
import { JOB_STORE, type Principal } from '@remote-ocr/server';
import type { JobStore } from '@remote-ocr/storage';
import type { Request, Response } from 'express';
import { Public, type AuthedRequest } from '../common/api-key.guard.js';
import { findOwnedJob } from '../jobs/job-access.js';
import { EventsAuth } from './events-auth.js';
import { EVENTS_DESCRIPTION } from './events-docs.js';
import { ClientTokenForm } from './client-token.dto.js';
import { JobEventsService } from './job-events.service.js';

const principalOf = (req: AuthedRequest): Principal => req.principal ?? { kind: 'operator' };

/** The client whose stream a principal asks for: a client key only ever gets its own. */
function clientOf(principal: Principal, requested: string | undefined): string {
  if (principal.kind === 'client') return principal.clientId;
  if (!requested) throw new DomainError('validation_failed', 'client_id is required');
  if (requested.length > 200) throw new DomainError('validation_failed', 'client_id is too long');
  return requested;
}

/** Server-sent events of jobs (docs/events.md) and the tokens EventSource needs. */
@ApiTags('events')
@ApiSecurity('api-key')
@Controller('jobs')
export class JobEventsController {
  constructor(
    private readonly events: JobEventsService,
    private readonly auth: EventsAuth,
    @Inject(JOB_STORE) private readonly store: JobStore,
  ) {}

  @Get('events')
  @Public()
  @ApiOperation({
    summary: "Every event of a client's jobs (SSE)",
    description: EVENTS_DESCRIPTION,
  })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'client_id', required: false })
  @ApiQuery({ name: 'token', required: false, description: 'from POST /jobs/events/token' })
  @ApiHeader({ name: 'Last-Event-ID', required: false })
  async clientEvents(
    @Req() req: Request,
    @Res() res: Response,
    @Query('client_id') clientId?: string,
  ): Promise<void> {
    const requested = typeof clientId === 'string' ? clientId : undefined;
    const scope = { kind: 'client' as const, clientId: requested ?? '' };
    const principal = this.auth.principal(req, scope);
    await this.events.streamClient(req, res, clientOf(principal, requested));
  }

  @Post('events/token')
  @HttpCode(200)
  @ApiOperation({ summary: 'A short-lived token for the client event stream (EventSource URLs)' })
  @ApiBody({ type: ClientTokenForm, required: false })
  @ApiOkResponse({ description: '{token, expires_at, url}' })
  clientToken(@Req() req: AuthedRequest, @Body() form: ClientTokenForm) {
    const principal = principalOf(req);
    const clientId = clientOf(principal, form?.client_id);
    const issued = this.auth.issue(principal, { kind: 'client', clientId });
    const query = `client_id=${encodeURIComponent(clientId)}&token=${issued.token}`;
    return { ...issued, url: `/jobs/events?${query}` };
  }

  @Get(':id/events')
  @Public()
  @ApiOperation({
    summary: "One job's events (SSE); ends after done/error/deleted",
    description: EVENTS_DESCRIPTION,
  })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'token', required: false, description: 'from POST /jobs/{id}/events/token' })
  @ApiHeader({ name: 'Last-Event-ID', required: false })
  async jobEvents(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const principal = this.auth.principal(req, { kind: 'job', jobId: id });
    await this.events.streamJob(req, res, principal, id);
  }

  @Post(':id/events/token')
  @HttpCode(200)
  @ApiOperation({ summary: "A short-lived token for one job's event stream (EventSource URLs)" })
  @ApiOkResponse({ description: '{token, expires_at, url}' })
  async jobToken(@Req() req: AuthedRequest, @Param('id') id: string) {
    const principal = principalOf(req);
    const job = await findOwnedJob(this.store, principal, id);
    const issued = this.auth.issue(principal, { kind: 'job', jobId: job.id });
    return { ...issued, url: `/jobs/${job.id}/events?token=${issued.token}` };
  }
}
