/** PATCH /actions/triggers/{triggerId}/bindings body (ActionBindingWithRef items). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsSafeName, NormalizeNfc } from '../../shared/http/safe-text';
import { Allow, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

export class BindingRefDto {
  @ApiProperty({ enum: ['binding_id', 'action_id', 'action_name'] })
  @IsIn(['binding_id', 'action_id', 'action_name'])
  type!: 'binding_id' | 'action_id' | 'action_name';
  @ApiProperty()
  @NormalizeNfc()
  @IsString()
  @IsNotEmpty()
  @IsSafeName()
  @MaxLength(255)
  value!: string;
}

export class BindingSecretDto {
  @ApiProperty() @IsString() name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() value?: string;
}

export class BindingItemDto {
  @ApiProperty({ type: BindingRefDto })
  @ValidateNested()
  @Type(() => BindingRefDto)
  ref!: BindingRefDto;
  @ApiPropertyOptional()
  @IsOptional()
  @NormalizeNfc()
  @IsString()
  @IsSafeName()
  @MaxLength(255)
  display_name?: string;
  @ApiPropertyOptional({ description: 'Accepted for compatibility (marketplace actions); not stored.' })
  @Allow()
  secrets?: BindingSecretDto[];
}

export class UpdateBindingsDto {
  /** Any problem inside an item reports as Auth0 does: "Data does not match any schemas from 'oneOf'". */
  static readonly oneOfArrays = ['bindings'];

  @ApiProperty({ type: [BindingItemDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BindingItemDto)
  bindings!: BindingItemDto[];
}
