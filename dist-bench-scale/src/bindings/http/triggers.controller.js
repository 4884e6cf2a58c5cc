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
exports.TriggersController = void 0;
exports.checkTrigger = checkTrigger;
/** /api/v2/actions/triggers and their bindings (management-api.md §1.12–§1.14). */
const common_1 = require("@nestjs/common");
const cqrs_1 = require("@nestjs/cqrs");
const swagger_1 = require("@nestjs/swagger");
const auth_decorators_1 = require("../../auth/auth.decorators");
const action_presenter_1 = require("../../actions/http/action.presenter");
const error_filter_1 = require("../../shared/http/error-filter");
const audit_dtos_1 = require("../../audit/http/audit.dtos");
const point_in_time_reads_1 = require("../../audit/http/point-in-time.reads");
const request_meta_1 = require("../../shared/http/request-meta");
const validation_1 = require("../../shared/http/validation");
const trigger_catalogue_1 = require("../../triggers/trigger-catalogue");
const bindings_queries_1 = require("../bindings.queries");
const update_bindings_handler_1 = require("../commands/update-bindings.handler");
const binding_presenter_1 = require("./binding.presenter");
const bindings_dtos_1 = require("./bindings.dtos");
function checkTrigger(triggerId) {
    if (!(0, trigger_catalogue_1.isTriggerId)(triggerId)) {
        throw new error_filter_1.ApiError(400, `Path validation error: 'String does not match enum' on property triggerId ("${triggerId.slice(0, 64)}").`, 'invalid_uri');
    }
    if ((0, trigger_catalogue_1.currentTrigger)(triggerId)?.binding_policy === 'entity-bound') {
        throw new error_filter_1.ApiError(400, 'cannot list action bindings for an entity-bound trigger', 'invalid_uri');
    }
}
let TriggersController = class TriggersController {
    commands;
    bindings;
    pointInTime;
    constructor(commands, bindings, pointInTime) {
        this.commands = commands;
        this.bindings = bindings;
        this.pointInTime = pointInTime;
    }
    list() {
        return {
            triggers: trigger_catalogue_1.TRIGGERS.map((t) => ({
                id: t.id, version: t.version, status: t.status, runtimes: t.runtimes, default_runtime: t.default_runtime,
                compatible_triggers: t.compatible_triggers, binding_policy: t.binding_policy,
            })),
        };
    }
    list_bindings(triggerId, q, meta, reply) {
        checkTrigger(triggerId);
        const page = q.page ?? 0;
        const perPage = q.per_page ?? 50;
        if (q.as_of !== undefined)
            return this.pointInTime.bindings(meta.principal.tenantId, triggerId, q.as_of, page, perPage, reply);
        const all = this.bindings.listBindings(meta.principal.tenantId, triggerId);
        (0, request_meta_1.setEtag)(reply, this.bindings.revision(meta.principal.tenantId, triggerId) ?? -1);
        return (0, action_presenter_1.pageEnvelope)('bindings', all.slice(page * perPage, (page + 1) * perPage).map(binding_presenter_1.presentBinding), all.length, page, perPage);
    }
    async update(triggerId, body, meta, reply) {
        checkTrigger(triggerId);
        await this.commands.execute(new update_bindings_handler_1.UpdateBindingsCommand(triggerId, body.bindings, meta));
        (0, request_meta_1.setEtag)(reply, this.bindings.revision(meta.principal.tenantId, triggerId) ?? -1);
        return { bindings: this.bindings.listBindings(meta.principal.tenantId, triggerId).map(binding_presenter_1.presentBinding) };
    }
};
exports.TriggersController = TriggersController;
__decorate([
    (0, common_1.Get)(),
    (0, auth_decorators_1.RequireScopes)('read:actions'),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", void 0)
], TriggersController.prototype, "list", null);
__decorate([
    (0, common_1.Get)(':triggerId/bindings'),
    (0, auth_decorators_1.RequireScopes)('read:actions'),
    __param(0, (0, common_1.Param)('triggerId')),
    __param(1, (0, common_1.Query)(validation_1.ValidQuery)),
    __param(2, (0, request_meta_1.Meta)()),
    __param(3, (0, common_1.Res)({ passthrough: true })),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, audit_dtos_1.PageAsOfQuery, Object, Object]),
    __metadata("design:returntype", void 0)
], TriggersController.prototype, "list_bindings", null);
__decorate([
    (0, common_1.Patch)(':triggerId/bindings'),
    (0, auth_decorators_1.RequireScopes)('update:actions'),
    __param(0, (0, common_1.Param)('triggerId')),
    __param(1, (0, common_1.Body)(validation_1.ValidBody)),
    __param(2, (0, request_meta_1.Meta)()),
    __param(3, (0, common_1.Res)({ passthrough: true })),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, bindings_dtos_1.UpdateBindingsDto, Object, Object]),
    __metadata("design:returntype", Promise)
], TriggersController.prototype, "update", null);
exports.TriggersController = TriggersController = __decorate([
    (0, swagger_1.ApiTags)('triggers'),
    (0, swagger_1.ApiBearerAuth)(),
    (0, common_1.Controller)('api/v2/actions/triggers'),
    __metadata("design:paramtypes", [cqrs_1.CommandBus, bindings_queries_1.BindingsQueries, point_in_time_reads_1.PointInTimeReads])
], TriggersController);
//# sourceMappingURL=triggers.controller.js.map