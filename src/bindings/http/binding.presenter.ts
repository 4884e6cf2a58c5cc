/** ActionBinding (docs/api.md, "Wire shapes": Binding): the binding with its embedded action (and its deployed version). */
import { presentAction } from '../../actions/http/action.presenter';
import type { BindingView } from '../bindings.queries';

export function presentBinding(b: BindingView) {
  return {
    id: b.id,
    trigger_id: b.triggerId,
    display_name: b.displayName,
    action: presentAction(b.action),
    created_at: b.createdAt,
    updated_at: b.updatedAt,
  };
}
