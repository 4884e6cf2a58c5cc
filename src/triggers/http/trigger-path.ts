/** The `{triggerId}` path parameter of the bindings routes: a trigger id of the catalogue, and not entity-bound. */
import { ApiError } from '../../shared/http/error-filter';
import { currentTrigger, isTriggerId } from '../trigger-catalogue';

export function checkTrigger(triggerId: string): void {
  if (!isTriggerId(triggerId)) {
    throw new ApiError(
      400,
      `Path validation error: 'String does not match enum' on property triggerId ("${triggerId.slice(0, 64)}").`,
      'invalid_uri',
    );
  }
  if (currentTrigger(triggerId)?.binding_policy === 'entity-bound') {
    throw new ApiError(400, 'cannot list action bindings for an entity-bound trigger', 'invalid_uri');
  }
}
