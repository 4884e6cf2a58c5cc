/**
 * Read side of bindings. Each binding is joined with its live action (an INNER JOIN), so a binding whose action was
 * deleted is never listed nor run, even while a force delete is still converging.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ActionsQueries, ActionView } from '../actions/actions.queries';
import { READ_MODELS, ReadModels } from '../shared/read-models';
import type { BindingRow } from './projections/bindings.projection';

export interface BindingView {
  id: string;
  triggerId: string;
  displayName: string;
  createdAt: string;
  updatedAt: string;
  action: ActionView;
}

@Injectable()
export class BindingsQueries {
  constructor(
    @Inject(READ_MODELS) private readonly db: ReadModels,
    private readonly actions: ActionsQueries,
  ) {}

  /** In execution order. */
  listBindings(tenantId: string, triggerId: string): BindingView[] {
    const rows = this.db.all<BindingRow>(
      `SELECT b.* FROM bindings b JOIN actions a ON a.id = b.action_id AND a.tenant_id = b.tenant_id
       WHERE b.tenant_id = ? AND b.trigger_id = ? ORDER BY b.position`,
      tenantId,
      triggerId,
    );
    return rows.flatMap((r) => {
      const action = this.actions.getAction(tenantId, r.action_id);
      return action
        ? [
            {
              id: r.id,
              triggerId: r.trigger_id,
              displayName: r.display_name,
              createdAt: r.created_at,
              updatedAt: r.updated_at,
              action,
            },
          ]
        : [];
    });
  }

  /** Revision of the trigger's bindings stream (its ETag); undefined while it has no stream. */
  revision(tenantId: string, triggerId: string): number | undefined {
    return this.db.get<{ revision: number }>(
      'SELECT revision FROM trigger_bindings WHERE tenant_id = ? AND trigger_id = ?',
      tenantId,
      triggerId,
    )?.revision;
  }

  /** Triggers of the tenant where the action is bound (any binding, deleted action or not). */
  triggersBinding(tenantId: string, actionId: string): string[] {
    return this.db
      .all<{ trigger_id: string }>(
        'SELECT DISTINCT trigger_id FROM bindings WHERE tenant_id = ? AND action_id = ? ORDER BY trigger_id',
        tenantId,
        actionId,
      )
      .map((r) => r.trigger_id);
  }
}
