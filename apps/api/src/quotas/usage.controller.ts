import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { UsageAnswer } from '@remote-ocr/contracts';
import { IsOptional, Matches } from 'class-validator';
import type { AuthedRequest } from '../common/api-key.guard.js';
import { principalOf } from '../common/principal.js';
import { ClientQuotasService } from './client-quotas.service.js';

export class UsageQuery {
  /** Operator only: one client's entry. A client key may name only its own id. */
  @IsOptional()
  @Matches(/^[\w.@:-]{1,200}$/, {
    message: 'client must be a client id (1-200 letters, digits, . _ @ : -)',
  })
  client?: string;
}

/** `GET /usage` (docs/quotas.md): counters and limits of client keys. */
@ApiTags('usage')
@ApiSecurity('api-key')
@Controller('usage')
export class UsageController {
  constructor(private readonly quotas: ClientQuotasService) {}

  @Get()
  @ApiOperation({
    summary: "Today's usage and the limits of the key's client (operator: every client)",
  })
  @ApiQuery({ name: 'client', required: false })
  usage(@Req() req: AuthedRequest, @Query() query: UsageQuery): Promise<UsageAnswer> {
    return this.quotas.usage(principalOf(req), query.client);
  }
}
