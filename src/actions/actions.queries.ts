/**
 * Read side of actions and versions: every REST read goes through here, and only reads the projections' tables.
 */
import { Inject, Injectable } from '@nestjs/common';
import { READ_MODELS, ReadModels } from '../shared/read-models';
import type { ActionDoc, ActionRow, VersionDoc, VersionRow } from './projections/actions.projection';

export interface ActionView {
  tenantId: string;
  id: string;
  revision: number;
  doc: ActionDoc;
  deployedVersion?: VersionDoc;
}

export interface VersionView {
  doc: VersionDoc;
  deployed: boolean;
  action: ActionView;
}

export interface ActionFilter {
  triggerId?: string;
  actionName?: string;
  deployed?: boolean;
  installed?: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
}

@Injectable()
export class ActionsQueries {
  constructor(@Inject(READ_MODELS) private readonly db: ReadModels) {}

  getAction(tenantId: string, id: string): ActionView | undefined {
    const row = this.db.get<ActionRow>('SELECT * FROM actions WHERE tenant_id = ? AND id = ?', tenantId, id);
    return row && this.view(row);
  }

  findByName(tenantId: string, name: string): ActionView | undefined {
    const row = this.db.get<ActionRow>('SELECT * FROM actions WHERE tenant_id = ? AND name = ?', tenantId, name);
    return row && this.view(row);
  }

  listActions(tenantId: string, filter: ActionFilter, page: number, perPage: number): Page<ActionView> {
    if (filter.installed === true) return { items: [], total: 0 }; // no marketplace integrations here
    const where = ['tenant_id = ?'];
    const params: (string | number)[] = [tenantId];
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
    const total = this.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM actions WHERE ${clause}`, ...params)?.n ?? 0;
    const rows = this.db.all<ActionRow>(
      `SELECT * FROM actions WHERE ${clause} ORDER BY created_at, id LIMIT ? OFFSET ?`,
      ...params,
      perPage,
      page * perPage,
    );
    return { items: rows.map((r) => this.view(r)), total };
  }

  listVersions(tenantId: string, actionId: string, page: number, perPage: number): Page<VersionView> | undefined {
    const action = this.getAction(tenantId, actionId);
    if (!action) return undefined;
    const total =
      this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM action_versions WHERE action_id = ?', actionId)?.n ?? 0;
    const rows = this.db.all<VersionRow>(
      'SELECT * FROM action_versions WHERE action_id = ? ORDER BY number DESC LIMIT ? OFFSET ?',
      actionId,
      perPage,
      page * perPage,
    );
    return {
      items: rows.map((r) => ({ doc: JSON.parse(r.doc) as VersionDoc, deployed: r.deployed === 1, action })),
      total,
    };
  }

  getVersion(tenantId: string, actionId: string, versionId: string): VersionView | undefined {
    const action = this.getAction(tenantId, actionId);
    if (!action) return undefined;
    const row = this.db.get<VersionRow>(
      'SELECT * FROM action_versions WHERE action_id = ? AND id = ?',
      actionId,
      versionId,
    );
    return row && { doc: JSON.parse(row.doc) as VersionDoc, deployed: row.deployed === 1, action };
  }

  /** Versions by id, for embedding deployed versions in lists without one query per row. */
  private deployedVersion(actionId: string): VersionDoc | undefined {
    const row = this.db.get<{ doc: string }>(
      'SELECT doc FROM action_versions WHERE action_id = ? AND deployed = 1',
      actionId,
    );
    return row && (JSON.parse(row.doc) as VersionDoc);
  }

  private view(row: ActionRow): ActionView {
    const doc = JSON.parse(row.doc) as ActionDoc;
    return {
      tenantId: row.tenant_id,
      id: row.id,
      revision: row.revision,
      doc,
      deployedVersion: doc.deployedVersionId ? this.deployedVersion(row.id) : undefined,
    };
  }
}
