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
exports.BindingsQueries = void 0;
/**
 * Read side of bindings. Each binding is joined with its live action (an INNER JOIN), so a binding whose action was
 * deleted is never listed nor run, even while a force delete is still converging.
 */
const common_1 = require("@nestjs/common");
const actions_queries_1 = require("../actions/actions.queries");
const read_models_1 = require("../shared/read-models");
let BindingsQueries = class BindingsQueries {
    db;
    actions;
    constructor(db, actions) {
        this.db = db;
        this.actions = actions;
    }
    /** In execution order. */
    listBindings(tenantId, triggerId) {
        const rows = this.db.all(`SELECT b.* FROM bindings b JOIN actions a ON a.id = b.action_id AND a.tenant_id = b.tenant_id
       WHERE b.tenant_id = ? AND b.trigger_id = ? ORDER BY b.position`, tenantId, triggerId);
        return rows.flatMap((r) => {
            const action = this.actions.getAction(tenantId, r.action_id);
            return action ? [{ id: r.id, triggerId: r.trigger_id, displayName: r.display_name, createdAt: r.created_at, updatedAt: r.updated_at, action }] : [];
        });
    }
    /** Revision of the trigger's bindings stream (its ETag); undefined while it has no stream. */
    revision(tenantId, triggerId) {
        return this.db.get('SELECT revision FROM trigger_bindings WHERE tenant_id = ? AND trigger_id = ?', tenantId, triggerId)?.revision;
    }
    /** Triggers of the tenant where the action is bound (any binding, deleted action or not). */
    triggersBinding(tenantId, actionId) {
        return this.db
            .all('SELECT DISTINCT trigger_id FROM bindings WHERE tenant_id = ? AND action_id = ? ORDER BY trigger_id', tenantId, actionId)
            .map((r) => r.trigger_id);
    }
};
exports.BindingsQueries = BindingsQueries;
exports.BindingsQueries = BindingsQueries = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(read_models_1.READ_MODELS)),
    __metadata("design:paramtypes", [Object, actions_queries_1.ActionsQueries])
], BindingsQueries);
//# sourceMappingURL=bindings.queries.js.map