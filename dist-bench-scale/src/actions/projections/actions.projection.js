"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.actionsProjection = void 0;
exports.contentSignature = contentSignature;
const action_events_1 = require("../action.events");
const action_content_1 = require("../action.content");
const action_code_1 = require("../action-code");
function loadDoc(w, actionId) {
    const row = w.get(`SELECT doc, revision FROM ${w.table('actions')} WHERE id = ?`, actionId);
    return row && { doc: JSON.parse(row.doc), revision: row.revision };
}
function saveDoc(w, tenantId, actionId, doc, revision) {
    w.run(`INSERT INTO ${w.table('actions')} (tenant_id, id, name, trigger_id, deployed, revision, created_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, trigger_id = excluded.trigger_id, deployed = excluded.deployed,
       revision = excluded.revision, doc = excluded.doc`, tenantId, actionId, doc.content.name, doc.content.supportedTriggers[0]?.id ?? '', doc.deployedVersionId ? 1 : 0, Number(revision), doc.createdAt, JSON.stringify(doc));
}
/** Everything that makes two contents "the same deployment": buildable parts plus secret names and values. */
function contentSignature(content) {
    return `${(0, action_content_1.draftKeyOf)(content)}:${JSON.stringify(content.secrets.map((s) => [s.name, s.fingerprint]))}`;
}
/** The event's content with its code text: from the event, or from the code table (code stored once, action-code.ts). */
function contentOf(w, actionId, packed) {
    const table = w.table('action_code');
    const content = (0, action_code_1.unpackContent)(packed, (sha) => w.get(`SELECT code FROM ${table} WHERE action_id = ? AND sha256 = ?`, actionId, sha)?.code);
    if (packed.code !== undefined) {
        w.run(`INSERT OR IGNORE INTO ${table} (action_id, sha256, code) VALUES (?, ?, ?)`, actionId, packed.codeSha256 ?? (0, action_code_1.codeSha256)(packed.code), packed.code);
    }
    return content;
}
/** `content`: the event's content with its code text, for the events that carry one. */
function applyToAction(doc, e, content) {
    switch (e.type) {
        case 'ActionDraftUpdated':
            if (!content)
                return doc;
            return {
                ...doc, content, draftKey: (0, action_content_1.draftKeyOf)(content), status: 'pending', errors: undefined,
                allChangesDeployed: doc.deployedSignature === contentSignature(content), updatedAt: e.data.updatedAt,
            };
        case 'ActionDraftBuilt':
            if (e.data.draftKey !== doc.draftKey)
                return doc;
            return { ...doc, status: 'built', builtAt: e.data.builtAt, errors: undefined, updatedAt: e.data.builtAt };
        case 'ActionDraftBuildFailed':
            if (e.data.draftKey !== doc.draftKey)
                return doc;
            return { ...doc, status: 'failed', errors: e.data.errors, updatedAt: e.data.failedAt };
        case 'ActionVersionCreated':
            if (!content)
                return doc;
            return {
                ...doc,
                deployedSignature: contentSignature(content),
                allChangesDeployed: contentSignature(content) === contentSignature(doc.content),
                currentVersion: { id: e.data.versionId, number: e.data.number, createdAt: e.data.createdAt },
                updatedAt: e.data.createdAt,
            };
        case 'ActionVersionDeployed':
            return { ...doc, deployedVersionId: e.data.versionId, updatedAt: e.data.deployedAt };
        default:
            return doc;
    }
}
exports.actionsProjection = {
    name: 'actions',
    version: 2,
    tables: ['actions', 'action_versions', 'action_code'],
    eventTypes: action_events_1.ACTION_EVENT_TYPES,
    schema: (t) => [
        `CREATE TABLE IF NOT EXISTS ${t('actions')} (
       tenant_id TEXT NOT NULL, id TEXT PRIMARY KEY, name TEXT NOT NULL, trigger_id TEXT NOT NULL,
       deployed INTEGER NOT NULL, revision INTEGER NOT NULL, created_at TEXT NOT NULL, doc TEXT NOT NULL)`,
        `CREATE INDEX IF NOT EXISTS ${t('actions')}_by_tenant ON ${t('actions')} (tenant_id, created_at, id)`,
        `CREATE INDEX IF NOT EXISTS ${t('actions')}_by_name ON ${t('actions')} (tenant_id, name)`,
        `CREATE TABLE IF NOT EXISTS ${t('action_versions')} (
       tenant_id TEXT NOT NULL, action_id TEXT NOT NULL, id TEXT PRIMARY KEY, number INTEGER NOT NULL,
       deployed INTEGER NOT NULL, doc TEXT NOT NULL)`,
        `CREATE UNIQUE INDEX IF NOT EXISTS ${t('action_versions')}_by_action ON ${t('action_versions')} (action_id, number)`,
        `CREATE TABLE IF NOT EXISTS ${t('action_code')} (action_id TEXT NOT NULL, sha256 TEXT NOT NULL, code TEXT NOT NULL, PRIMARY KEY (action_id, sha256))`,
    ],
    apply(w, recorded) {
        const e = recorded;
        const { tenantId, actionId } = e.data;
        if (e.type === 'ActionCreated') {
            if (loadDoc(w, actionId))
                return; // already applied
            const content = contentOf(w, actionId, e.data.content);
            const doc = {
                content, draftKey: (0, action_content_1.draftKeyOf)(content), status: 'pending', allChangesDeployed: false,
                createdAt: e.data.createdAt, updatedAt: e.data.createdAt,
            };
            saveDoc(w, tenantId, actionId, doc, recorded.revision);
            return;
        }
        if (e.type === 'ActionDeleted') {
            w.run(`DELETE FROM ${w.table('actions')} WHERE id = ?`, actionId);
            w.run(`DELETE FROM ${w.table('action_versions')} WHERE action_id = ?`, actionId);
            w.run(`DELETE FROM ${w.table('action_code')} WHERE action_id = ?`, actionId);
            return;
        }
        const current = loadDoc(w, actionId);
        if (!current || current.revision >= Number(recorded.revision))
            return; // deleted, or applied already
        const content = e.type === 'ActionDraftUpdated' || e.type === 'ActionVersionCreated' ? contentOf(w, actionId, e.data.content) : undefined;
        saveDoc(w, tenantId, actionId, applyToAction(current.doc, e, content), recorded.revision);
        if (e.type === 'ActionVersionCreated' && content) {
            const d = e.data;
            const version = {
                id: d.versionId, actionId, number: d.number, content, artifactSha256: d.artifactSha256,
                resolvedDependencies: d.resolvedDependencies, builtAt: d.builtAt, createdAt: d.createdAt,
                ...(d.rollbackOf ? { rollbackOf: d.rollbackOf } : {}),
            };
            w.run(`INSERT OR IGNORE INTO ${w.table('action_versions')} (tenant_id, action_id, id, number, deployed, doc) VALUES (?, ?, ?, ?, 0, ?)`, tenantId, actionId, d.versionId, d.number, JSON.stringify(version));
        }
        if (e.type === 'ActionVersionDeployed') {
            w.run(`UPDATE ${w.table('action_versions')} SET deployed = CASE WHEN id = ? THEN 1 ELSE 0 END WHERE action_id = ?`, e.data.versionId, actionId);
        }
    },
};
//# sourceMappingURL=actions.projection.js.map