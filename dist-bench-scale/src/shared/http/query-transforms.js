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
exports.PageQuery = exports.MAX_PER_PAGE = exports.QueryInteger = exports.QueryBoolean = void 0;
/** Query strings arrive as strings: convert only well-formed values, so anything else fails validation (400). */
const class_transformer_1 = require("class-transformer");
const class_validator_1 = require("class-validator");
const swagger_1 = require("@nestjs/swagger");
const QueryBoolean = () => (0, class_transformer_1.Transform)(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));
exports.QueryBoolean = QueryBoolean;
const QueryInteger = () => (0, class_transformer_1.Transform)(({ value }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value));
exports.QueryInteger = QueryInteger;
exports.MAX_PER_PAGE = 100;
class PageQuery {
    page;
    per_page;
}
exports.PageQuery = PageQuery;
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ minimum: 0, description: 'Page index, 0-based.' }),
    (0, class_validator_1.IsOptional)(),
    (0, exports.QueryInteger)(),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(0),
    __metadata("design:type", Number)
], PageQuery.prototype, "page", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ minimum: 1, maximum: exports.MAX_PER_PAGE }),
    (0, class_validator_1.IsOptional)(),
    (0, exports.QueryInteger)(),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(1),
    (0, class_validator_1.Max)(exports.MAX_PER_PAGE),
    __metadata("design:type", Number)
], PageQuery.prototype, "per_page", void 0);
//# sourceMappingURL=query-transforms.js.map