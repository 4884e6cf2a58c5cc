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
exports.AuditController = void 0;
/**
 * Audit from the log (docs/audit.md): an action's history, a trigger's bindings history, and the diff between two
 * versions. Answered from the event streams, so a deleted action's history stays readable.
 */
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const auth_decorators_1 = require("../../auth/auth.decorators");
const action_decider_1 = require("../../actions/action.decider");
const action_presenter_1 = require("../../actions/http/action.presenter");
const triggers_controller_1 = require("../../bindings/http/triggers.controller");
const domain_errors_1 = require("../../shared/domain-errors");
const request_meta_1 = require("../../shared/http/request-meta");
const validation_1 = require("../../shared/http/validation");
const audit_reader_1 = require("../audit-reader");
const audit_dtos_1 = require("./audit.dtos");
function historyPage(entries, q) {
    const page = q.page ?? 0;
    const perPage = q.per_page ?? 50;
    const envelope = (0, action_presenter_1.pageEnvelope)('history', entries.slice(page * perPage, (page + 1) * perPage), entries.length, page, perPage);
    if (q.include_totals === false)
        delete envelope.total;
    return envelope;
}
let AuditController = class AuditController {
    reader;
    constructor(reader) {
        this.reader = reader;
    }
    async actionHistory(id, q, meta) {
        const found = await this.reader.actionHistory(id, meta.principal.tenantId);
        if (!found)
            throw new domain_errors_1.NotFoundError(action_decider_1.ACTION_NOT_FOUND);
        return historyPage(found.entries, q);
    }
    async versionDiff(id, from, to, meta) {
        const diff = await this.reader.versionDiff(id, from, to, meta.principal.tenantId);
        if (diff === 'action')
            throw new domain_errors_1.NotFoundError(action_decider_1.ACTION_NOT_FOUND);
        if (diff === 'version')
            throw new domain_errors_1.NotFoundError(action_decider_1.VERSION_NOT_FOUND);
        return diff;
    }
    async bindingsHistory(triggerId, q, meta) {
        (0, triggers_controller_1.checkTrigger)(triggerId);
        return historyPage(await this.reader.bindingsHistory(meta.principal.tenantId, triggerId), q);
    }
};
exports.AuditController = AuditController;
__decorate([
    (0, common_1.Get)('actions/:id/history'),
    (0, auth_decorators_1.RequireScopes)('read:actions'),
    (0, swagger_1.ApiOperation)({ summary: "An action's history from its event stream, oldest first (also after it was deleted)." }),
    (0, swagger_1.ApiOkResponse)({ type: audit_dtos_1.HistoryPageDto }),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, common_1.Query)(validation_1.ValidQuery)),
    __param(2, (0, request_meta_1.Meta)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, audit_dtos_1.HistoryQuery, Object]),
    __metadata("design:returntype", Promise)
], AuditController.prototype, "actionHistory", null);
__decorate([
    (0, common_1.Get)('actions/:id/versions/:from/diff/:to'),
    (0, auth_decorators_1.RequireScopes)('read:actions'),
    (0, swagger_1.ApiOperation)({ summary: 'What changed from one version to another: unified code diff, dependencies, runtime, secret names (fingerprints only).' }),
    (0, swagger_1.ApiParam)({ name: 'from', description: 'Version id (or number)' }),
    (0, swagger_1.ApiParam)({ name: 'to', description: 'Version id (or number)' }),
    (0, swagger_1.ApiOkResponse)({ type: audit_dtos_1.VersionDiffDto }),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, common_1.Param)('from')),
    __param(2, (0, common_1.Param)('to')),
    __param(3, (0, request_meta_1.Meta)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, String, String, Object]),
    __metadata("design:returntype", Promise)
], AuditController.prototype, "versionDiff", null);
__decorate([
    (0, common_1.Get)('triggers/:triggerId/bindings/history'),
    (0, auth_decorators_1.RequireScopes)('read:actions'),
    (0, swagger_1.ApiOperation)({ summary: "The history of a trigger's ordered bindings, oldest first." }),
    (0, swagger_1.ApiOkResponse)({ type: audit_dtos_1.HistoryPageDto }),
    __param(0, (0, common_1.Param)('triggerId')),
    __param(1, (0, common_1.Query)(validation_1.ValidQuery)),
    __param(2, (0, request_meta_1.Meta)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, audit_dtos_1.HistoryQuery, Object]),
    __metadata("design:returntype", Promise)
], AuditController.prototype, "bindingsHistory", null);
exports.AuditController = AuditController = __decorate([
    (0, swagger_1.ApiTags)('audit'),
    (0, swagger_1.ApiBearerAuth)(),
    (0, common_1.Controller)('api/v2/actions'),
    __param(0, (0, common_1.Inject)(audit_reader_1.AUDIT_READER)),
    __metadata("design:paramtypes", [audit_reader_1.AuditReader])
], AuditController);
//# sourceMappingURL=audit.controller.js.map