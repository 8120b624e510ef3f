import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** Largest `max_cost` accepted, USD: far above any job, low enough to stay an exact number. */
export const MAX_COST_LIMIT = 1_000_000;

/**
 * `max_cost` (docs/costs.md): the job's spending cap in USD, a plain non-negative decimal. The
 * pattern refuses negatives, exponents, `NaN` and `Infinity` with one clear message.
 */
export const MaxCostField = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      description: 'Spending cap of the job in USD; it pauses with budget_exceeded at the cap',
      example: '2.50',
    }),
    Transform(emptyToUndefined),
    IsOptional(),
    Matches(/^\d{1,7}(\.\d{1,9})?$/, {
      message: `max_cost must be a non-negative number of USD (at most ${MAX_COST_LIMIT}), e.g. 2.50`,
    }),
  );

/** `dry_run=true` on `POST /jobs/{id}/start`: the draft's estimate, nothing started. */
export const DryRunField = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ enum: ['true', 'false'], description: 'Estimate only; the draft stays' }),
    Transform(emptyToUndefined),
    IsOptional(),
    IsIn(['true', 'false'], { message: 'dry_run must be true or false' }),
  );

/** A validated `max_cost` as a number, or undefined when not given. */
export function maxCostOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  return value > MAX_COST_LIMIT ? MAX_COST_LIMIT : value;
}
