"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.VersionDiffDto = exports.HistoryPageDto = exports.HistoryEntryDto = exports.PageAsOfQuery = exports.HistoryQuery = exports.AS_OF_DESCRIPTION = void 0;
/** Query and response shapes of the audit endpoints (history, version diff, `as_of`), for validation and OpenAPI. */
const swagger_1 = require("@nestjs/swagger");
const class_validator_1 = require("class-validator");
const query_transforms_1 = require("../../shared/http/query-transforms");
exports.AS_OF_DESCRIPTION = 'Point in time: an ISO-8601 time with a zone (the time the store recorded the events) or a log position (`42`, or ' +
    '`<commit>/<prepare>` as history entries show it). The answer is folded from the event streams up to that point; a ' +
    'point before the resource existed is 404.';
class HistoryQuery extends query_transforms_1.PageQuery {
    include_totals;
}
exports.HistoryQuery = HistoryQuery;
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ default: true, description: 'Include `total` (the number of entries) in the answer.' }),
    (0, class_validator_1.IsOptional)(),
    (0, query_transforms_1.QueryBoolean)(),
    (0, class_validator_1.IsBoolean)(),
    __metadata("design:type", Boolean)
], HistoryQuery.prototype, "include_totals", void 0);
/** PageQuery plus `as_of`, for the list endpoints that read at a point in time. */
class PageAsOfQuery extends query_transforms_1.PageQuery {
    as_of;
}
exports.PageAsOfQuery = PageAsOfQuery;
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ description: exports.AS_OF_DESCRIPTION, example: '2026-11-25T10:00:00Z' }),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.MaxLength)(64),
    __metadata("design:type", String)
], PageAsOfQuery.prototype, "as_of", void 0);
class HistoryEntryDto {
    stream;
    revision;
    position;
    event_id;
    type;
    time;
    actor;
    correlation_id;
    causation_id;
    summary;
    changes;
}
exports.HistoryEntryDto = HistoryEntryDto;
__decorate([
    (0, swagger_1.ApiProperty)({ example: 'action-3f0c…' }),
    __metadata("design:type", String)
], HistoryEntryDto.prototype, "stream", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ description: 'Revision of the event in its stream (0-based).' }),
    __metadata("design:type", Number)
], HistoryEntryDto.prototype, "revision", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ description: 'Position in the global log; usable as `as_of`.', example: '42/42' }),
    __metadata("design:type", String)
], HistoryEntryDto.prototype, "position", void 0);
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], HistoryEntryDto.prototype, "event_id", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ example: 'ActionDraftUpdated' }),
    __metadata("design:type", String)
], HistoryEntryDto.prototype, "type", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ description: 'When the store recorded the event (ISO-8601 UTC).' }),
    __metadata("design:type", String)
], HistoryEntryDto.prototype, "time", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ description: 'The `sub` of the token that made the change; `system:build-reactor` for builds; `unknown` on old events.' }),
    __metadata("design:type", String)
], HistoryEntryDto.prototype, "actor", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ description: 'Request id (x-request-id) of the change; `unknown` on old events.' }),
    __metadata("design:type", String)
], HistoryEntryDto.prototype, "correlation_id", void 0);
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], HistoryEntryDto.prototype, "causation_id", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ example: 'draft updated: code changed (+1 −1 lines, sha256 …); secret API_KEY set (fingerprint …)' }),
    __metadata("design:type", String)
], HistoryEntryDto.prototype, "summary", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: [String] }),
    __metadata("design:type", Array)
], HistoryEntryDto.prototype, "changes", void 0);
class HistoryPageDto {
    total;
    page;
    per_page;
    history;
}
exports.HistoryPageDto = HistoryPageDto;
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ description: 'Number of entries (left out on empty pages and with include_totals=false).' }),
    __metadata("design:type", Number)
], HistoryPageDto.prototype, "total", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)(),
    __metadata("design:type", Number)
], HistoryPageDto.prototype, "page", void 0);
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", Number)
], HistoryPageDto.prototype, "per_page", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: [HistoryEntryDto], description: 'Oldest first.' }),
    __metadata("design:type", Array)
], HistoryPageDto.prototype, "history", void 0);
class DependencyChangeDto {
    name;
    version;
    registry_url;
}
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], DependencyChangeDto.prototype, "name", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)(),
    __metadata("design:type", String)
], DependencyChangeDto.prototype, "version", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)(),
    __metadata("design:type", String)
], DependencyChangeDto.prototype, "registry_url", void 0);
class DependencyVersionChangeDto {
    name;
    from;
    to;
}
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], DependencyVersionChangeDto.prototype, "name", void 0);
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], DependencyVersionChangeDto.prototype, "from", void 0);
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], DependencyVersionChangeDto.prototype, "to", void 0);
class DependencyChangesDto {
    added;
    removed;
    changed;
}
__decorate([
    (0, swagger_1.ApiProperty)({ type: [DependencyChangeDto] }),
    __metadata("design:type", Array)
], DependencyChangesDto.prototype, "added", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: [DependencyChangeDto] }),
    __metadata("design:type", Array)
], DependencyChangesDto.prototype, "removed", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: [DependencyVersionChangeDto] }),
    __metadata("design:type", Array)
], DependencyChangesDto.prototype, "changed", void 0);
class SecretNameDto {
    name;
    fingerprint;
}
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], SecretNameDto.prototype, "name", void 0);
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], SecretNameDto.prototype, "fingerprint", void 0);
class SecretChangeDto {
    name;
    from_fingerprint;
    to_fingerprint;
}
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], SecretChangeDto.prototype, "name", void 0);
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], SecretChangeDto.prototype, "from_fingerprint", void 0);
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], SecretChangeDto.prototype, "to_fingerprint", void 0);
class SecretChangesDto {
    added;
    removed;
    changed;
}
__decorate([
    (0, swagger_1.ApiProperty)({ type: [SecretNameDto] }),
    __metadata("design:type", Array)
], SecretChangesDto.prototype, "added", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: [SecretNameDto] }),
    __metadata("design:type", Array)
], SecretChangesDto.prototype, "removed", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: [SecretChangeDto], description: 'Same name, different value (fingerprints only).' }),
    __metadata("design:type", Array)
], SecretChangesDto.prototype, "changed", void 0);
class VersionRefDto {
    id;
    number;
    created_at;
    code_sha256;
}
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], VersionRefDto.prototype, "id", void 0);
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", Number)
], VersionRefDto.prototype, "number", void 0);
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], VersionRefDto.prototype, "created_at", void 0);
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], VersionRefDto.prototype, "code_sha256", void 0);
class CodeDiffDto {
    changed;
    unified_diff;
}
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", Boolean)
], CodeDiffDto.prototype, "changed", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ description: 'Unified diff from `from` to `to` (empty when the code is the same).' }),
    __metadata("design:type", String)
], CodeDiffDto.prototype, "unified_diff", void 0);
class RuntimeChangeDto {
    changed;
    from;
    to;
}
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", Boolean)
], RuntimeChangeDto.prototype, "changed", void 0);
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], RuntimeChangeDto.prototype, "from", void 0);
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], RuntimeChangeDto.prototype, "to", void 0);
class TriggerRefOutDto {
    id;
    version;
}
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], TriggerRefOutDto.prototype, "id", void 0);
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], TriggerRefOutDto.prototype, "version", void 0);
class TriggersChangeDto {
    changed;
    from;
    to;
}
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", Boolean)
], TriggersChangeDto.prototype, "changed", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: [TriggerRefOutDto] }),
    __metadata("design:type", Array)
], TriggersChangeDto.prototype, "from", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: [TriggerRefOutDto] }),
    __metadata("design:type", Array)
], TriggersChangeDto.prototype, "to", void 0);
class VersionDiffDto {
    action_id;
    from;
    to;
    code;
    dependencies;
    resolved_dependencies;
    runtime;
    supported_triggers;
    secrets;
    summary;
}
exports.VersionDiffDto = VersionDiffDto;
__decorate([
    (0, swagger_1.ApiProperty)(),
    __metadata("design:type", String)
], VersionDiffDto.prototype, "action_id", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: VersionRefDto }),
    __metadata("design:type", VersionRefDto)
], VersionDiffDto.prototype, "from", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: VersionRefDto }),
    __metadata("design:type", VersionRefDto)
], VersionDiffDto.prototype, "to", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: CodeDiffDto }),
    __metadata("design:type", CodeDiffDto)
], VersionDiffDto.prototype, "code", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: DependencyChangesDto, description: 'Dependencies as requested.' }),
    __metadata("design:type", DependencyChangesDto)
], VersionDiffDto.prototype, "dependencies", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: DependencyChangesDto, description: 'Dependencies as the build resolved them.' }),
    __metadata("design:type", DependencyChangesDto)
], VersionDiffDto.prototype, "resolved_dependencies", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: RuntimeChangeDto }),
    __metadata("design:type", RuntimeChangeDto)
], VersionDiffDto.prototype, "runtime", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: TriggersChangeDto }),
    __metadata("design:type", TriggersChangeDto)
], VersionDiffDto.prototype, "supported_triggers", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: SecretChangesDto }),
    __metadata("design:type", SecretChangesDto)
], VersionDiffDto.prototype, "secrets", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: [String] }),
    __metadata("design:type", Array)
], VersionDiffDto.prototype, "summary", void 0);
//# sourceMappingURL=audit.dtos.js.map