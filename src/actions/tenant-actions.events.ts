/**
 * Events of the `tenantActions-<tenant>` stream, the tenant's name registry (tenant-actions.decider.ts).
 * TENANT_ACTIONS_EVENT_TYPES is the one list of the names; the union is derived from it.
 */
import type { EventOf, EventUnion } from '../shared/decider';

export const TENANT_ACTIONS_EVENT_TYPES = ['ActionNameClaimed', 'ActionNameReleased'] as const;
export type TenantActionsEventType = (typeof TENANT_ACTIONS_EVENT_TYPES)[number];

interface TenantActionsEventData {
  ActionNameClaimed: { tenantId: string; actionId: string; name: string; claimedAt: string };
  ActionNameReleased: { tenantId: string; actionId: string; name: string; releasedAt: string };
}

export type TenantActionsEvent = EventUnion<TenantActionsEventType, TenantActionsEventData>;
export type ActionNameClaimed = EventOf<TenantActionsEvent, 'ActionNameClaimed'>;
export type ActionNameReleased = EventOf<TenantActionsEvent, 'ActionNameReleased'>;
