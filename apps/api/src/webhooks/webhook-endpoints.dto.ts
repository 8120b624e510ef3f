import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// OpenAPI descriptions of the JSON bodies of the routes under /webhooks. The bodies are checked
// by parseEndpointSettings (libs/server/src/webhooks/endpoint-input.ts), shared with
// WEBHOOK_ENDPOINTS, so these classes carry no validation decorators of their own.

const EVENTS = ['job.done', 'job.error', 'job.paused', 'job.progress', 'job.stalled'];

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://hooks.example.com/ocr' })
  url!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The jobs\' client_id this endpoint hears about; null, "*" or absent = all',
  })
  client_id?: string | null;

  @ApiProperty({ enum: EVENTS, isArray: true, example: ['job.done', 'job.error'] })
  events!: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 86400, default: 60 })
  progress_interval_s?: number;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional()
  url?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  client_id?: string | null;

  @ApiPropertyOptional({ enum: EVENTS, isArray: true })
  events?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 86400 })
  progress_interval_s?: number;
}

export class RotateSecretDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 604800,
    default: 86400,
    description: 'Seconds the old secret keeps signing next to the new one',
  })
  overlap_s?: number;
}
