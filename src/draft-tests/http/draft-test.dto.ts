/** POST /actions/actions/{id}/test body. */
import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

export class TestActionDto {
  /** The payload is the caller's own JSON: any keys (validation.ts, prototypeKey). */
  static readonly freeFormProperties = ['payload'];

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Usually { event: {...} }' })
  @IsObject()
  payload!: Record<string, unknown>;
}
