"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.bindingsProjection = void 0;
const bindings_decider_1 = require("../bindings.decider");
exports.bindingsProjection = {
    name: 'bindings',
    version: 1,
    tables: ['bindings', 'trigger_bindings'],
    eventTypes: bindings_decider_1.BINDINGS_EVENT_TYPES,
    schema: (t) => [
        `CREATE TABLE IF NOT EXISTS ${t('bindings')} (
       tenant_id TEXT NOT NULL, trigger_id TEXT NOT NULL, position INTEGER NOT NULL, id TEXT NOT NULL,
       action_id TEXT NOT NULL, display_name TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
       PRIMARY KEY (tenant_id, trigger_id, position))`,
        `CREATE INDEX IF NOT EXISTS ${t('bindings')}_by_action ON ${t('bindings')} (action_id)`,
        `CREATE TABLE IF NOT EXISTS ${t('trigger_bindings')} (
       tenant_id TEXT NOT NULL, trigger_id TEXT NOT NULL, revision INTEGER NOT NULL, updated_at TEXT NOT NULL,
       PRIMARY KEY (tenant_id, trigger_id))`,
    ],
    apply(w, recorded) {
        const e = recorded;
        const { tenantId, triggerId, bindings, updatedAt } = e.data;
        const seen = w.get(`SELECT revision FROM ${w.table('trigger_bindings')} WHERE tenant_id = ? AND trigger_id = ?`, tenantId, triggerId);
        if (seen && seen.revision >= Number(recorded.revision))
            return;
        w.run(`DELETE FROM ${w.table('bindings')} WHERE tenant_id = ? AND trigger_id = ?`, tenantId, triggerId);
        bindings.forEach((b, position) => {
            w.run(`INSERT INTO ${w.table('bindings')} (tenant_id, trigger_id, position, id, action_id, display_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, tenantId, triggerId, position, b.id, b.actionId, b.displayName, b.createdAt, updatedAt);
        });
        w.run(`INSERT INTO ${w.table('trigger_bindings')} (tenant_id, trigger_id, revision, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(tenant_id, trigger_id) DO UPDATE SET revision = excluded.revision, updated_at = excluded.updated_at`, tenantId, triggerId, Number(recorded.revision), updatedAt);
    },
};
//# sourceMappingURL=bindings.projection.js.map