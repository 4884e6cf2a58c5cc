/**
 * History entries: one per event, with who, when, under which request, and what changed in words. Built by folding
 * each stream with its feature's decider `evolve` (the same fold the write side uses), comparing the state before
 * and after each event, so packed code (action-code.ts) and secret merges read exactly as the write side saw them.
 * Pure: the caller reads the events. Values of secrets never appear (names and fingerprints only).
 */
import { actionDecider } from '../actions/actions.decider';
import { ActionState } from '../actions/actions.state';
import type { ActionEvent } from '../actions/actions.events';
import { tenantActionsDecider, TenantActionsState } from '../actions/tenant-actions.decider';
import type { TenantActionsEvent } from '../actions/tenant-actions.events';
import { bindingsDecider, BindingsState } from '../bindings/bindings.decider';
import type { BindingRecord, BindingsEvent } from '../bindings/bindings.events';
import { positionToString, RecordedEvent } from '../event-store/port';
import { streamCategory } from '../event-store/streams';
import { upcastAs } from '../event-store/upcasters';
import { describeContentChanges, describeNewContent } from './content-changes';

export const UNKNOWN = 'unknown';

/** One event as the history shows it (API, `cli history`, `cli replay`). */
export interface HistoryEntry {
  stream: string;
  revision: number;
  position: string;
  event_id: string;
  type: string;
  /** When the store recorded the event (ISO-8601 UTC). */
  time: string;
  /** `sub` of the token that made the request, `system:…` for the service's own workers, `unknown` on old events. */
  actor: string;
  correlation_id: string;
  causation_id: string;
  /** One line: what happened and what changed. */
  summary: string;
  /** The same changes, one item each. */
  changes: string[];
}

function metaString(event: RecordedEvent, key: string): string {
  const value = (event.metadata as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' && value !== '' ? value : UNKNOWN;
}

function entry(event: RecordedEvent, headline: string, changes: string[]): HistoryEntry {
  return {
    stream: event.stream,
    revision: Number(event.revision),
    position: positionToString(event.position),
    event_id: event.id,
    type: event.type,
    time: event.createdAt,
    actor: metaString(event, 'actor'),
    correlation_id: metaString(event, 'correlationId'),
    causation_id: metaString(event, 'causationId'),
    summary: changes.length > 0 ? `${headline}: ${changes.join('; ')}` : headline,
    changes,
  };
}

/** Follows one stream event by event; `next` returns the entry for an event and moves the state past it. */
export interface StreamHistory {
  next(event: RecordedEvent): HistoryEntry;
}

export class ActionStreamHistory implements StreamHistory {
  state: ActionState = actionDecider.initialState();

  next(recorded: RecordedEvent): HistoryEntry {
    const event = upcastAs<ActionEvent>(recorded);
    const before = this.state;
    const after = actionDecider.evolve(before, event);
    this.state = after;
    const [headline, changes] = describeActionEvent(before, event, after);
    return entry(event, headline, changes);
  }
}

function versionNumber(state: ActionState, versionId: string): number | undefined {
  return state.status === 'Active' ? state.versions.find((v) => v.versionId === versionId)?.number : undefined;
}

function describeActionEvent(before: ActionState, e: ActionEvent, after: ActionState): [string, string[]] {
  switch (e.type) {
    case 'ActionCreated':
      if (after.status !== 'Active') return ['action created', []];
      return [
        `action "${after.content.name}" created`,
        [...describeNewContent(after.content), ...(e.data.deployWhenBuilt ? ['deploys when built'] : [])],
      ];
    case 'ActionDraftUpdated': {
      if (before.status !== 'Active' || after.status !== 'Active') return ['draft updated', []];
      const changes = describeContentChanges(before.content, after.content);
      return [changes.length > 0 ? 'draft updated' : 'draft updated, no change', changes];
    }
    case 'ActionDraftBuilt': {
      const current = before.status === 'Active' && before.draftKey === e.data.draftKey;
      if (!current) return ['build of an earlier draft recorded (ignored: the draft had changed)', []];
      const resolved = e.data.resolvedDependencies.map((d) => `${d.name}@${d.version}`);
      return [
        'build succeeded',
        [
          `artifact sha256 ${e.data.artifactSha256.slice(0, 12)}`,
          ...(resolved.length ? [`resolved ${resolved.join(', ')}`] : []),
        ],
      ];
    }
    case 'ActionDraftBuildFailed': {
      const current = before.status === 'Active' && before.draftKey === e.data.draftKey;
      const errors = e.data.errors.map((x) => `${x.id}: ${x.msg.length > 300 ? `${x.msg.slice(0, 300)}…` : x.msg}`);
      return [current ? 'build failed' : 'build of an earlier draft failed (ignored: the draft had changed)', errors];
    }
    case 'ActionVersionCreated': {
      const rollbackOf = e.data.rollbackOf;
      if (!rollbackOf) return [`version ${e.data.number} created`, []];
      const n = versionNumber(before, rollbackOf);
      return [
        `version ${e.data.number} created as a rollback of version ${n ?? rollbackOf}`,
        [`copied from version ${n ?? '?'} (${rollbackOf})`],
      ];
    }
    case 'ActionVersionDeployed': {
      const previous =
        before.status === 'Active' && before.deployedVersionId
          ? versionNumber(before, before.deployedVersionId)
          : undefined;
      return [`version ${e.data.number} deployed`, previous !== undefined ? [`replaces version ${previous}`] : []];
    }
    case 'ActionDeleted':
      return [`action "${e.data.name}" deleted`, []];
    default:
      return [(e as { type: string }).type, []];
  }
}

export class BindingsStreamHistory implements StreamHistory {
  state: BindingsState = bindingsDecider.initialState();

  next(recorded: RecordedEvent): HistoryEntry {
    const event = upcastAs<BindingsEvent>(recorded);
    const before = this.state;
    this.state = bindingsDecider.evolve(before, event);
    if (event.type !== 'TriggerBindingsReplaced') return entry(recorded, recorded.type, []);
    const changes = describeBindingChanges(before.bindings, this.state.bindings);
    const order = this.state.bindings.map((b) => `"${b.displayName}"`).join(', ');
    return entry(event, `bindings of ${event.data.triggerId} replaced (now: ${order || 'none'})`, changes);
  }
}

function describeBindingChanges(from: readonly BindingRecord[], to: readonly BindingRecord[]): string[] {
  const before = new Map(from.map((b) => [b.actionId, b]));
  const after = new Map(to.map((b) => [b.actionId, b]));
  const out: string[] = [];
  to.forEach((b, i) => {
    const old = before.get(b.actionId);
    if (!old) out.push(`bound "${b.displayName}" (action ${b.actionId}) at position ${i + 1}`);
    else if (old.displayName !== b.displayName)
      out.push(`display name of action ${b.actionId} changed from "${old.displayName}" to "${b.displayName}"`);
  });
  from.forEach((b) => {
    if (!after.has(b.actionId)) out.push(`unbound "${b.displayName}" (action ${b.actionId})`);
  });
  const keptBefore = from.filter((b) => after.has(b.actionId)).map((b) => b.actionId);
  const keptAfter = to.filter((b) => before.has(b.actionId)).map((b) => b.actionId);
  if (keptBefore.join() !== keptAfter.join())
    out.push(`order changed to ${to.map((b) => `"${b.displayName}"`).join(', ')}`);
  return out;
}

export class TenantActionsStreamHistory implements StreamHistory {
  state: TenantActionsState = tenantActionsDecider.initialState();

  next(recorded: RecordedEvent): HistoryEntry {
    const event = upcastAs<TenantActionsEvent>(recorded);
    this.state = tenantActionsDecider.evolve(this.state, event);
    const { name, actionId } = event.data;
    if (event.type === 'ActionNameClaimed') return entry(event, `name "${name}" claimed by action ${actionId}`, []);
    if (event.type === 'ActionNameReleased') return entry(event, `name "${name}" released by action ${actionId}`, []);
    return entry(recorded, recorded.type, []);
  }
}

class OpaqueStreamHistory implements StreamHistory {
  next(event: RecordedEvent): HistoryEntry {
    return entry(event, event.type, []);
  }
}

export function historyFor(stream: string): StreamHistory {
  switch (streamCategory(stream)) {
    case 'action':
      return new ActionStreamHistory();
    case 'triggerBindings':
      return new BindingsStreamHistory();
    case 'tenantActions':
      return new TenantActionsStreamHistory();
    default:
      return new OpaqueStreamHistory();
  }
}

/** Entries of events from many streams in log order (replay of a category or of the whole log). */
export class LogHistory {
  private readonly streams = new Map<string, StreamHistory>();

  next(event: RecordedEvent): HistoryEntry {
    let h = this.streams.get(event.stream);
    if (!h) {
      h = historyFor(event.stream);
      this.streams.set(event.stream, h);
    }
    return h.next(event);
  }
}
