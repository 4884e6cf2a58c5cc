/**
 * The build reactor's to-do list (docs/architecture.md, "Builds"): one row per action whose current draft content
 * has no recorded build outcome yet. A create or update puts the row in (or moves it to the new draft key);
 * `ActionDraftBuilt` / `ActionDraftBuildFailed` for that key, or `ActionDeleted`, take it out. Because the list is
 * a checkpointed projection, a crash loses nothing: after a restart every row still here is built, with no new
 * request, and a rebuild from position 0 gives the same list.
 */
import type { RecordedEvent } from '../event-store/port';
import type { Projection, ReadModelWriter } from '../projections/projection';
import { draftKeyOf } from '../actions/action.content';
import type { ActionContent, ActionEvent } from '../actions/action.events';
import type { PackedContent } from '../actions/action-code';

/** Events written before `draftKey` was recorded carried the code text every time. */
function legacyDraftKey(content: PackedContent): string {
  return draftKeyOf(content as ActionContent);
}

export const PENDING_BUILD_EVENT_TYPES = [
  'ActionCreated',
  'ActionDraftUpdated',
  'ActionDraftBuilt',
  'ActionDraftBuildFailed',
  'ActionDeleted',
] as const;

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

export const pendingBuildsProjection: Projection = {
  name: 'pending-builds',
  version: 2,
  tables: ['pending_builds'],
  eventTypes: PENDING_BUILD_EVENT_TYPES,
  schema: (t) => [
    `CREATE TABLE IF NOT EXISTS ${t('pending_builds')} (
       action_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, draft_key TEXT NOT NULL, since_commit INTEGER NOT NULL,
       correlation_id TEXT NOT NULL, causation_id TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS ${t('pending_builds')}_by_age ON ${t('pending_builds')} (since_commit)`,
  ],
  apply(w: ReadModelWriter, recorded: RecordedEvent): void {
    const e = recorded as unknown as ActionEvent;
    const table = w.table('pending_builds');
    switch (e.type) {
      case 'ActionCreated':
      case 'ActionDraftUpdated':
        w.run(
          `INSERT INTO ${table} (action_id, tenant_id, draft_key, since_commit, correlation_id, causation_id) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(action_id) DO UPDATE SET draft_key = excluded.draft_key, since_commit = excluded.since_commit,
             correlation_id = excluded.correlation_id, causation_id = excluded.causation_id`,
          e.data.actionId,
          e.data.tenantId,
          e.data.draftKey ?? legacyDraftKey(e.data.content),
          recorded.position.commit,
          String(recorded.metadata?.correlationId ?? 'unknown'),
          recorded.id,
        );
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
