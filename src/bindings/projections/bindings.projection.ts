/**
 * Read model of each trigger's ordered bindings (execution order) and the bindings stream's revision (its ETag).
 * Readers join it with the live actions, so a binding can never be shown or run for a deleted action even while a
 * force delete is still converging.
 */
import { projectionOf, ReadModelWriter, RecordedOf } from '../../projections/projection';
import { BINDINGS_EVENT_TYPES, BindingsEvent, TriggerBindingsReplaced } from '../bindings.events';

export interface BindingRow {
  tenant_id: string;
  trigger_id: string;
  position: number;
  id: string;
  action_id: string;
  display_name: string;
  created_at: string;
  updated_at: string;
}

function replaceBindings(w: ReadModelWriter, recorded: RecordedOf<TriggerBindingsReplaced>): void {
  const { tenantId, triggerId, bindings, updatedAt } = recorded.data;
  const seen = w.get<{ revision: number }>(
    `SELECT revision FROM ${w.table('trigger_bindings')} WHERE tenant_id = ? AND trigger_id = ?`,
    tenantId,
    triggerId,
  );
  if (seen && seen.revision >= Number(recorded.revision)) return;
  w.run(`DELETE FROM ${w.table('bindings')} WHERE tenant_id = ? AND trigger_id = ?`, tenantId, triggerId);
  bindings.forEach((b, position) => {
    w.run(
      `INSERT INTO ${w.table('bindings')} (tenant_id, trigger_id, position, id, action_id, display_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      tenantId,
      triggerId,
      position,
      b.id,
      b.actionId,
      b.displayName,
      b.createdAt,
      updatedAt,
    );
  });
  w.run(
    `INSERT INTO ${w.table('trigger_bindings')} (tenant_id, trigger_id, revision, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(tenant_id, trigger_id) DO UPDATE SET revision = excluded.revision, updated_at = excluded.updated_at`,
    tenantId,
    triggerId,
    Number(recorded.revision),
    updatedAt,
  );
}

export const bindingsProjection = projectionOf<BindingsEvent>({
  name: 'bindings',
  version: 1,
  tables: ['bindings', 'trigger_bindings'],
  claims: BINDINGS_EVENT_TYPES,
  handlers: { TriggerBindingsReplaced: replaceBindings },
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
});
