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
exports.UpdateBindingsDto = exports.BindingItemDto = exports.BindingSecretDto = exports.BindingRefDto = void 0;
/** PATCH /actions/triggers/{triggerId}/bindings body (ActionBindingWithRef items). */
const swagger_1 = require("@nestjs/swagger");
const class_transformer_1 = require("class-transformer");
const class_validator_1 = require("class-validator");
class BindingRefDto {
    type;
    value;
}
exports.BindingRefDto = BindingRefDto;
__decorate([
    (0, swagger_1.ApiProperty)({ enum: ['binding_id', 'action_id', 'action_name'] }),
    (0, class_validator_1.IsIn)(['binding_id', 'action_id', 'action_name']),
    __metadata("design:type", String)
], BindingRefDto.prototype, "type", void 0);
__decorate([
    (0, swagger_1.ApiProperty)(),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.IsNotEmpty)(),
    (0, class_validator_1.MaxLength)(255),
    __metadata("design:type", String)
], BindingRefDto.prototype, "value", void 0);
class BindingSecretDto {
    name;
    value;
}
exports.BindingSecretDto = BindingSecretDto;
__decorate([
    (0, swagger_1.ApiProperty)(),
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], BindingSecretDto.prototype, "name", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)(),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], BindingSecretDto.prototype, "value", void 0);
class BindingItemDto {
    ref;
    display_name;
    secrets;
}
exports.BindingItemDto = BindingItemDto;
__decorate([
    (0, swagger_1.ApiProperty)({ type: BindingRefDto }),
    (0, class_validator_1.ValidateNested)(),
    (0, class_transformer_1.Type)(() => BindingRefDto),
    __metadata("design:type", BindingRefDto)
], BindingItemDto.prototype, "ref", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)(),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.MaxLength)(255),
    __metadata("design:type", String)
], BindingItemDto.prototype, "display_name", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ description: 'Accepted for compatibility (marketplace actions); not stored.' }),
    (0, class_validator_1.Allow)(),
    __metadata("design:type", Array)
], BindingItemDto.prototype, "secrets", void 0);
class UpdateBindingsDto {
    /** Any problem inside an item reports as Auth0 does: "Data does not match any schemas from 'oneOf'". */
    static oneOfArrays = ['bindings'];
    bindings;
}
exports.UpdateBindingsDto = UpdateBindingsDto;
__decorate([
    (0, swagger_1.ApiProperty)({ type: [BindingItemDto] }),
    (0, class_validator_1.IsArray)(),
    (0, class_validator_1.ValidateNested)({ each: true }),
    (0, class_transformer_1.Type)(() => BindingItemDto),
    __metadata("design:type", Array)
], UpdateBindingsDto.prototype, "bindings", void 0);
//# sourceMappingURL=bindings.dtos.js.map