/** Query and response shapes of the audit endpoints (history, version diff, `as_of`), for validation and OpenAPI. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery, QueryBoolean } from '../../shared/http/query-transforms';

export const AS_OF_DESCRIPTION =
  'Point in time: an ISO-8601 time with a zone (the time the store recorded the events) or a log position (`42`, or ' +
  '`<commit>/<prepare>` as history entries show it). The answer is folded from the event streams up to that point; a ' +
  'point before the resource existed is 404.';

export class HistoryQuery extends PageQuery {
  @ApiPropertyOptional({ default: true, description: 'Include `total` (the number of entries) in the answer.' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  include_totals?: boolean;
}

/** PageQuery plus `as_of`, for the list endpoints that read at a point in time. */
export class PageAsOfQuery extends PageQuery {
  @ApiPropertyOptional({ description: AS_OF_DESCRIPTION, example: '2026-11-25T10:00:00Z' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  as_of?: string;
}

export class HistoryEntryDto {
  @ApiProperty({ example: 'action-3f0c…' }) stream!: string;
  @ApiProperty({ description: 'Revision of the event in its stream (0-based).' }) revision!: number;
  @ApiProperty({ description: 'Position in the global log; usable as `as_of`.', example: '42/42' }) position!: string;
  @ApiProperty() event_id!: string;
  @ApiProperty({ example: 'ActionDraftUpdated' }) type!: string;
  @ApiProperty({ description: 'When the store recorded the event (ISO-8601 UTC).' }) time!: string;
  @ApiProperty({
    description:
      'The `sub` of the token that made the change; `system:build-reactor` for builds; `unknown` on old events.',
  })
  actor!: string;
  @ApiProperty({ description: 'Request id (x-request-id) of the change; `unknown` on old events.' })
  correlation_id!: string;
  @ApiProperty() causation_id!: string;
  @ApiProperty({ example: 'draft updated: code changed (+1 −1 lines, sha256 …); secret API_KEY set (fingerprint …)' })
  summary!: string;
  @ApiProperty({ type: [String] }) changes!: string[];
}

export class HistoryPageDto {
  @ApiPropertyOptional({ description: 'Number of entries (left out on empty pages and with include_totals=false).' })
  total?: number;
  @ApiPropertyOptional() page?: number;
  @ApiProperty() per_page!: number;
  @ApiProperty({ type: [HistoryEntryDto], description: 'Oldest first.' }) history!: HistoryEntryDto[];
}

class DependencyChangeDto {
  @ApiProperty() name!: string;
  @ApiPropertyOptional() version?: string;
  @ApiPropertyOptional() registry_url?: string;
}
class DependencyVersionChangeDto {
  @ApiProperty() name!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
}
class DependencyChangesDto {
  @ApiProperty({ type: [DependencyChangeDto] }) added!: DependencyChangeDto[];
  @ApiProperty({ type: [DependencyChangeDto] }) removed!: DependencyChangeDto[];
  @ApiProperty({ type: [DependencyVersionChangeDto] }) changed!: DependencyVersionChangeDto[];
}
class SecretNameDto {
  @ApiProperty() name!: string;
  @ApiProperty() fingerprint!: string;
}
class SecretChangeDto {
  @ApiProperty() name!: string;
  @ApiProperty() from_fingerprint!: string;
  @ApiProperty() to_fingerprint!: string;
}
class SecretChangesDto {
  @ApiProperty({ type: [SecretNameDto] }) added!: SecretNameDto[];
  @ApiProperty({ type: [SecretNameDto] }) removed!: SecretNameDto[];
  @ApiProperty({ type: [SecretChangeDto], description: 'Same name, different value (fingerprints only).' })
  changed!: SecretChangeDto[];
}
class VersionRefDto {
  @ApiProperty() id!: string;
  @ApiProperty() number!: number;
  @ApiProperty() created_at!: string;
  @ApiProperty() code_sha256!: string;
}
class CodeDiffDto {
  @ApiProperty() changed!: boolean;
  @ApiProperty({ description: 'Unified diff from `from` to `to` (empty when the code is the same).' })
  unified_diff!: string;
}
class RuntimeChangeDto {
  @ApiProperty() changed!: boolean;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
}
class TriggerRefOutDto {
  @ApiProperty() id!: string;
  @ApiProperty() version!: string;
}
class TriggersChangeDto {
  @ApiProperty() changed!: boolean;
  @ApiProperty({ type: [TriggerRefOutDto] }) from!: TriggerRefOutDto[];
  @ApiProperty({ type: [TriggerRefOutDto] }) to!: TriggerRefOutDto[];
}

export class VersionDiffDto {
  @ApiProperty() action_id!: string;
  @ApiProperty({ type: VersionRefDto }) from!: VersionRefDto;
  @ApiProperty({ type: VersionRefDto }) to!: VersionRefDto;
  @ApiProperty({ type: CodeDiffDto }) code!: CodeDiffDto;
  @ApiProperty({ type: DependencyChangesDto, description: 'Dependencies as requested.' })
  dependencies!: DependencyChangesDto;
  @ApiProperty({ type: DependencyChangesDto, description: 'Dependencies as the build resolved them.' })
  resolved_dependencies!: DependencyChangesDto;
  @ApiProperty({ type: RuntimeChangeDto }) runtime!: RuntimeChangeDto;
  @ApiProperty({ type: TriggersChangeDto }) supported_triggers!: TriggersChangeDto;
  @ApiProperty({ type: SecretChangesDto }) secrets!: SecretChangesDto;
  @ApiProperty({ type: [String] }) summary!: string[];
}
