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
exports.DeleteActionQuery = exports.ListActionsQuery = exports.TestActionDto = exports.RollbackDto = exports.UpdateActionDto = exports.CreateActionDto = exports.SecretDto = exports.DependencyDto = exports.TriggerRefDto = void 0;
/** Request shapes of the actions endpoints, mirroring Auth0's OpenAPI schemas (additionalProperties:false). */
const swagger_1 = require("@nestjs/swagger");
const class_transformer_1 = require("class-transformer");
const class_validator_1 = require("class-validator");
const trigger_catalogue_1 = require("../../triggers/trigger-catalogue");
const query_transforms_1 = require("../../shared/http/query-transforms");
const npm_package_spec_1 = require("../../shared/npm-package-spec");
class TriggerRefDto {
    id;
    version;
    // Read-only fields of ActionTrigger that clients may echo back; accepted and ignored.
    status;
    runtimes;
    default_runtime;
    compatible_triggers;
    binding_policy;
}
exports.TriggerRefDto = TriggerRefDto;
__decorate([
    (0, swagger_1.ApiProperty)({ enum: trigger_catalogue_1.ALL_TRIGGER_IDS }),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.IsIn)(trigger_catalogue_1.ALL_TRIGGER_IDS),
    __metadata("design:type", String)
], TriggerRefDto.prototype, "id", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ example: 'v3' }),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.MaxLength)(16),
    __metadata("design:type", String)
], TriggerRefDto.prototype, "version", void 0);
__decorate([
    (0, class_validator_1.Allow)(),
    __metadata("design:type", Object)
], TriggerRefDto.prototype, "status", void 0);
__decorate([
    (0, class_validator_1.Allow)(),
    __metadata("design:type", Object)
], TriggerRefDto.prototype, "runtimes", void 0);
__decorate([
    (0, class_validator_1.Allow)(),
    __metadata("design:type", Object)
], TriggerRefDto.prototype, "default_runtime", void 0);
__decorate([
    (0, class_validator_1.Allow)(),
    __metadata("design:type", Object)
], TriggerRefDto.prototype, "compatible_triggers", void 0);
__decorate([
    (0, class_validator_1.Allow)(),
    __metadata("design:type", Object)
], TriggerRefDto.prototype, "binding_policy", void 0);
class DependencyDto {
    name;
    version;
    registry_url;
}
exports.DependencyDto = DependencyDto;
__decorate([
    (0, swagger_1.ApiProperty)({ example: 'lodash' }),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.IsNotEmpty)(),
    (0, class_validator_1.MaxLength)(214),
    (0, class_validator_1.Matches)(npm_package_spec_1.NPM_PACKAGE_NAME, { message: 'name must be an npm package name from the registry (no paths, URLs or protocols)' }),
    __metadata("design:type", String)
], DependencyDto.prototype, "name", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ example: '^4.17.0' }),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.IsNotEmpty)(),
    (0, class_validator_1.MaxLength)(npm_package_spec_1.NPM_VERSION_MAX_LENGTH),
    (0, class_validator_1.Matches)(npm_package_spec_1.NPM_VERSION_RANGE, { message: 'version must be a version, range or dist-tag (no URLs, paths, git or file: specs)' }),
    __metadata("design:type", String)
], DependencyDto.prototype, "version", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)(),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.MaxLength)(2048),
    __metadata("design:type", String)
], DependencyDto.prototype, "registry_url", void 0);
class SecretDto {
    name;
    value;
    updated_at;
}
exports.SecretDto = SecretDto;
__decorate([
    (0, swagger_1.ApiProperty)(),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.IsNotEmpty)(),
    __metadata("design:type", String)
], SecretDto.prototype, "name", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ description: 'Write-only. Left out on update: the stored value is kept.' }),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], SecretDto.prototype, "value", void 0);
__decorate([
    (0, class_validator_1.Allow)(),
    __metadata("design:type", Object)
], SecretDto.prototype, "updated_at", void 0);
class ActionFieldsDto {
    code;
    dependencies;
    runtime;
    secrets;
    modules;
}
__decorate([
    (0, swagger_1.ApiPropertyOptional)(),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], ActionFieldsDto.prototype, "code", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ type: [DependencyDto] }),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsArray)(),
    (0, class_validator_1.ValidateNested)({ each: true }),
    (0, class_transformer_1.Type)(() => DependencyDto),
    __metadata("design:type", Array)
], ActionFieldsDto.prototype, "dependencies", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ example: 'node22' }),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.MaxLength)(32),
    __metadata("design:type", String)
], ActionFieldsDto.prototype, "runtime", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ type: [SecretDto] }),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsArray)(),
    (0, class_validator_1.ValidateNested)({ each: true }),
    (0, class_transformer_1.Type)(() => SecretDto),
    __metadata("design:type", Array)
], ActionFieldsDto.prototype, "secrets", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ description: 'Actions Modules are not supported by this service; only an empty list is accepted.' }),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsArray)(),
    (0, class_validator_1.ArrayMaxSize)(0, { message: 'Actions Modules are not supported by this service' }),
    __metadata("design:type", Array)
], ActionFieldsDto.prototype, "modules", void 0);
class CreateActionDto extends ActionFieldsDto {
    name;
    supported_triggers;
    deploy;
}
exports.CreateActionDto = CreateActionDto;
__decorate([
    (0, swagger_1.ApiProperty)(),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.IsNotEmpty)(),
    (0, class_validator_1.MaxLength)(255),
    __metadata("design:type", String)
], CreateActionDto.prototype, "name", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: [TriggerRefDto] }),
    (0, class_validator_1.IsArray)(),
    (0, class_validator_1.ArrayMinSize)(1),
    (0, class_validator_1.ArrayMaxSize)(1, { message: 'only a single trigger is supported' }),
    (0, class_validator_1.ValidateNested)({ each: true }),
    (0, class_transformer_1.Type)(() => TriggerRefDto),
    __metadata("design:type", Array)
], CreateActionDto.prototype, "supported_triggers", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ default: false }),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsBoolean)(),
    __metadata("design:type", Boolean)
], CreateActionDto.prototype, "deploy", void 0);
class UpdateActionDto extends ActionFieldsDto {
    name;
    supported_triggers;
}
exports.UpdateActionDto = UpdateActionDto;
__decorate([
    (0, swagger_1.ApiPropertyOptional)(),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.IsNotEmpty)(),
    (0, class_validator_1.MaxLength)(255),
    __metadata("design:type", String)
], UpdateActionDto.prototype, "name", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ type: [TriggerRefDto] }),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsArray)(),
    (0, class_validator_1.ArrayMinSize)(1),
    (0, class_validator_1.ArrayMaxSize)(1, { message: 'only a single trigger is supported' }),
    (0, class_validator_1.ValidateNested)({ each: true }),
    (0, class_transformer_1.Type)(() => TriggerRefDto),
    __metadata("design:type", Array)
], UpdateActionDto.prototype, "supported_triggers", void 0);
class RollbackDto {
    update_draft;
}
exports.RollbackDto = RollbackDto;
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ default: false }),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsBoolean)(),
    __metadata("design:type", Boolean)
], RollbackDto.prototype, "update_draft", void 0);
class TestActionDto {
    payload;
}
exports.TestActionDto = TestActionDto;
__decorate([
    (0, swagger_1.ApiProperty)({ type: 'object', additionalProperties: true, description: 'Usually { event: {...} }' }),
    (0, class_validator_1.IsObject)(),
    __metadata("design:type", Object)
], TestActionDto.prototype, "payload", void 0);
class ListActionsQuery extends query_transforms_1.PageQuery {
    triggerId;
    actionName;
    deployed;
    installed;
}
exports.ListActionsQuery = ListActionsQuery;
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ enum: trigger_catalogue_1.ALL_TRIGGER_IDS }),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsIn)(trigger_catalogue_1.ALL_TRIGGER_IDS),
    __metadata("design:type", String)
], ListActionsQuery.prototype, "triggerId", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)(),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], ListActionsQuery.prototype, "actionName", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)(),
    (0, class_validator_1.IsOptional)(),
    (0, query_transforms_1.QueryBoolean)(),
    (0, class_validator_1.IsBoolean)(),
    __metadata("design:type", Boolean)
], ListActionsQuery.prototype, "deployed", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)(),
    (0, class_validator_1.IsOptional)(),
    (0, query_transforms_1.QueryBoolean)(),
    (0, class_validator_1.IsBoolean)(),
    __metadata("design:type", Boolean)
], ListActionsQuery.prototype, "installed", void 0);
class DeleteActionQuery {
    force;
}
exports.DeleteActionQuery = DeleteActionQuery;
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ description: 'Detach every binding of the action first.' }),
    (0, class_validator_1.IsOptional)(),
    (0, query_transforms_1.QueryBoolean)(),
    (0, class_validator_1.IsBoolean)(),
    __metadata("design:type", Boolean)
], DeleteActionQuery.prototype, "force", void 0);
//# sourceMappingURL=action.dtos.js.map