/**
 * Events of the `triggerBindings-<tenant>.<trigger>` stream. BINDINGS_EVENT_TYPES is the one list of the names: the
 * union is derived from it, and so is the filter of the bindings projection.
 */
import type { EventOf, EventUnion } from '../shared/decider';

export interface BindingRecord {
  id: string;
  actionId: string;
  displayName: string;
  createdAt: string;
}

export const BINDINGS_EVENT_TYPES = ['TriggerBindingsReplaced'] as const;
export type BindingsEventType = (typeof BINDINGS_EVENT_TYPES)[number];

interface BindingsEventData {
  /** The trigger's complete, ordered list after the change. */
  TriggerBindingsReplaced: { tenantId: string; triggerId: string; bindings: BindingRecord[]; updatedAt: string };
}

export type BindingsEvent = EventUnion<BindingsEventType, BindingsEventData>;
export type TriggerBindingsReplaced = EventOf<BindingsEvent, 'TriggerBindingsReplaced'>;
