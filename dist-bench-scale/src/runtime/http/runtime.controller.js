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
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.RuntimeController = exports.ContinueExecutionDto = exports.ExecuteTriggerDto = void 0;
/**
 * The runtime API for the host product (service.md) and the executions endpoint of the Management API.
 * The tenant is always the caller's (principal.tenantId): another tenant's execution is simply not found.
 */
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const class_validator_1 = require("class-validator");
const auth_decorators_1 = require("../../auth/auth.decorators");
const domain_errors_1 = require("../../shared/domain-errors");
const clock_1 = require("../../shared/clock");
const error_filter_1 = require("../../shared/http/error-filter");
const validation_1 = require("../../shared/http/validation");
const execution_record_1 = require("../executions/execution-record");
const execution_store_1 = require("../executions/execution-store");
const trigger_executor_1 = require("../executions/trigger-executor");
class ExecuteTriggerDto {
    event;
    /** The hot route's body without class-transformer/class-validator: exactly { event: <object> } passes as is. */
    static fastPath(input) {
        const event = input.event;
        if (typeof event !== 'object' || event === null || Array.isArray(event))
            return undefined;
        for (const key in input)
            if (key !== 'event')
                return undefined;
        return Object.assign(new ExecuteTriggerDto(), { event: event });
    }
}
exports.ExecuteTriggerDto = ExecuteTriggerDto;
__decorate([
    (0, swagger_1.ApiProperty)({ type: 'object', additionalProperties: true, description: "The trigger's event object (management-api.md §4.3)" }),
    (0, class_validator_1.IsObject)(),
    __metadata("design:type", Object)
], ExecuteTriggerDto.prototype, "event", void 0);
class ContinueExecutionDto {
    state;
    event;
}
exports.ContinueExecutionDto = ContinueExecutionDto;
__decorate([
    (0, swagger_1.ApiProperty)({ description: 'The state handed out with the redirect' }),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.MinLength)(1),
    (0, class_validator_1.MaxLength)(256),
    __metadata("design:type", String)
], ContinueExecutionDto.prototype, "state", void 0);
__decorate([
    (0, swagger_1.ApiProperty)({ type: 'object', additionalProperties: true, description: 'The event, with the request of the returning user' }),
    (0, class_validator_1.IsObject)(),
    __metadata("design:type", Object)
], ContinueExecutionDto.prototype, "event", void 0);
const UNAVAILABLE = 'Execution records are unavailable right now; try again shortly.';
let RuntimeController = class RuntimeController {
    executor;
    store;
    clock;
    constructor(executor, store, clock) {
        this.executor = executor;
        this.store = store;
        this.clock = clock;
    }
    execute(triggerId, body, p) {
        return this.executor.execute(p.tenantId, triggerId, body.event, true); // the parsed body is ours: no copy
    }
    async resume(id, body, p) {
        try {
            return await this.executor.resume(p.tenantId, id, body.state, body.event);
        }
        catch (e) {
            if (e instanceof trigger_executor_1.ExecutionsUnavailableError)
                throw new error_filter_1.ApiError(503, UNAVAILABLE);
            throw e;
        }
    }
    async get(id, p) {
        if (!execution_record_1.EXECUTION_ID.test(id))
            throw new domain_errors_1.NotFoundError(execution_record_1.EXECUTION_NOT_FOUND);
        let stored;
        try {
            stored = await this.store.get(p.tenantId, id, this.clock.now().getTime());
        }
        catch {
            throw new error_filter_1.ApiError(503, UNAVAILABLE);
        }
        if (!stored)
            throw new domain_errors_1.NotFoundError(execution_record_1.EXECUTION_NOT_FOUND);
        return stored.record;
    }
};
exports.RuntimeController = RuntimeController;
__decorate([
    (0, common_1.Post)('runtime/v1/triggers/:triggerId/executions'),
    (0, common_1.HttpCode)(200),
    (0, auth_decorators_1.RequireScopes)('execute:actions'),
    (0, swagger_1.ApiOperation)({ summary: "Run the trigger's bound actions in binding order and answer the execution record" }),
    __param(0, (0, common_1.Param)('triggerId')),
    __param(1, (0, common_1.Body)(validation_1.ValidBody)),
    __param(2, (0, auth_decorators_1.CurrentPrincipal)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, ExecuteTriggerDto, Object]),
    __metadata("design:returntype", void 0)
], RuntimeController.prototype, "execute", null);
__decorate([
    (0, common_1.Post)('runtime/v1/executions/:id/continue'),
    (0, common_1.HttpCode)(200),
    (0, auth_decorators_1.RequireScopes)('execute:actions'),
    (0, swagger_1.ApiOperation)({ summary: 'Resume a suspended execution after the redirect (onContinuePostLogin, then the remaining actions)' }),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, common_1.Body)(validation_1.ValidBody)),
    __param(2, (0, auth_decorators_1.CurrentPrincipal)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, ContinueExecutionDto, Object]),
    __metadata("design:returntype", Promise)
], RuntimeController.prototype, "resume", null);
__decorate([
    (0, common_1.Get)('api/v2/actions/executions/:id'),
    (0, auth_decorators_1.RequireScopes)('read:actions'),
    (0, swagger_1.ApiOperation)({ summary: 'Get an execution (kept 10 days)' }),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, auth_decorators_1.CurrentPrincipal)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object]),
    __metadata("design:returntype", Promise)
], RuntimeController.prototype, "get", null);
exports.RuntimeController = RuntimeController = __decorate([
    (0, swagger_1.ApiTags)('runtime'),
    (0, swagger_1.ApiBearerAuth)(),
    (0, common_1.Controller)(),
    __param(1, (0, common_1.Inject)(execution_store_1.EXECUTION_STORE)),
    __param(2, (0, common_1.Inject)(clock_1.CLOCK)),
    __metadata("design:paramtypes", [trigger_executor_1.TriggerExecutor, Object, Object])
], RuntimeController);
//# sourceMappingURL=runtime.controller.js.map