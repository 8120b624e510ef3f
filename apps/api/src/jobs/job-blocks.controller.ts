import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@remote-ocr/server';
import type { AuthedRequest } from '../common/api-key.guard.js';
import { JobBlocksQuery } from './job-blocks.dto.js';
import { JobBlocksService } from './job-blocks.service.js';

const principalOf = (req: AuthedRequest): Principal => req.principal ?? { kind: 'operator' };

/** Per-block results with their confidence and flags (docs/confidence.md); new, not in docs/contract.md §2. */
@ApiTags('jobs')
@ApiSecurity('api-key')
@Controller('jobs')
export class JobBlocksController {
  constructor(private readonly blocks: JobBlocksService) {}

  @Get(':id/blocks')
  @ApiOperation({
    summary: "A job's block results: text, status, read method, flags, confidence (paged)",
  })
  list(@Req() req: AuthedRequest, @Param('id') id: string, @Query() query: JobBlocksQuery) {
    return this.blocks.list(principalOf(req), id, query);
  }
}
