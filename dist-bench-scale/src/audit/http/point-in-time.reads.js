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
exports.PointInTimeReads = void 0;
exports.asOfParam = asOfParam;
/**
 * `?as_of=` on GET action, list versions, GET version and GET bindings: the same Auth0 shapes (the normal
 * presenters), answered from the streams folded up to the point by AuditReader, never from the read models.
 */
const common_1 = require("@nestjs/common");
const action_decider_1 = require("../../actions/action.decider");
const action_presenter_1 = require("../../actions/http/action.presenter");
const binding_presenter_1 = require("../../bindings/http/binding.presenter");
const domain_errors_1 = require("../../shared/domain-errors");
const error_filter_1 = require("../../shared/http/error-filter");
const request_meta_1 = require("../../shared/http/request-meta");
const as_of_1 = require("../as-of");
const audit_reader_1 = require("../audit-reader");
function asOfParam(value) {
    if (typeof value !== 'string')
        throw new error_filter_1.ApiError(400, "Query validation error: 'Expected type string' on property as_of.", 'invalid_query_string');
    try {
        return (0, as_of_1.parseAsOf)(value);
    }
    catch (e) {
        if (e instanceof as_of_1.InvalidAsOfError)
            throw new error_filter_1.ApiError(400, `Query validation error: '${e.message}' on property as_of.`, 'invalid_query_string');
        throw e;
    }
}
let PointInTimeReads = class PointInTimeReads {
    reader;
    constructor(reader) {
        this.reader = reader;
    }
    async action(tenantId, actionId, asOf, reply) {
        const view = await this.reader.actionAt(tenantId, actionId, asOfParam(asOf));
        if (!view)
            throw new domain_errors_1.NotFoundError(action_decider_1.ACTION_NOT_FOUND);
        (0, request_meta_1.setEtag)(reply, view.revision);
        return (0, action_presenter_1.presentAction)(view);
    }
    async versions(tenantId, actionId, asOf, page, perPage) {
        const all = await this.reader.versionsAt(tenantId, actionId, asOfParam(asOf));
        if (!all)
            throw new domain_errors_1.NotFoundError(action_decider_1.ACTION_NOT_FOUND);
        return (0, action_presenter_1.pageEnvelope)('versions', all.slice(page * perPage, (page + 1) * perPage).map(action_presenter_1.presentVersionView), all.length, page, perPage);
    }
    async version(tenantId, actionId, versionId, asOf) {
        const all = await this.reader.versionsAt(tenantId, actionId, asOfParam(asOf));
        const found = all?.find((v) => v.doc.id === versionId);
        if (!found)
            throw new domain_errors_1.NotFoundError(action_decider_1.VERSION_NOT_FOUND);
        return (0, action_presenter_1.presentVersionView)(found);
    }
    async bindings(tenantId, triggerId, asOf, page, perPage, reply) {
        const { bindings, revision } = await this.reader.bindingsAt(tenantId, triggerId, asOfParam(asOf));
        (0, request_meta_1.setEtag)(reply, revision);
        return (0, action_presenter_1.pageEnvelope)('bindings', bindings.slice(page * perPage, (page + 1) * perPage).map(binding_presenter_1.presentBinding), bindings.length, page, perPage);
    }
};
exports.PointInTimeReads = PointInTimeReads;
exports.PointInTimeReads = PointInTimeReads = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(audit_reader_1.AUDIT_READER)),
    __metadata("design:paramtypes", [audit_reader_1.AuditReader])
], PointInTimeReads);
//# sourceMappingURL=point-in-time.reads.js.map