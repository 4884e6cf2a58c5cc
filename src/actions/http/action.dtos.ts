/** Request shapes of the actions endpoints, mirroring Auth0's OpenAPI schemas (additionalProperties:false). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ALL_TRIGGER_IDS } from '../../triggers/trigger-catalogue';
import { PageQuery, QueryBoolean } from '../../shared/http/query-transforms';
import { IsSafeName, NormalizeNfc } from '../../shared/http/safe-text';
import { NPM_PACKAGE_NAME, NPM_VERSION_MAX_LENGTH, NPM_VERSION_RANGE } from '../../shared/npm-package-spec';

export class TriggerRefDto {
  @ApiProperty({ enum: ALL_TRIGGER_IDS })
  @IsString()
  @IsIn(ALL_TRIGGER_IDS as string[])
  id!: string;
  @ApiPropertyOptional({ example: 'v3' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  version?: string;
  // Read-only fields of ActionTrigger that clients may echo back; accepted and ignored.
  @Allow() status?: unknown;
  @Allow() runtimes?: unknown;
  @Allow() default_runtime?: unknown;
  @Allow() compatible_triggers?: unknown;
  @Allow() binding_policy?: unknown;
}

export class DependencyDto {
  @ApiProperty({ example: 'lodash' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(214)
  @Matches(NPM_PACKAGE_NAME, {
    message: 'name must be an npm package name from the registry (no paths, URLs or protocols)',
  })
  name!: string;
  @ApiProperty({ example: '^4.17.0' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(NPM_VERSION_MAX_LENGTH)
  @Matches(NPM_VERSION_RANGE, {
    message: 'version must be a version, range or dist-tag (no URLs, paths, git or file: specs)',
  })
  version!: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  registry_url?: string;
}

export class SecretDto {
  @ApiProperty()
  @NormalizeNfc()
  @IsString()
  @IsNotEmpty()
  @IsSafeName()
  name!: string;
  @ApiPropertyOptional({ description: 'Write-only. Left out on update: the stored value is kept.' })
  @IsOptional()
  @IsString()
  value?: string;
  @Allow() updated_at?: unknown;
}

class ActionFieldsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  code?: string;
  @ApiPropertyOptional({ type: [DependencyDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DependencyDto)
  dependencies?: DependencyDto[];
  @ApiPropertyOptional({ example: 'node22' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  runtime?: string;
  @ApiPropertyOptional({ type: [SecretDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SecretDto)
  secrets?: SecretDto[];
  @ApiPropertyOptional({
    description: 'Actions Modules are not supported by this service; only an empty list is accepted.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(0, { message: 'Actions Modules are not supported by this service' })
  modules?: unknown[];
}

export class CreateActionDto extends ActionFieldsDto {
  @ApiProperty()
  @NormalizeNfc()
  @IsString()
  @IsNotEmpty()
  @IsSafeName()
  @MaxLength(255)
  name!: string;
  @ApiProperty({ type: [TriggerRefDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1, { message: 'only a single trigger is supported' })
  @ValidateNested({ each: true })
  @Type(() => TriggerRefDto)
  supported_triggers!: TriggerRefDto[];
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  deploy?: boolean;
}

export class UpdateActionDto extends ActionFieldsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @NormalizeNfc()
  @IsString()
  @IsNotEmpty()
  @IsSafeName()
  @MaxLength(255)
  name?: string;
  @ApiPropertyOptional({ type: [TriggerRefDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1, { message: 'only a single trigger is supported' })
  @ValidateNested({ each: true })
  @Type(() => TriggerRefDto)
  supported_triggers?: TriggerRefDto[];
}

export class RollbackDto {
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  update_draft?: boolean;
}

export class ListActionsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ALL_TRIGGER_IDS })
  @IsOptional()
  @IsIn(ALL_TRIGGER_IDS as string[])
  triggerId?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @NormalizeNfc()
  @IsString()
  @IsSafeName()
  actionName?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  deployed?: boolean;
  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  installed?: boolean;
}

export class DeleteActionQuery {
  @ApiPropertyOptional({ description: 'Detach every binding of the action first.' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  force?: boolean;
}
