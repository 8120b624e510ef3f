import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ENGINE_NAMES, type EngineName } from '@remote-ocr/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { WaitQuery } from '../events/wait-query.dto.js';
import { DryRunField, MaxCostField } from './costs/cost-fields.dto.js';

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
/**
 * Printable text only: control characters and line/paragraph separators break logs, files and
 * terminals; bidi overrides make a name display as something else ("report\u202Efdp.exe"); U+FFFD is
 * what the multipart parser leaves of bytes that were not UTF-8.
 */
const PRINTABLE = /^[^\p{Cc}\p{Cs}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069\uFFFD]*$/u;

/** A model name field: optional, printable, at most 200 characters; '' means "not set". */
const ModelName = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional(),
    Transform(emptyToUndefined),
    IsOptional(),
    IsString(),
    MaxLength(200),
    Matches(PRINTABLE),
  );

/** Model fields accepted by create and start. */
export class ModelFields {
  @ApiPropertyOptional({
    enum: ENGINE_NAMES,
    description: "Defaults to the server's default engine",
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(ENGINE_NAMES)
  engine?: EngineName;

  @ModelName()
  text_model?: string;

  @ModelName()
  table_model?: string;

  @ModelName()
  image_model?: string;

  @MaxCostField()
  max_cost?: string;
}

class DocumentFields extends ModelFields {
  @ApiProperty({ example: 'desktop-7f3a' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(PRINTABLE, { message: 'client_id must not contain control characters' })
  client_id!: string;

  @ApiProperty({
    description: 'SHA-256 (hex) of the PDF',
    example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  })
  @Transform(trim)
  @IsString()
  @Matches(/^[0-9a-fA-F]{64}$/, {
    message: 'document_id must be the SHA-256 hex digest of the PDF',
  })
  document_id!: string;

  @ApiProperty({ example: 'SH-12 facade.pdf' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  @Matches(PRINTABLE, { message: 'document_name must not contain control characters' })
  document_name!: string;

  @ApiPropertyOptional({ default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(PRINTABLE, { message: 'task_name must not contain control characters' })
  task_name?: string;
}

/** Optional `callback_url` of create and draft: where the job's webhooks go (docs/webhooks.md). */
class CallbackField extends DocumentFields {
  @ApiPropertyOptional({
    description:
      'Webhook URL for job.done/error/paused/stalled; the answer carries its webhook_secret',
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  callback_url?: string;
}

/** Form fields of `POST /jobs` (files `pdf` and `blocks_file` come as multipart parts). */
export class CreateJobForm extends CallbackField {
  @ApiProperty({ type: 'string', format: 'binary' }) pdf?: unknown;
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'JSON array of blocks or a Document',
  })
  blocks_file?: unknown;
}

/** Form fields of `POST /jobs/draft`. */
export class CreateDraftForm extends CallbackField {
  @ApiProperty({ description: 'A Document {pdf_path, pages:[…]} as JSON text' })
  @IsString()
  @IsNotEmpty({ message: 'annotation_json is required' })
  annotation_json!: string;

  @ApiProperty({ type: 'string', format: 'binary' }) pdf?: unknown;
}

export class StartJobForm extends ModelFields {
  @DryRunField()
  dry_run?: string;
}

/** `POST /jobs/{id}/resume`: optionally a new (raised) `max_cost`. */
export class ResumeJobForm {
  @MaxCostField()
  max_cost?: string;
}

export class RenameJobForm {
  @ApiProperty()
  @IsString()
  @MaxLength(500)
  @Matches(PRINTABLE, { message: 'task_name must not contain control characters' })
  task_name!: string;
}

export class RestartJobForm {
  @ApiPropertyOptional({ type: 'string', format: 'binary', description: 'Replaces the blocks' })
  blocks_file?: unknown;

  @MaxCostField()
  max_cost?: string;
}

/** `wait`/`since` make it a long-poll (docs/events.md). */
export class ListJobsQuery extends WaitQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) client_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) document_id?: string;
  @ApiPropertyOptional({ default: 500, maximum: 5000 })
  @IsOptional()
  @Matches(/^\d{1,4}$/, { message: 'limit must be an integer 1..5000' })
  limit?: string;
  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Matches(/^\d{1,9}$/, { message: 'offset must be a non-negative integer' })
  offset?: string;
}
