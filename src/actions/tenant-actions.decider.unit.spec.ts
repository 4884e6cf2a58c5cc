import { specFor } from '../../test/support/given-when-then';
import { ConflictError, LimitExceededError } from '../shared/domain-errors';
import type { TenantActionsCommand } from './tenant-actions.commands';
import { tenantActionsDecider } from './tenant-actions.decider';
import type { TenantActionsEvent } from './tenant-actions.events';

const spec = specFor(tenantActionsDecider);
const T = 'tenant-a';
const NOW = '2026-11-25T10:00:00.000Z';
const TWO_MINUTES_LATER = '2026-11-25T10:02:00.000Z';

describe('tenant actions (unique names, count limit)', () => {
  it('claims a free name', () => {
    spec
      .given([])
      .when(claim('a1', 'alpha'))
      .then([claimed('a1', 'alpha')]);
  });

  it('refuses a name another live action owns (names are unique per tenant)', () => {
    spec
      .given([claimed('a1', 'alpha')])
      .when(claim('a2', 'alpha', { a1: 'exists' }))
      .thenThrows(ConflictError, 'already exists');
  });

  it('a rename releases the old name and claims the new one; the same name again is a no-op', () => {
    spec
      .given([claimed('a1', 'alpha')])
      .when(claim('a1', 'beta'))
      .then([released('a1', 'alpha'), claimed('a1', 'beta')]);
    spec
      .given([claimed('a1', 'alpha')])
      .when(claim('a1', 'alpha'))
      .thenNothingHappened();
  });

  it('names are case-sensitive', () => {
    spec
      .given([claimed('a1', 'alpha')])
      .when(claim('a2', 'Alpha'))
      .then([claimed('a2', 'Alpha')]);
  });

  it('a claim whose action never came to exist can be taken over after the grace period only', () => {
    spec
      .given([claimed('a1', 'alpha')])
      .when(claim('a2', 'alpha', { a1: 'absent' }))
      .thenThrows(ConflictError);
    spec
      .given([claimed('a1', 'alpha')])
      .when(claim('a2', 'alpha', { a1: 'absent' }, TWO_MINUTES_LATER))
      .then([released('a1', 'alpha', TWO_MINUTES_LATER), claimed('a2', 'alpha', TWO_MINUTES_LATER)]);
  });

  it('a claim whose action was deleted (release lost) is taken over at once', () => {
    spec
      .given([claimed('a1', 'alpha')])
      .when(claim('a2', 'alpha', { a1: 'deleted' }))
      .then([released('a1', 'alpha'), claimed('a2', 'alpha')]);
  });

  it('enforces the actions-per-tenant limit; deleting one frees a slot', () => {
    const two = [claimed('a1', 'alpha'), claimed('a2', 'beta')];
    spec
      .given(two)
      .when(claim('a3', 'gamma', {}, NOW, 2))
      .thenThrows(LimitExceededError);
    spec
      .given([...two, released('a1', 'alpha')])
      .when(claim('a3', 'gamma', {}, NOW, 2))
      .then([claimed('a3', 'gamma')]);
  });

  it('release frees the name; releasing twice is a no-op', () => {
    spec
      .given([claimed('a1', 'alpha')])
      .when(release('a1'))
      .then([released('a1', 'alpha')]);
    spec
      .given([claimed('a1', 'alpha'), released('a1', 'alpha')])
      .when(release('a1'))
      .thenNothingHappened();
  });
});

// ---- builders ----
function claim(
  actionId: string,
  name: string,
  existence: Record<string, 'exists' | 'absent' | 'deleted'> = {},
  now = NOW,
  maxActions = 100,
): TenantActionsCommand {
  return { type: 'ClaimActionName', data: { tenantId: T, actionId, name, now, maxActions, existence } };
}
function release(actionId: string): TenantActionsCommand {
  return { type: 'ReleaseActionName', data: { tenantId: T, actionId, now: NOW } };
}
function claimed(actionId: string, name: string, at = NOW): TenantActionsEvent {
  return { type: 'ActionNameClaimed', data: { tenantId: T, actionId, name, claimedAt: at } };
}
function released(actionId: string, name: string, at = NOW): TenantActionsEvent {
  return { type: 'ActionNameReleased', data: { tenantId: T, actionId, name, releasedAt: at } };
}
