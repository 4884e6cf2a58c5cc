/**
 * Read model of actions (the draft plus its summary) and of their immutable versions, as the Management API shows
 * them. Both tables are written only here. A deleted action disappears with all its versions (docs/api.md); its events stay
 * in the log for audit.
 */
import { projectionOf, ReadModelWriter, RecordedOf } from '../../projections/projection';
import type { EventOf } from '../../shared/decider';
import { ACTION_EVENT_TYPES, ActionContent, ActionEvent, ActionEventType } from '../actions.events';
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

type Recorded<T extends ActionEventType> = RecordedOf<EventOf<ActionEvent, T>>;

/**
 * Applies a change to the action's row once: not for a deleted action, nor for an event at or below the revision the
 * row already has. Returns whether it applied.
 */
function changeAction(
  w: ReadModelWriter,
  e: Recorded<ActionEventType>,
  change: (doc: ActionDoc) => ActionDoc,
): boolean {
  const { tenantId, actionId } = e.data;
  const current = loadDoc(w, actionId);
  if (!current || current.revision >= Number(e.revision)) return false; // deleted, or applied already
  saveDoc(w, tenantId, actionId, change(current.doc), e.revision);
  return true;
}

function actionCreated(w: ReadModelWriter, e: Recorded<'ActionCreated'>): void {
  const { tenantId, actionId } = e.data;
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
  saveDoc(w, tenantId, actionId, doc, e.revision);
}

function draftUpdated(w: ReadModelWriter, e: Recorded<'ActionDraftUpdated'>): void {
  changeAction(w, e, (doc) => {
    const content = contentOf(w, e.data.actionId, e.data.content);
    return {
      ...doc,
      content,
      draftKey: draftKeyOf(content),
      status: 'pending',
      errors: undefined,
      allChangesDeployed: doc.deployedSignature === contentSignature(content),
      updatedAt: e.data.updatedAt,
    };
  });
}

function draftBuilt(w: ReadModelWriter, e: Recorded<'ActionDraftBuilt'>): void {
  changeAction(w, e, (doc) =>
    e.data.draftKey !== doc.draftKey
      ? doc
      : { ...doc, status: 'built', builtAt: e.data.builtAt, errors: undefined, updatedAt: e.data.builtAt },
  );
}

function draftBuildFailed(w: ReadModelWriter, e: Recorded<'ActionDraftBuildFailed'>): void {
  changeAction(w, e, (doc) =>
    e.data.draftKey !== doc.draftKey
      ? doc
      : { ...doc, status: 'failed', errors: e.data.errors, updatedAt: e.data.failedAt },
  );
}

function versionCreated(w: ReadModelWriter, e: Recorded<'ActionVersionCreated'>): void {
  const d = e.data;
  let content: ActionContent | undefined;
  const applied = changeAction(w, e, (doc) => {
    content = contentOf(w, d.actionId, d.content);
    return {
      ...doc,
      deployedSignature: contentSignature(content),
      allChangesDeployed: contentSignature(content) === contentSignature(doc.content),
      currentVersion: { id: d.versionId, number: d.number, createdAt: d.createdAt },
      updatedAt: d.createdAt,
    };
  });
  if (!applied || !content) return;
  const version: VersionDoc = {
    id: d.versionId,
    actionId: d.actionId,
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
    d.tenantId,
    d.actionId,
    d.versionId,
    d.number,
    JSON.stringify(version),
  );
}

function versionDeployed(w: ReadModelWriter, e: Recorded<'ActionVersionDeployed'>): void {
  const applied = changeAction(w, e, (doc) => ({
    ...doc,
    deployedVersionId: e.data.versionId,
    updatedAt: e.data.deployedAt,
  }));
  if (!applied) return;
  w.run(
    `UPDATE ${w.table('action_versions')} SET deployed = CASE WHEN id = ? THEN 1 ELSE 0 END WHERE action_id = ?`,
    e.data.versionId,
    e.data.actionId,
  );
}

/** A deleted action disappears with its versions and code; its events stay in the log. */
function actionDeleted(w: ReadModelWriter, e: Recorded<'ActionDeleted'>): void {
  const { actionId } = e.data;
  w.run(`DELETE FROM ${w.table('actions')} WHERE id = ?`, actionId);
  w.run(`DELETE FROM ${w.table('action_versions')} WHERE action_id = ?`, actionId);
  w.run(`DELETE FROM ${w.table('action_code')} WHERE action_id = ?`, actionId);
}

export const actionsProjection = projectionOf<ActionEvent>({
  name: 'actions',
  version: 2,
  tables: ['actions', 'action_versions', 'action_code'],
  claims: ACTION_EVENT_TYPES,
  handlers: {
    ActionCreated: actionCreated,
    ActionDraftUpdated: draftUpdated,
    ActionDraftBuilt: draftBuilt,
    ActionDraftBuildFailed: draftBuildFailed,
    ActionVersionCreated: versionCreated,
    ActionVersionDeployed: versionDeployed,
    ActionDeleted: actionDeleted,
  },
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
});
