import { ApiPropertyOptional } from '@nestjs/swagger';
import { BLOCK_FLAGS } from '@remote-ocr/ocr-core';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const BLOCK_STATUSES = ['done', 'failed', 'pending', 'flagged'] as const;

/** `GET /jobs/{id}/blocks` filters and paging (docs/confidence.md). */
export class JobBlocksQuery {
  @ApiPropertyOptional({ enum: BLOCK_FLAGS, description: 'Only blocks carrying this flag' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(BLOCK_FLAGS)
  flag?: string;

  @ApiPropertyOptional({
    enum: BLOCK_STATUSES,
    description: '`flagged`: done blocks with a warning flag',
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(BLOCK_STATUSES)
  status?: (typeof BLOCK_STATUSES)[number];

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

/** `POST /jobs/{id}/retry-failed` query: `include_flagged=true` re-runs flagged blocks too. */
export class RetryFailedQuery {
  @ApiPropertyOptional({ description: 'Also re-run done blocks with a warning flag' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  include_flagged?: boolean;
}

/** Optional body of `POST /jobs/{id}/retry-failed`: the model to re-run the blocks with. */
export class RetryFailedBody {
  @ApiPropertyOptional({
    description: 'Model for the re-run (strips and images), e.g. another VLM',
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[^\p{Cc}\p{Cs}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069\uFFFD]*$/u)
  model?: string;
}
