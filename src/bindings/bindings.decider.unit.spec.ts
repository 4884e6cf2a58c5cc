import { specFor } from '../../test/support/given-when-then';
import { InvalidError } from '../shared/domain-errors';
import type { ActionFacts, BindingRequestItem } from './bindings.commands';
import { bindingsDecider } from './bindings.decider';
import type { BindingRecord, BindingsEvent } from './bindings.events';

const spec = specFor(bindingsDecider);
const T = 'tenant-a';
const NOW = '2026-11-25T10:00:00.000Z';
const deployedA: ActionFacts = {
  actionId: 'a',
  name: 'alpha',
  deployed: true,
  trigger: { id: 'post-login', version: 'v3' },
};
const deployedB: ActionFacts = {
  actionId: 'b',
  name: 'beta',
  deployed: true,
  trigger: { id: 'post-login', version: 'v2' },
};
const undeployedC: ActionFacts = {
  actionId: 'c',
  name: 'gamma',
  deployed: false,
  trigger: { id: 'post-login', version: 'v3' },
};
const otherTriggerD: ActionFacts = {
  actionId: 'd',
  name: 'delta',
  deployed: true,
  trigger: { id: 'credentials-exchange', version: 'v2' },
};
const facts = { a: deployedA, b: deployedB, c: undeployedC, d: otherTriggerD };
const names = { alpha: 'a', beta: 'b', gamma: 'c', delta: 'd' };

describe('bindings decider', () => {
  it('replaces the whole ordered list; display_name defaults to the action name', () => {
    spec
      .given([])
      .when(update([item('action_id', 'b', 'n1', 'Second first'), item('action_name', 'alpha', 'n2')]))
      .then([replaced([binding('n1', 'b', 'Second first'), binding('n2', 'a', 'alpha')])]);
  });

  it('binding_id keeps the action of that existing binding (re-ordering)', () => {
    spec
      .given([replaced([binding('x1', 'a', 'alpha'), binding('x2', 'b', 'beta')])])
      .when(update([item('binding_id', 'x2', 'n1'), item('binding_id', 'x1', 'n2')]))
      .then([replaced([binding('n1', 'b', 'beta'), binding('n2', 'a', 'alpha')])]);
  });

  it('the same list again is a no-op (R4)', () => {
    spec
      .given([replaced([binding('x1', 'a', 'alpha')])])
      .when(update([item('action_id', 'a', 'n1')]))
      .thenNothingHappened();
  });

  it('an empty list unbinds everything', () => {
    spec
      .given([replaced([binding('x1', 'a', 'alpha')])])
      .when(update([]))
      .then([replaced([])]);
  });

  it('refuses an undeployed action, an incompatible trigger, an unknown action, name or binding', () => {
    spec
      .given([])
      .when(update([item('action_id', 'c', 'n1')]))
      .thenThrows(InvalidError, 'has not been deployed yet');
    spec
      .given([])
      .when(update([item('action_id', 'd', 'n1')]))
      .thenThrows(InvalidError, 'incompatible action and trigger');
    spec
      .given([])
      .when(update([item('action_id', 'zzz', 'n1')]))
      .thenThrows(InvalidError, 'does not exist');
    spec
      .given([])
      .when(update([item('action_name', 'nobody', 'n1')]))
      .thenThrows(InvalidError, 'Unable to find an action named "nobody"');
    spec
      .given([])
      .when(update([item('binding_id', 'nope', 'n1')]))
      .thenThrows(InvalidError, 'No binding with id "nope"');
  });

  it('refuses the same action twice and more bindings than the limit', () => {
    spec
      .given([])
      .when(update([item('action_id', 'a', 'n1'), item('action_name', 'alpha', 'n2')]))
      .thenThrows(InvalidError, 'only once');
    spec
      .given([])
      .when(update([item('action_id', 'a', 'n1'), item('action_id', 'b', 'n2')], 1))
      .thenThrows(InvalidError, 'at most 1 bindings');
  });

  it('refuses entity-bound triggers', () => {
    spec
      .given([])
      .when({
        type: 'UpdateBindings',
        data: {
          tenantId: T,
          triggerId: 'custom-token-exchange',
          items: [],
          now: NOW,
          maxBindings: 20,
          actions: facts,
          names,
        },
      })
      .thenThrows(InvalidError, 'entity-bound');
  });

  it('removing an action unbinds it and keeps the order of the others; absent → nothing', () => {
    const given = [replaced([binding('x1', 'a', 'alpha'), binding('x2', 'b', 'beta')])];
    spec
      .given(given)
      .when(remove('a'))
      .then([replaced([binding('x2', 'b', 'beta')])]);
    spec.given(given).when(remove('zzz')).thenNothingHappened();
  });
});

// ---- builders ----
function item(
  type: 'action_id' | 'action_name' | 'binding_id',
  value: string,
  newBindingId: string,
  displayName?: string,
): BindingRequestItem {
  return { ref: { type, value }, newBindingId, ...(displayName ? { displayName } : {}) };
}
function update(items: BindingRequestItem[], maxBindings = 20) {
  return {
    type: 'UpdateBindings' as const,
    data: { tenantId: T, triggerId: 'post-login', items, now: NOW, maxBindings, actions: facts, names },
  };
}
function remove(actionId: string) {
  return {
    type: 'RemoveActionFromBindings' as const,
    data: { tenantId: T, triggerId: 'post-login', actionId, now: NOW },
  };
}
function binding(id: string, actionId: string, displayName: string): BindingRecord {
  return { id, actionId, displayName, createdAt: NOW };
}
function replaced(bindings: BindingRecord[]): BindingsEvent {
  return { type: 'TriggerBindingsReplaced', data: { tenantId: T, triggerId: 'post-login', bindings, updatedAt: NOW } };
}
