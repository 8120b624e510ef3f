import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Body of `POST /jobs/events/token` (JSON or form); a client key may leave it out. */
export class ClientTokenForm {
  @ApiPropertyOptional({ description: 'Required with the operator key' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  client_id?: string;
}
