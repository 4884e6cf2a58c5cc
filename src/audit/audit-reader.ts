/**
 * Reads the event log for audit: histories, version diffs and point-in-time views. Works on any EventStore adapter
 * (the port only), so the service and the CLI share it. Every answer comes from the streams, never from the read
 * models: a deleted action's history stays readable, and the tenant check uses the stream's own events.
 */
import { actionDecider } from '../actions/actions.decider';
import { ActionState, isActiveIn, VersionRecord } from '../actions/actions.state';
import type { ActionEvent } from '../actions/actions.events';
import type { ActionView, VersionView } from '../actions/actions.queries';
import type { BindingView } from '../bindings/bindings.queries';
import { EventStore, readStreamPaged, RecordedEvent } from '../event-store/port';
import { streams } from '../event-store/streams';
import { upcastAs } from '../event-store/upcasters';
import { AsOf, recordedBy } from './as-of';
import { ActionStreamHistory, BindingsStreamHistory, HistoryEntry } from './history';
import {
  actionViewAt,
  BindingsAt,
  bindingViewsAt,
  foldActionAt,
  foldBindingsAt,
  versionViewsAt,
} from './point-in-time';
import { diffVersions, VersionDiff } from './version-diff';

export const AUDIT_READER = Symbol('AUDIT_READER');

export class AuditReader {
  constructor(private readonly store: EventStore) {}

  /** A stream's events in order, up to the point (all of them without one). */
  async readStream(stream: string, asOf?: AsOf): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    for await (const e of readStreamPaged(this.store, stream)) {
      if (!recordedBy(asOf, e)) break;
      out.push(e);
    }
    return out;
  }

  /** Every event of an action's stream as history entries, oldest first; undefined when the stream does not exist
   *  or belongs to another tenant (`tenantId` undefined: any tenant, for the operator's CLI). */
  async actionHistory(
    actionId: string,
    tenantId?: string,
  ): Promise<{ tenantId: string; entries: HistoryEntry[] } | undefined> {
    const events = await this.readStream(streams.action(actionId));
    const history = new ActionStreamHistory();
    const entries = events.map((e) => history.next(e));
    const owner = tenantOf(history.state);
    if (owner === undefined || (tenantId !== undefined && owner !== tenantId)) return undefined;
    return { tenantId: owner, entries };
  }

  async bindingsHistory(tenantId: string, triggerId: string): Promise<HistoryEntry[]> {
    const history = new BindingsStreamHistory();
    return (await this.readStream(streams.triggerBindings(tenantId, triggerId))).map((e) => history.next(e));
  }

  /** The action as of `asOf`, or as its stream stands now when `asOf` is left out. */
  async actionAt(tenantId: string, actionId: string, asOf?: AsOf): Promise<ActionView | undefined> {
    const view = actionViewAt(foldActionAt(await this.readStream(streams.action(actionId), asOf)));
    return view && view.tenantId === tenantId ? view : undefined;
  }

  async versionsAt(tenantId: string, actionId: string, asOf?: AsOf): Promise<VersionView[] | undefined> {
    const at = foldActionAt(await this.readStream(streams.action(actionId), asOf));
    if (!isActiveIn(at.state, tenantId)) return undefined;
    return versionViewsAt(at);
  }

  async bindingsAt(
    tenantId: string,
    triggerId: string,
    asOf: AsOf,
  ): Promise<{ bindings: BindingView[]; revision: number }> {
    const at: BindingsAt = foldBindingsAt(await this.readStream(streams.triggerBindings(tenantId, triggerId), asOf));
    const actions = new Map<string, ActionView | undefined>();
    for (const b of at.bindings) {
      if (!actions.has(b.actionId)) actions.set(b.actionId, await this.actionAt(tenantId, b.actionId, asOf));
    }
    return { bindings: bindingViewsAt(tenantId, triggerId, at, actions), revision: at.revision };
  }

  /**
   * Diff between two versions, named by id or by number. Versions of a deleted action stay comparable (the fold
   * stops before the deletion). 'action': no such action for this tenant; 'version': no such version.
   */
  async versionDiff(
    actionId: string,
    a: string,
    b: string,
    tenantId?: string,
  ): Promise<VersionDiff | 'action' | 'version'> {
    const events = await this.readStream(streams.action(actionId));
    let state: ActionState = actionDecider.initialState();
    for (const recorded of events) {
      const e = upcastAs<ActionEvent>(recorded);
      if (e.type === 'ActionDeleted') break;
      state = actionDecider.evolve(state, e);
    }
    if (state.status !== 'Active' || (tenantId !== undefined && !isActiveIn(state, tenantId))) return 'action';
    const find = (key: string): VersionRecord | undefined =>
      state.status === 'Active'
        ? state.versions.find((v) => v.versionId === key || (/^\d{1,9}$/.test(key) && v.number === Number(key)))
        : undefined;
    const from = find(a);
    const to = find(b);
    if (!from || !to) return 'version';
    return diffVersions(actionId, from, to);
  }
}

function tenantOf(state: ActionState): string | undefined {
  return state.status === 'None' ? undefined : state.tenantId;
}
