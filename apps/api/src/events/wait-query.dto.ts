import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';

/** Longest long-poll, seconds. */
export const MAX_WAIT_S = 60;

/** `?wait=&since=` of `GET /jobs/{id}` (long-poll; docs/events.md). */
export class WaitQuery {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_WAIT_S,
    description:
      'Long-poll: answer as soon as the job changes after `since`, or after this many seconds with the unchanged job (200)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `wait must be an integer number of seconds 0..${MAX_WAIT_S}` })
  @Min(0, { message: `wait must be an integer number of seconds 0..${MAX_WAIT_S}` })
  @Max(MAX_WAIT_S, { message: `wait must be an integer number of seconds 0..${MAX_WAIT_S}` })
  wait?: number;

  @ApiPropertyOptional({
    description: 'The `updated_at` the client last saw (default: the current one)',
  })
  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: 'since must be an ISO-8601 timestamp such as updated_at' },
  )
  since?: string;
}
