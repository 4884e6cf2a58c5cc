import { describe, expect, it } from 'vitest';
import type { Action, Binding } from '../api/types';
import { bindableActions, moveItem, toBindingUpdates, withAdded, withRemoved } from './bindings';

const action = (id: string, extra: Partial<Action> = {}): Action =>
  ({
    id,
    name: id,
    supported_triggers: [{ id: 'post-login', version: 'v3' }],
    code: '',
    status: 'built',
    created_at: '',
    updated_at: '',
    ...extra,
  }) as Action;
const binding = (id: string, a: Action): Binding =>
  ({ id, trigger_id: 'post-login', display_name: `${a.name} shown`, action: a }) as Binding;

describe('bindings state', () => {
  it('moves one item and leaves the input as it was', () => {
    const list = ['a', 'b', 'c'];
    expect(moveItem(list, 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveItem(list, 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(list, 1, 9)).toEqual(['a', 'c', 'b']);
    expect(moveItem(list, 5, 0)).toEqual(['a', 'b', 'c']);
    expect(list).toEqual(['a', 'b', 'c']);
  });

  it('turns an ordered list into one PATCH body by action id, display names kept', () => {
    const bound = [binding('b1', action('x')), binding('b2', action('y'))];
    expect(toBindingUpdates(moveItem(bound, 1, 0))).toEqual([
      { ref: { type: 'action_id', value: 'y' }, display_name: 'y shown' },
      { ref: { type: 'action_id', value: 'x' }, display_name: 'x shown' },
    ]);
    expect(withRemoved(bound, 0)).toEqual([{ ref: { type: 'action_id', value: 'y' }, display_name: 'y shown' }]);
    expect(withAdded(bound, action('z')).map((u) => u.ref.value)).toEqual(['x', 'y', 'z']);
  });

  it('offers only deployed, compatible, unbound actions', () => {
    const deployed = { deployed_version: { id: 'v', number: 1 } } as Partial<Action>;
    const bound = action('bound', deployed);
    const other = action('other-trigger', {
      ...deployed,
      supported_triggers: [{ id: 'post-user-registration', version: 'v2' }],
    });
    const candidates = bindableActions(
      [bound, action('never-deployed'), other, action('ready', deployed)],
      'post-login',
      [binding('b1', bound)],
    );
    expect(candidates.map((a) => a.id)).toEqual(['ready']);
  });
});
