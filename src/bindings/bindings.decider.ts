/**
 * The `triggerBindings-<tenant>.<trigger>` stream: a trigger's complete, ordered list of bindings, replaced as a
 * whole on every change (docs/api.md, "Rules": bindings). Pure: the facts about the referenced actions
 * (read from their own streams) and the new binding ids arrive in the command.
 */
import { assertNever, Decider } from '../shared/decider';
import { InvalidError } from '../shared/domain-errors';
import { canBind, currentTrigger } from '../triggers/trigger-catalogue';
import type {
  BindingRequestItem,
  BindingsCommand,
  RemoveActionFromBindings,
  UpdateBindings,
} from './bindings.commands';
import type { BindingRecord, BindingsEvent } from './bindings.events';

export interface BindingsState {
  bindings: BindingRecord[];
}

function evolve(_state: BindingsState, event: BindingsEvent): BindingsState {
  switch (event.type) {
    case 'TriggerBindingsReplaced':
      return { bindings: event.data.bindings };
    default:
      return _state;
  }
}

function resolveActionId(
  item: BindingRequestItem,
  index: number,
  state: BindingsState,
  names: Record<string, string>,
): string {
  const { type, value } = item.ref;
  switch (type) {
    case 'action_id':
      return value;
    case 'action_name': {
      const id = names[value];
      if (!id) throw new InvalidError(`Unable to find an action named "${value}" (bindings[${index}]).`);
      return id;
    }
    case 'binding_id': {
      const existing = state.bindings.find((b) => b.id === value);
      if (!existing)
        throw new InvalidError(`No binding with id "${value}" exists on this trigger (bindings[${index}]).`);
      return existing.actionId;
    }
    default:
      return assertNever(type, 'binding ref type');
  }
}

function sameBindings(a: readonly BindingRecord[], b: readonly BindingRecord[]): boolean {
  return a.length === b.length && a.every((x, i) => x.actionId === b[i].actionId && x.displayName === b[i].displayName);
}

export function updateBindings(command: UpdateBindings, state: BindingsState): BindingsEvent[] {
  const { tenantId, triggerId, items, now, maxBindings, actions, names } = command.data;
  const trigger = currentTrigger(triggerId);
  if (!trigger) throw new InvalidError(`Unknown trigger "${triggerId}".`);
  if (trigger.binding_policy === 'entity-bound')
    throw new InvalidError('cannot update action bindings for an entity-bound trigger');
  if (items.length > maxBindings) {
    throw new InvalidError(`A trigger can have at most ${maxBindings} bindings; ${items.length} were given.`);
  }
  const seen = new Set<string>();
  const next = items.map((item, i): BindingRecord => {
    const actionId = resolveActionId(item, i, state, names);
    const facts = actions[actionId];
    if (!facts)
      throw new InvalidError(
        `Trying to create a binding for an action that does not exist (bindings[${i}]: ${item.ref.value}).`,
      );
    if (!facts.deployed)
      throw new InvalidError('Trying to create a binding for an action that has not been deployed yet');
    if (!canBind(facts.trigger, triggerId))
      throw new InvalidError('Trying to create a binding between an incompatible action and trigger.');
    if (seen.has(actionId))
      throw new InvalidError(`An action can be bound only once per trigger; "${facts.name}" appears twice.`);
    seen.add(actionId);
    return { id: item.newBindingId, actionId, displayName: item.displayName ?? facts.name, createdAt: now };
  });
  if (sameBindings(state.bindings, next)) return [];
  return [{ type: 'TriggerBindingsReplaced', data: { tenantId, triggerId, bindings: next, updatedAt: now } }];
}

export function removeActionFromBindings(command: RemoveActionFromBindings, state: BindingsState): BindingsEvent[] {
  const { tenantId, triggerId, actionId, now } = command.data;
  if (!state.bindings.some((b) => b.actionId === actionId)) return [];
  const bindings = state.bindings.filter((b) => b.actionId !== actionId);
  return [{ type: 'TriggerBindingsReplaced', data: { tenantId, triggerId, bindings, updatedAt: now } }];
}

function decide(command: BindingsCommand, state: BindingsState): BindingsEvent[] {
  switch (command.type) {
    case 'UpdateBindings':
      return updateBindings(command, state);
    case 'RemoveActionFromBindings':
      return removeActionFromBindings(command, state);
    default:
      return assertNever(command, 'bindings command');
  }
}

export const bindingsDecider: Decider<BindingsState, BindingsCommand, BindingsEvent> = {
  initialState: () => ({ bindings: [] }),
  evolve,
  decide,
};
