/**
 * The `triggerBindings-<tenant>.<trigger>` stream: a trigger's complete, ordered list of bindings, replaced as a
 * whole on every change (docs/api.md, "Rules": bindings). Pure: the facts about the referenced actions
 * (read from their own streams) and the new binding ids arrive in the command.
 */
import { assertNever, Decider, DomainEvent } from '../shared/decider';
import { InvalidError } from '../shared/domain-errors';
import { canBind, currentTrigger, TriggerRef } from '../triggers/trigger-catalogue';

export interface BindingRecord {
  id: string;
  actionId: string;
  displayName: string;
  createdAt: string;
}

export type TriggerBindingsReplaced = DomainEvent<
  'TriggerBindingsReplaced',
  {
    tenantId: string;
    triggerId: string;
    bindings: BindingRecord[];
    updatedAt: string;
  }
>;
export type BindingsEvent = TriggerBindingsReplaced;
export const BINDINGS_EVENT_TYPES: readonly BindingsEvent['type'][] = ['TriggerBindingsReplaced'];

export interface BindingsState {
  bindings: BindingRecord[];
}

export type BindingRef = { type: 'action_id' | 'action_name' | 'binding_id'; value: string };

export interface BindingRequestItem {
  ref: BindingRef;
  displayName?: string;
  /** Id the binding gets if it is created by this command. */
  newBindingId: string;
}

/** What the handler found about an action, from the action's own stream. */
export interface ActionFacts {
  actionId: string;
  name: string;
  deployed: boolean;
  trigger: TriggerRef;
}

export type BindingsCommand =
  | {
      type: 'UpdateBindings';
      data: {
        tenantId: string;
        triggerId: string;
        items: BindingRequestItem[];
        now: string;
        maxBindings: number;
        /** Live actions of the tenant referenced by the items, by id. Missing = does not exist. */
        actions: Record<string, ActionFacts>;
        /** Name → action id, for `action_name` refs. */
        names: Record<string, string>;
      };
    }
  | { type: 'RemoveActionFromBindings'; data: { tenantId: string; triggerId: string; actionId: string; now: string } };

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

function decide(command: BindingsCommand, state: BindingsState): BindingsEvent[] {
  switch (command.type) {
    case 'UpdateBindings': {
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
    case 'RemoveActionFromBindings': {
      const { tenantId, triggerId, actionId, now } = command.data;
      if (!state.bindings.some((b) => b.actionId === actionId)) return [];
      const bindings = state.bindings.filter((b) => b.actionId !== actionId);
      return [{ type: 'TriggerBindingsReplaced', data: { tenantId, triggerId, bindings, updatedAt: now } }];
    }
    default:
      return assertNever(command, 'bindings command');
  }
}

export const bindingsDecider: Decider<BindingsState, BindingsCommand, BindingsEvent> = {
  initialState: () => ({ bindings: [] }),
  evolve,
  decide,
};
