/**
 * The `tenantActions-<tenant>` stream: which action owns which name, and how many actions a tenant has.
 * It makes names unique per tenant (docs/api.md, "Rules": names) and enforces the actions-per-tenant limit atomically,
 * even under concurrent creates. A claim whose action never came to exist (the process died between the claim and
 * ActionCreated) is stale after CLAIM_GRACE_MS and may be taken over; one whose action is deleted at once.
 */
import { assertNever, Decider } from '../shared/decider';
import { ConflictError, LimitExceededError } from '../shared/domain-errors';
import type {
  ActionExistence,
  ClaimActionName,
  ReleaseActionName,
  TenantActionsCommand,
} from './tenant-actions.commands';
import type { TenantActionsEvent } from './tenant-actions.events';

export const CLAIM_GRACE_MS = 60_000;

export interface TenantActionsState {
  /** name (NFC: names claimed before the edge normalised them compare as the edge's) → owner */
  owners: Map<string, { actionId: string; claimedAt: string }>;
}

function evolve(state: TenantActionsState, event: TenantActionsEvent): TenantActionsState {
  const owners = new Map(state.owners);
  switch (event.type) {
    case 'ActionNameClaimed':
      for (const [name, o] of owners) if (o.actionId === event.data.actionId) owners.delete(name);
      owners.set(event.data.name.normalize('NFC'), { actionId: event.data.actionId, claimedAt: event.data.claimedAt });
      return { owners };
    case 'ActionNameReleased':
      if (owners.get(event.data.name.normalize('NFC'))?.actionId === event.data.actionId)
        owners.delete(event.data.name.normalize('NFC'));
      return { owners };
    default:
      return state;
  }
}

export function nameOwnedBy(state: TenantActionsState, actionId: string): string | undefined {
  for (const [name, o] of state.owners) if (o.actionId === actionId) return name;
  return undefined;
}

/** A claim is stale when its action was deleted (the release was lost), or never came to exist within the grace. */
function isStale(owner: { actionId: string; claimedAt: string }, existence: ActionExistence, now: string): boolean {
  const known = existence[owner.actionId];
  return known === 'deleted' || (known === 'absent' && Date.parse(now) - Date.parse(owner.claimedAt) > CLAIM_GRACE_MS);
}

export function claimActionName(command: ClaimActionName, state: TenantActionsState): TenantActionsEvent[] {
  const { tenantId, actionId, name, now, maxActions, existence } = command.data;
  const owner = state.owners.get(name);
  if (owner?.actionId === actionId) return [];
  const events: TenantActionsEvent[] = [];
  if (owner) {
    if (!isStale(owner, existence, now)) throw new ConflictError(`An action with the name "${name}" already exists.`);
    events.push({ type: 'ActionNameReleased', data: { tenantId, actionId: owner.actionId, name, releasedAt: now } });
  }
  const previous = nameOwnedBy(state, actionId);
  if (previous !== undefined) {
    events.push({ type: 'ActionNameReleased', data: { tenantId, actionId, name: previous, releasedAt: now } });
  } else {
    const live = [...state.owners.values()].filter(
      (o) => o.actionId !== owner?.actionId && !isStale(o, existence, now),
    );
    if (live.length >= maxActions) {
      throw new LimitExceededError(`This tenant already has ${live.length} actions, the maximum allowed.`);
    }
  }
  events.push({ type: 'ActionNameClaimed', data: { tenantId, actionId, name, claimedAt: now } });
  return events;
}

export function releaseActionName(command: ReleaseActionName, state: TenantActionsState): TenantActionsEvent[] {
  const { tenantId, actionId, now } = command.data;
  const name = nameOwnedBy(state, actionId);
  return name === undefined
    ? []
    : [{ type: 'ActionNameReleased', data: { tenantId, actionId, name, releasedAt: now } }];
}

function decide(command: TenantActionsCommand, state: TenantActionsState): TenantActionsEvent[] {
  switch (command.type) {
    case 'ClaimActionName':
      return claimActionName(command, state);
    case 'ReleaseActionName':
      return releaseActionName(command, state);
    default:
      return assertNever(command, 'tenant actions command');
  }
}

export const tenantActionsDecider: Decider<TenantActionsState, TenantActionsCommand, TenantActionsEvent> = {
  initialState: () => ({ owners: new Map() }),
  evolve,
  decide,
};
