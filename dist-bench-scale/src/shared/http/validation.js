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
exports.ValidQuery = exports.ValidOptionalBody = exports.ValidBody = exports.StrictValidationPipe = void 0;
/**
 * Validation at the edge. DTOs mirror the OpenAPI schemas; unknown properties and unknown query parameters are
 * refused (additionalProperties:false). Messages follow Auth0's form:
 *   "Payload validation error: '<rule>' on property <path>."   (errorCode invalid_body)
 *   "Query validation error: '<rule>' on property <path>."     (errorCode invalid_query_string)
 */
const common_1 = require("@nestjs/common");
const class_transformer_1 = require("class-transformer");
const class_validator_1 = require("class-validator");
const error_filter_1 = require("./error-filter");
const PREFIX = { body: 'Payload validation error', query: 'Query validation error' };
const CODE = { body: 'invalid_body', query: 'invalid_query_string' };
/** Type constraints first: a number where a string belongs is "must be a string", not "must be shorter". */
const TYPE_CHECKS = ['whitelistValidation', 'isDefined', 'isString', 'isBoolean', 'isNumber', 'isInt', 'isArray', 'isObject'];
function mostBasic(constraints) {
    const entries = Object.entries(constraints);
    const rank = ([key]) => (TYPE_CHECKS.includes(key) ? TYPE_CHECKS.indexOf(key) : TYPE_CHECKS.length);
    return entries.reduce((best, entry) => (rank(entry) < rank(best) ? entry : best));
}
function firstProblem(errors, parent = '') {
    for (const e of errors) {
        const path = parent === '' ? e.property : /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`;
        if (e.constraints) {
            const [key, message] = mostBasic(e.constraints);
            if (key === 'whitelistValidation')
                return { path: parent, rule: `Additional properties not allowed: ${e.property}` };
            return { path, rule: message.replace(/^(each value in )?\S+ /, (m) => m) };
        }
        const nested = firstProblem(e.children ?? [], path);
        if (nested)
            return nested;
    }
    return undefined;
}
let StrictValidationPipe = class StrictValidationPipe {
    kind;
    optional;
    /** `optional`: an absent or null value (no request body at all) reads as {}. */
    constructor(kind, optional = false) {
        this.kind = kind;
        this.optional = optional;
    }
    transform(value, metadata) {
        const metatype = metadata.metatype;
        if (!metatype || [String, Number, Boolean, Object, Array].includes(metatype))
            return value;
        const absent = value === undefined || (value === null && this.optional);
        const input = absent && (this.kind === 'query' || this.optional) ? {} : value;
        if (input === null || typeof input !== 'object' || Array.isArray(input)) {
            const found = input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input;
            throw new error_filter_1.ApiError(400, `${PREFIX[this.kind]}: 'Expected type object but found type ${found}' on property .`, CODE[this.kind]);
        }
        const fast = metatype.fastPath?.(input);
        if (fast)
            return fast;
        const instance = (0, class_transformer_1.plainToInstance)(metatype, input, { enableImplicitConversion: false });
        const errors = (0, class_validator_1.validateSync)(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
        if (errors.length > 0) {
            let problem = firstProblem(errors) ?? { path: '', rule: 'Invalid value' };
            const oneOf = (metatype.oneOfArrays ?? [])
                .map((name) => new RegExp(`^${name}\\[\\d+\\]`).exec(problem.path)?.[0])
                .find(Boolean);
            if (oneOf)
                problem = { path: oneOf, rule: "Data does not match any schemas from 'oneOf'" };
            throw new error_filter_1.ApiError(400, `${PREFIX[this.kind]}: '${problem.rule}' on property ${problem.path}.`, CODE[this.kind]);
        }
        return instance;
    }
};
exports.StrictValidationPipe = StrictValidationPipe;
exports.StrictValidationPipe = StrictValidationPipe = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [String, Object])
], StrictValidationPipe);
exports.ValidBody = new StrictValidationPipe('body');
exports.ValidOptionalBody = new StrictValidationPipe('body', true);
exports.ValidQuery = new StrictValidationPipe('query');
//# sourceMappingURL=validation.js.map