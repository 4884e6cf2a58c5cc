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
exports.ActionsQueries = void 0;
/**
 * Read side of actions and versions: every REST read goes through here, and only reads the projections' tables.
 */
const common_1 = require("@nestjs/common");
const read_models_1 = require("../shared/read-models");
let ActionsQueries = class ActionsQueries {
    db;
    constructor(db) {
        this.db = db;
    }
    getAction(tenantId, id) {
        const row = this.db.get('SELECT * FROM actions WHERE tenant_id = ? AND id = ?', tenantId, id);
        return row && this.view(row);
    }
    findByName(tenantId, name) {
        const row = this.db.get('SELECT * FROM actions WHERE tenant_id = ? AND name = ?', tenantId, name);
        return row && this.view(row);
    }
    listActions(tenantId, filter, page, perPage) {
        if (filter.installed === true)
            return { items: [], total: 0 }; // no marketplace integrations here
        const where = ['tenant_id = ?'];
        const params = [tenantId];
        if (filter.triggerId !== undefined) {
            where.push('trigger_id = ?');
            params.push(filter.triggerId);
        }
        if (filter.actionName !== undefined) {
            where.push('name = ?');
            params.push(filter.actionName);
        }
        if (filter.deployed !== undefined) {
            where.push('deployed = ?');
            params.push(filter.deployed ? 1 : 0);
        }
        const clause = where.join(' AND ');
        const total = this.db.get(`SELECT COUNT(*) AS n FROM actions WHERE ${clause}`, ...params)?.n ?? 0;
        const rows = this.db.all(`SELECT * FROM actions WHERE ${clause} ORDER BY created_at, id LIMIT ? OFFSET ?`, ...params, perPage, page * perPage);
        return { items: rows.map((r) => this.view(r)), total };
    }
    listVersions(tenantId, actionId, page, perPage) {
        const action = this.getAction(tenantId, actionId);
        if (!action)
            return undefined;
        const total = this.db.get('SELECT COUNT(*) AS n FROM action_versions WHERE action_id = ?', actionId)?.n ?? 0;
        const rows = this.db.all('SELECT * FROM action_versions WHERE action_id = ? ORDER BY number DESC LIMIT ? OFFSET ?', actionId, perPage, page * perPage);
        return { items: rows.map((r) => ({ doc: JSON.parse(r.doc), deployed: r.deployed === 1, action })), total };
    }
    getVersion(tenantId, actionId, versionId) {
        const action = this.getAction(tenantId, actionId);
        if (!action)
            return undefined;
        const row = this.db.get('SELECT * FROM action_versions WHERE action_id = ? AND id = ?', actionId, versionId);
        return row && { doc: JSON.parse(row.doc), deployed: row.deployed === 1, action };
    }
    /** Versions by id, for embedding deployed versions in lists without one query per row. */
    deployedVersion(actionId) {
        const row = this.db.get('SELECT doc FROM action_versions WHERE action_id = ? AND deployed = 1', actionId);
        return row && JSON.parse(row.doc);
    }
    view(row) {
        const doc = JSON.parse(row.doc);
        return {
            tenantId: row.tenant_id,
            id: row.id,
            revision: row.revision,
            doc,
            deployedVersion: doc.deployedVersionId ? this.deployedVersion(row.id) : undefined,
        };
    }
};
exports.ActionsQueries = ActionsQueries;
exports.ActionsQueries = ActionsQueries = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(read_models_1.READ_MODELS)),
    __metadata("design:paramtypes", [Object])
], ActionsQueries);
//# sourceMappingURL=actions.queries.js.map