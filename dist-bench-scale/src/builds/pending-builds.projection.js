"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.pendingBuildsProjection = exports.PENDING_BUILD_EVENT_TYPES = void 0;
const action_content_1 = require("../actions/action.content");
/** Events written before `draftKey` was recorded carried the code text every time. */
function legacyDraftKey(content) {
    return (0, action_content_1.draftKeyOf)(content);
}
exports.PENDING_BUILD_EVENT_TYPES = ['ActionCreated', 'ActionDraftUpdated', 'ActionDraftBuilt', 'ActionDraftBuildFailed', 'ActionDeleted'];
exports.pendingBuildsProjection = {
    name: 'pending-builds',
    version: 1,
    tables: ['pending_builds'],
    eventTypes: exports.PENDING_BUILD_EVENT_TYPES,
    schema: (t) => [
        `CREATE TABLE IF NOT EXISTS ${t('pending_builds')} (
       action_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, draft_key TEXT NOT NULL, since_commit INTEGER NOT NULL)`,
        `CREATE INDEX IF NOT EXISTS ${t('pending_builds')}_by_age ON ${t('pending_builds')} (since_commit)`,
    ],
    apply(w, recorded) {
        const e = recorded;
        const table = w.table('pending_builds');
        switch (e.type) {
            case 'ActionCreated':
            case 'ActionDraftUpdated':
                w.run(`INSERT INTO ${table} (action_id, tenant_id, draft_key, since_commit) VALUES (?, ?, ?, ?)
           ON CONFLICT(action_id) DO UPDATE SET draft_key = excluded.draft_key, since_commit = excluded.since_commit`, e.data.actionId, e.data.tenantId, e.data.draftKey ?? legacyDraftKey(e.data.content), recorded.position.commit);
                return;
            case 'ActionDraftBuilt':
            case 'ActionDraftBuildFailed':
                w.run(`DELETE FROM ${table} WHERE action_id = ? AND draft_key = ?`, e.data.actionId, e.data.draftKey);
                return;
            case 'ActionDeleted':
                w.run(`DELETE FROM ${table} WHERE action_id = ?`, e.data.actionId);
                return;
            default:
        }
    },
};
//# sourceMappingURL=pending-builds.projection.js.map