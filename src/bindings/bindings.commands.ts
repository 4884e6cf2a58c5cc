/** Commands of the bindings decider. Time, ids and the facts about the referenced actions arrive here. */
import type { TriggerRef } from '../triggers/trigger-catalogue';

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

export type UpdateBindings = {
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
};
export type RemoveActionFromBindings = {
  type: 'RemoveActionFromBindings';
  data: { tenantId: string; triggerId: string; actionId: string; now: string };
};

export type BindingsCommand = UpdateBindings | RemoveActionFromBindings;
