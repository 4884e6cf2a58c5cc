/**
 * The build reactor's to-do list (docs/architecture.md, "Builds"): one row per action whose current draft content
 * has no recorded build outcome yet. A create or update puts the row in (or moves it to the new draft key);
 * `ActionDraftBuilt` / `ActionDraftBuildFailed` for that key, or `ActionDeleted`, take it out. Because the list is
 * a checkpointed projection, a crash loses nothing: after a restart every row still here is built, with no new
 * request, and a rebuild from position 0 gives the same list.
 */
import { draftKeyOf } from '../../actions/action.content';
import type { PackedContent } from '../../actions/action-code';
import { ACTION_EVENT_TYPES, ActionContent, ActionEvent, ActionEventType } from '../../actions/actions.events';
import { projectionOf, ReadModelWriter, RecordedOf } from '../../projections/projection';
import type { EventOf } from '../../shared/decider';

/** Events written before `draftKey` was recorded carried the code text every time. */
function legacyDraftKey(content: PackedContent): string {
  return draftKeyOf(content as ActionContent);
}

export interface PendingBuildRow {
  action_id: string;
  tenant_id: string;
  draft_key: string;
  /** Log position (commit) of the event that made the draft pending: the queue is served oldest first. */
  since_commit: number | bigint;
  /** The request that made the draft pending, and that event's id: the build's events name them (audit). */
  correlation_id: string;
  causation_id: string;
}

type Recorded<T extends ActionEventType> = RecordedOf<EventOf<ActionEvent, T>>;

/** The draft became pending: its row is (re)placed, keyed by the draft it names. */
function draftPending(w: ReadModelWriter, e: Recorded<'ActionCreated' | 'ActionDraftUpdated'>): void {
  w.run(
    `INSERT INTO ${w.table('pending_builds')} (action_id, tenant_id, draft_key, since_commit, correlation_id, causation_id) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(action_id) DO UPDATE SET draft_key = excluded.draft_key, since_commit = excluded.since_commit,
       correlation_id = excluded.correlation_id, causation_id = excluded.causation_id`,
    e.data.actionId,
    e.data.tenantId,
    e.data.draftKey ?? legacyDraftKey(e.data.content),
    e.position.commit,
    String(e.metadata?.correlationId ?? 'unknown'),
    e.id,
  );
}

/** The build of that draft has an outcome: the row goes (a row for a newer draft stays). */
function buildRecorded(w: ReadModelWriter, e: Recorded<'ActionDraftBuilt' | 'ActionDraftBuildFailed'>): void {
  w.run(
    `DELETE FROM ${w.table('pending_builds')} WHERE action_id = ? AND draft_key = ?`,
    e.data.actionId,
    e.data.draftKey,
  );
}

export const pendingBuildsProjection = projectionOf<ActionEvent>({
  name: 'pending-builds',
  version: 2,
  tables: ['pending_builds'],
  claims: ACTION_EVENT_TYPES,
  handlers: {
    ActionCreated: draftPending,
    ActionDraftUpdated: draftPending,
    ActionDraftBuilt: buildRecorded,
    ActionDraftBuildFailed: buildRecorded,
    // versions are made from built content: they never make a draft pending
    ActionVersionCreated: 'ignored',
    ActionVersionDeployed: 'ignored',
    ActionDeleted: (w, e) => w.run(`DELETE FROM ${w.table('pending_builds')} WHERE action_id = ?`, e.data.actionId),
  },
  schema: (t) => [
    `CREATE TABLE IF NOT EXISTS ${t('pending_builds')} (
       action_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, draft_key TEXT NOT NULL, since_commit INTEGER NOT NULL,
       correlation_id TEXT NOT NULL, causation_id TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS ${t('pending_builds')}_by_age ON ${t('pending_builds')} (since_commit)`,
  ],
});
