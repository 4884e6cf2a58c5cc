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
exports.ReadModelBoundVersions = exports.BOUND_VERSIONS_MAX_AGE_MS = void 0;
/**
 * What a trigger runs now, for the runtime: its bindings in order, each with the action's deployed version and that
 * version's decrypted secrets. Read from the read models (the runtime never touches events); a binding whose action
 * was deleted or has no deployed version is skipped.
 *
 * The answer is kept in memory per tenant × trigger (1 + 2N queries and N×secrets decryptions once, not per
 * execution), and dropped whenever the projections apply an event of that tenant (deploy, binding change, secret
 * change, delete, anything) or a projection is rebuilt: `invalidate` is wired to ProjectionRunner.onBatchApplied,
 * which runs after the batch committed and before any command waiting for it gets its answer, so an execution
 * after a write's answer never sees what the write replaced. A safety age bounds how long an entry is trusted if a
 * change ever reached the tables some other way (a rebuild run by another process).
 */
const common_1 = require("@nestjs/common");
const actions_queries_1 = require("../actions/actions.queries");
const tenant_view_1 = require("../projections/tenant-view");
const secret_box_1 = require("../secrets/secret-box");
const bindings_queries_1 = require("./bindings.queries");
/** An entry older than this is read again even without an event (ms). */
exports.BOUND_VERSIONS_MAX_AGE_MS = 60_000;
let ReadModelBoundVersions = class ReadModelBoundVersions {
    bindings;
    actions;
    box;
    view;
    constructor(bindings, actions, box, now = Date.now) {
        this.bindings = bindings;
        this.actions = actions;
        this.box = box;
        this.view = new tenant_view_1.TenantView({ maxAgeMs: exports.BOUND_VERSIONS_MAX_AGE_MS, now });
    }
    async boundVersions(tenantId, triggerId) {
        return this.current(tenantId, triggerId);
    }
    /** Synchronous form (the answer is shared and frozen: callers must not change it). */
    current(tenantId, triggerId) {
        return this.view.get(tenantId, triggerId, () => this.read(tenantId, triggerId));
    }
    /** Forgets what the events may have changed: every trigger of their tenants; everything when `events` is undefined. */
    invalidate(events) {
        this.view.invalidate(events);
    }
    /** How many tenant × trigger answers are kept (tests, metrics). */
    size() {
        return this.view.size();
    }
    read(tenantId, triggerId) {
        const versions = this.bindings.listBindings(tenantId, triggerId).flatMap((b) => {
            const version = b.action.deployedVersion;
            if (!version)
                return [];
            const secrets = Object.freeze(Object.fromEntries(version.content.secrets.map((s) => [s.name, this.box.decrypt(s.ciphertext, { tenantId, actionId: b.action.id, name: s.name })])));
            return [Object.freeze({
                    tenantId, triggerId, bindingId: b.id, actionId: b.action.id, actionName: b.action.doc.content.name,
                    versionId: version.id, versionNumber: version.number, code: version.content.code,
                    dependencies: Object.freeze(version.resolvedDependencies), runtime: version.content.runtime, secrets,
                })];
        });
        return Object.freeze(versions);
    }
};
exports.ReadModelBoundVersions = ReadModelBoundVersions;
exports.ReadModelBoundVersions = ReadModelBoundVersions = __decorate([
    (0, common_1.Injectable)(),
    __param(2, (0, common_1.Inject)(secret_box_1.SECRET_BOX)),
    __metadata("design:paramtypes", [bindings_queries_1.BindingsQueries,
        actions_queries_1.ActionsQueries,
        secret_box_1.SecretBox, Function])
], ReadModelBoundVersions);
//# sourceMappingURL=bound-versions.source.js.map