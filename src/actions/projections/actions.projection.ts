/**
 * Read model of actions (the draft plus its summary) and of their immutable versions, as the Management API shows
 * them. Both tables are written only here. A deleted action disappears with all its versions (docs/api.md); its events stay
 * in the log for audit.
 */
import type { RecordedEvent } from '../../event-store/port';
import type { Projection, ReadModelWriter } from '../../projections/projection';
import { ACTION_EVENT_TYPES, ActionContent, ActionEvent } from '../action.events';
import { draftKeyOf } from '../action.content';
import { codeSha256, PackedContent, unpackContent } from '../action-code';

/** JSON stored in actions.doc */
export interface ActionDoc {
  content: ActionContent;
  draftKey: string;
  status: 'pending' | 'built' | 'failed';
  builtAt?: string;
  errors?: { id: string; msg: string; url?: string }[];
  allChangesDeployed: boolean;
  deployedVersionId?: string;
  /** contentSignature of the deployed version: the draft "has all changes deployed" when its own one matches. */
  deployedSignature?: string;
  /** The newest version record (Auth0's current_version). */
  currentVersion?: { id: string; number: number; createdAt: string };
  createdAt: string;
  updatedAt: string;
}

/** JSON stored in action_versions.doc */
export interface VersionDoc {
  id: string;
  actionId: string;
  number: number;
  content: ActionContent;
  artifactSha256: string;
  resolvedDependencies: { name: string; version: string }[];
  builtAt: string;
  createdAt: string;
  rollbackOf?: string;
}

export interface ActionRow {
  tenant_id: string;
  id: string;
  name: string;
  trigger_id: string;
  deployed: number;
  revision: number;
  doc: string;
}

export interface VersionRow {
  tenant_id: string;
  action_id: string;
  id: string;
  number: number;
  deployed: number;
  doc: string;
}

function loadDoc(w: ReadModelWriter, actionId: string): { doc: ActionDoc; revision: number } | undefined {
  const row = w.get<{ doc: string; revision: number }>(
    `SELECT doc, revision FROM ${w.table('actions')} WHERE id = ?`,
    actionId,
  );
  return row && { doc: JSON.parse(row.doc) as ActionDoc, revision: row.revision };
}

function saveDoc(w: ReadModelWriter, tenantId: string, actionId: string, doc: ActionDoc, revision: bigint): void {
  w.run(
    `INSERT INTO ${w.table('actions')} (tenant_id, id, name, trigger_id, deployed, revision, created_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, trigger_id = excluded.trigger_id, deployed = excluded.deployed,
       revision = excluded.revision, doc = excluded.doc`,
    tenantId,
    actionId,
    doc.content.name,
    doc.content.supportedTriggers[0]?.id ?? '',
    doc.deployedVersionId ? 1 : 0,
    Number(revision),
    doc.createdAt,
    JSON.stringify(doc),
  );
}

/** Everything that makes two contents "the same deployment": buildable parts plus secret names and values. */
export function contentSignature(content: ActionContent): string {
  return `${draftKeyOf(content)}:${JSON.stringify(content.secrets.map((s) => [s.name, s.fingerprint]))}`;
}

/** The event's content with its code text: from the event, or from the code table (code stored once, action-code.ts). */
function contentOf(w: ReadModelWriter, actionId: string, packed: PackedContent): ActionContent {
  const table = w.table('action_code');
  const content = unpackContent(
    packed,
    (sha) =>
      w.get<{ code: string }>(`SELECT code FROM ${table} WHERE action_id = ? AND sha256 = ?`, actionId, sha)?.code,
  );
  if (packed.code !== undefined) {
    w.run(
      `INSERT OR IGNORE INTO ${table} (action_id, sha256, code) VALUES (?, ?, ?)`,
      actionId,
      packed.codeSha256 ?? codeSha256(packed.code),
      packed.code,
    );
  }
  return content;
}

/** `content`: the event's content with its code text, for the events that carry one. */
function applyToAction(doc: ActionDoc, e: ActionEvent, content: ActionContent | undefined): ActionDoc {
  switch (e.type) {
    case 'ActionDraftUpdated':
      if (!content) return doc;
      return {
        ...doc,
        content,
        draftKey: draftKeyOf(content),
        status: 'pending',
        errors: undefined,
        allChangesDeployed: doc.deployedSignature === contentSignature(content),
        updatedAt: e.data.updatedAt,
      };
    case 'ActionDraftBuilt':
      if (e.data.draftKey !== doc.draftKey) return doc;
      return { ...doc, status: 'built', builtAt: e.data.builtAt, errors: undefined, updatedAt: e.data.builtAt };
    case 'ActionDraftBuildFailed':
      if (e.data.draftKey !== doc.draftKey) return doc;
      return { ...doc, status: 'failed', errors: e.data.errors, updatedAt: e.data.failedAt };
    case 'ActionVersionCreated':
      if (!content) return doc;
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

export const actionsProjection: Projection = {
  name: 'actions',
  version: 2,
  tables: ['actions', 'action_versions', 'action_code'],
  eventTypes: ACTION_EVENT_TYPES,
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
  apply(w: ReadModelWriter, recorded: RecordedEvent): void {
    const e = recorded as unknown as ActionEvent & { revision: bigint };
    const { tenantId, actionId } = e.data;
    if (e.type === 'ActionCreated') {
      if (loadDoc(w, actionId)) return; // already applied
      const content = contentOf(w, actionId, e.data.content);
      const doc: ActionDoc = {
        content,
        draftKey: draftKeyOf(content),
        status: 'pending',
        allChangesDeployed: false,
        createdAt: e.data.createdAt,
        updatedAt: e.data.createdAt,
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
    if (!current || current.revision >= Number(recorded.revision)) return; // deleted, or applied already
    const content =
      e.type === 'ActionDraftUpdated' || e.type === 'ActionVersionCreated'
        ? contentOf(w, actionId, e.data.content)
        : undefined;
    saveDoc(w, tenantId, actionId, applyToAction(current.doc, e, content), recorded.revision);
    if (e.type === 'ActionVersionCreated' && content) {
      const d = e.data;
      const version: VersionDoc = {
        id: d.versionId,
        actionId,
        number: d.number,
        content,
        artifactSha256: d.artifactSha256,
        resolvedDependencies: d.resolvedDependencies,
        builtAt: d.builtAt,
        createdAt: d.createdAt,
        ...(d.rollbackOf ? { rollbackOf: d.rollbackOf } : {}),
      };
      w.run(
        `INSERT OR IGNORE INTO ${w.table('action_versions')} (tenant_id, action_id, id, number, deployed, doc) VALUES (?, ?, ?, ?, 0, ?)`,
        tenantId,
        actionId,
        d.versionId,
        d.number,
        JSON.stringify(version),
      );
    }
    if (e.type === 'ActionVersionDeployed') {
      w.run(
        `UPDATE ${w.table('action_versions')} SET deployed = CASE WHEN id = ? THEN 1 ELSE 0 END WHERE action_id = ?`,
        e.data.versionId,
        actionId,
      );
    }
  },
};
