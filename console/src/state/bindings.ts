/**
 * A trigger's ordered bindings as the console edits them: every change (reorder, add, remove) produces the whole
 * new list, sent as ONE PATCH pinned with If-Match (docs/api.md, "Rules": bindings are replaced as a whole).
 */
import type { Action, Binding, BindingUpdate } from '../api/types';

/** The list with the item at `from` moved to `to` (both clamped to the list); the input is left as it was. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  if (from < 0 || from >= list.length) return next;
  const target = Math.max(0, Math.min(list.length - 1, to));
  const [item] = next.splice(from, 1);
  next.splice(target, 0, item);
  return next;
}

/** The PATCH body items for an ordered list: each action by id, with its display name kept. */
export function toBindingUpdates(bindings: readonly Pick<Binding, 'action' | 'display_name'>[]): BindingUpdate[] {
  return bindings.map((b) => ({ ref: { type: 'action_id', value: b.action.id }, display_name: b.display_name }));
}

/** Actions that can be bound to a trigger: deployed, supporting it, and not already bound. */
export function bindableActions(actions: readonly Action[], triggerId: string, bound: readonly Binding[]): Action[] {
  const taken = new Set(bound.map((b) => b.action.id));
  return actions.filter(
    (a) => a.deployed_version && a.supported_triggers.some((t) => t.id === triggerId) && !taken.has(a.id),
  );
}

/** The updates that append `action` at the end of the list. */
export function withAdded(bindings: readonly Binding[], action: Pick<Action, 'id' | 'name'>): BindingUpdate[] {
  return [...toBindingUpdates(bindings), { ref: { type: 'action_id', value: action.id }, display_name: action.name }];
}

/** The updates without the binding at `index`. */
export function withRemoved(bindings: readonly Binding[], index: number): BindingUpdate[] {
  return toBindingUpdates(bindings.filter((_, i) => i !== index));
}

/** What a screen reader hears after a move ("post-login: b moved to position 1 of 2"). */
export function moveAnnouncement(triggerId: string, name: string, to: number, count: number): string {
  return `${triggerId}: ${name} moved to position ${to + 1} of ${count}`;
}
