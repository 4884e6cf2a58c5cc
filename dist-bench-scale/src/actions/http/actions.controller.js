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
exports.ActionsController = void 0;
/** /api/v2/actions/actions and its versions (management-api.md §1.2–§1.11). */
const common_1 = require("@nestjs/common");
const cqrs_1 = require("@nestjs/cqrs");
const swagger_1 = require("@nestjs/swagger");
const auth_decorators_1 = require("../../auth/auth.decorators");
const domain_errors_1 = require("../../shared/domain-errors");
const request_meta_1 = require("../../shared/http/request-meta");
const validation_1 = require("../../shared/http/validation");
const audit_dtos_1 = require("../../audit/http/audit.dtos");
const point_in_time_reads_1 = require("../../audit/http/point-in-time.reads");
const action_decider_1 = require("../action.decider");
const actions_queries_1 = require("../actions.queries");
const create_update_handlers_1 = require("../commands/create-update.handlers");
const deploy_delete_handlers_1 = require("../commands/deploy-delete.handlers");
const action_draft_tester_1 = require("./action-draft-tester");
const action_dtos_1 = require("./action.dtos");
const action_presenter_1 = require("./action.presenter");
const presented_actions_1 = require("./presented-actions");
let ActionsController = class ActionsController {
    commands;
    queries;
    tester;
    pointInTime;
    presented;
    constructor(commands, queries, tester, pointInTime, presented) {
        this.commands = commands;
        this.queries = queries;
        this.tester = tester;
        this.pointInTime = pointInTime;
        this.presented = presented;
    }
    list(q, meta) {
        const page = q.page ?? 0;
        const perPage = q.per_page ?? 50;
        const result = this.queries.listActions(meta.principal.tenantId, q, page, perPage);
        return (0, action_presenter_1.pageEnvelope)('actions', result.items.map(action_presenter_1.presentAction), result.total, page, perPage);
    }
    async create(body, meta, reply) {
        const id = await this.commands.execute(new create_update_handlers_1.CreateActionCommand(body, meta));
        return this.present(meta, id, reply);
    }
    get(id, meta, reply, asOf) {
        if (asOf !== undefined)
            return this.pointInTime.action(meta.principal.tenantId, id, asOf, reply);
        const tenantId = meta.principal.tenantId;
        const presented = this.presented.get(tenantId, id, () => {
            const view = this.queries.getAction(tenantId, id);
            return view && { revision: view.revision, json: JSON.stringify((0, action_presenter_1.presentAction)(view)) };
        });
        if (!presented)
            throw new domain_errors_1.NotFoundError(action_decider_1.ACTION_NOT_FOUND);
        (0, request_meta_1.setEtag)(reply, presented.revision);
        reply.type('application/json; charset=utf-8');
        return presented.json;
    }
    async update(id, body, meta, reply) {
        await this.commands.execute(new create_update_handlers_1.UpdateActionCommand(id, body, meta));
        return this.present(meta, id, reply);
    }
    async remove(id, q, meta) {
        await this.commands.execute(new deploy_delete_handlers_1.DeleteActionCommand(id, q.force === true, meta));
    }
    async deploy(id, meta) {
        const versionId = await this.commands.execute(new deploy_delete_handlers_1.DeployActionCommand(id, meta));
        return this.presentVersion(meta, id, versionId);
    }
    test(id, body, meta) {
        return this.tester.test(meta.principal.tenantId, id, body.payload);
    }
    versions(actionId, q, meta) {
        const page = q.page ?? 0;
        const perPage = q.per_page ?? 20;
        if (q.as_of !== undefined)
            return this.pointInTime.versions(meta.principal.tenantId, actionId, q.as_of, page, perPage);
        const result = this.queries.listVersions(meta.principal.tenantId, actionId, page, perPage);
        if (!result)
            throw new domain_errors_1.NotFoundError(action_decider_1.ACTION_NOT_FOUND);
        return (0, action_presenter_1.pageEnvelope)('versions', result.items.map(action_presenter_1.presentVersionView), result.total, page, perPage);
    }
    version(actionId, id, meta, asOf) {
        if (asOf !== undefined)
            return this.pointInTime.version(meta.principal.tenantId, actionId, id, asOf);
        return this.presentVersion(meta, actionId, id);
    }
    async rollback(actionId, id, body, meta) {
        const versionId = await this.commands.execute(new deploy_delete_handlers_1.RollbackVersionCommand(actionId, id, body.update_draft === true, meta));
        return this.presentVersion(meta, actionId, versionId);
    }
    present(meta, id, reply) {
        const view = this.queries.getAction(meta.principal.tenantId, id);
        if (!view)
            throw new domain_errors_1.NotFoundError(action_decider_1.ACTION_NOT_FOUND);
        (0, request_meta_1.setEtag)(reply, view.revision);
        return (0, action_presenter_1.presentAction)(view);
    }
    presentVersion(meta, actionId, versionId) {
        const view = this.queries.getVersion(meta.principal.tenantId, actionId, versionId);
        if (!view)
            throw new domain_errors_1.NotFoundError(action_decider_1.VERSION_NOT_FOUND);
        return (0, action_presenter_1.presentVersionView)(view);
    }
};
exports.ActionsController = ActionsController;
__decorate([
    (0, common_1.Get)(),
    (0, auth_decorators_1.RequireScopes)('read:actions'),
    __param(0, (0, common_1.Query)(validation_1.ValidQuery)),
    __param(1, (0, request_meta_1.Meta)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [action_dtos_1.ListActionsQuery, Object]),
    __metadata("design:returntype", void 0)
], ActionsController.prototype, "list", null);
__decorate([
    (0, common_1.Post)(),
    (0, common_1.HttpCode)(201),
    (0, auth_decorators_1.RequireScopes)('create:actions'),
    __param(0, (0, common_1.Body)(validation_1.ValidBody)),
    __param(1, (0, request_meta_1.Meta)()),
    __param(2, (0, common_1.Res)({ passthrough: true })),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [action_dtos_1.CreateActionDto, Object, Object]),
    __metadata("design:returntype", Promise)
], ActionsController.prototype, "create", null);
__decorate([
    (0, common_1.Get)(':id'),
    (0, auth_decorators_1.RequireScopes)('read:actions'),
    (0, swagger_1.ApiQuery)({ name: 'as_of', required: false, description: audit_dtos_1.AS_OF_DESCRIPTION }),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, request_meta_1.Meta)()),
    __param(2, (0, common_1.Res)({ passthrough: true })),
    __param(3, (0, common_1.Query)('as_of')),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object, Object, String]),
    __metadata("design:returntype", void 0)
], ActionsController.prototype, "get", null);
__decorate([
    (0, common_1.Patch)(':id'),
    (0, auth_decorators_1.RequireScopes)('update:actions'),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, common_1.Body)(validation_1.ValidBody)),
    __param(2, (0, request_meta_1.Meta)()),
    __param(3, (0, common_1.Res)({ passthrough: true })),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, action_dtos_1.UpdateActionDto, Object, Object]),
    __metadata("design:returntype", Promise)
], ActionsController.prototype, "update", null);
__decorate([
    (0, common_1.Delete)(':id'),
    (0, common_1.HttpCode)(204),
    (0, auth_decorators_1.RequireScopes)('delete:actions'),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, common_1.Query)(validation_1.ValidQuery)),
    __param(2, (0, request_meta_1.Meta)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, action_dtos_1.DeleteActionQuery, Object]),
    __metadata("design:returntype", Promise)
], ActionsController.prototype, "remove", null);
__decorate([
    (0, common_1.Post)(':id/deploy'),
    (0, common_1.HttpCode)(200),
    (0, auth_decorators_1.RequireScopes)('create:actions'),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, request_meta_1.Meta)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object]),
    __metadata("design:returntype", Promise)
], ActionsController.prototype, "deploy", null);
__decorate([
    (0, common_1.Post)(':id/test'),
    (0, common_1.HttpCode)(200),
    (0, auth_decorators_1.RequireScopes)('create:actions'),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, common_1.Body)(validation_1.ValidBody)),
    __param(2, (0, request_meta_1.Meta)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, action_dtos_1.TestActionDto, Object]),
    __metadata("design:returntype", void 0)
], ActionsController.prototype, "test", null);
__decorate([
    (0, common_1.Get)(':actionId/versions'),
    (0, auth_decorators_1.RequireScopes)('read:actions'),
    __param(0, (0, common_1.Param)('actionId')),
    __param(1, (0, common_1.Query)(validation_1.ValidQuery)),
    __param(2, (0, request_meta_1.Meta)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, audit_dtos_1.PageAsOfQuery, Object]),
    __metadata("design:returntype", void 0)
], ActionsController.prototype, "versions", null);
__decorate([
    (0, common_1.Get)(':actionId/versions/:id'),
    (0, auth_decorators_1.RequireScopes)('read:actions'),
    (0, swagger_1.ApiQuery)({ name: 'as_of', required: false, description: audit_dtos_1.AS_OF_DESCRIPTION }),
    __param(0, (0, common_1.Param)('actionId')),
    __param(1, (0, common_1.Param)('id')),
    __param(2, (0, request_meta_1.Meta)()),
    __param(3, (0, common_1.Query)('as_of')),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, String, Object, String]),
    __metadata("design:returntype", void 0)
], ActionsController.prototype, "version", null);
__decorate([
    (0, common_1.Post)(':actionId/versions/:id/deploy'),
    (0, common_1.HttpCode)(200),
    (0, auth_decorators_1.RequireScopes)('create:actions'),
    __param(0, (0, common_1.Param)('actionId')),
    __param(1, (0, common_1.Param)('id')),
    __param(2, (0, common_1.Body)(validation_1.ValidOptionalBody)),
    __param(3, (0, request_meta_1.Meta)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, String, action_dtos_1.RollbackDto, Object]),
    __metadata("design:returntype", Promise)
], ActionsController.prototype, "rollback", null);
exports.ActionsController = ActionsController = __decorate([
    (0, swagger_1.ApiTags)('actions'),
    (0, swagger_1.ApiBearerAuth)(),
    (0, common_1.Controller)('api/v2/actions/actions'),
    __param(2, (0, common_1.Inject)(action_draft_tester_1.ActionDraftTester)),
    __param(4, (0, common_1.Inject)(presented_actions_1.PresentedActions)),
    __metadata("design:paramtypes", [cqrs_1.CommandBus,
        actions_queries_1.ActionsQueries,
        action_draft_tester_1.ActionDraftTester,
        point_in_time_reads_1.PointInTimeReads,
        presented_actions_1.PresentedActions])
], ActionsController);
//# sourceMappingURL=actions.controller.js.map