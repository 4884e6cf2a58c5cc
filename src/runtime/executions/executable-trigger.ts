/**
 * Which triggers this service executes (the catalogue's `executable` ones): the check shared by executions
 * (TriggerExecutor) and draft tests (DraftTester).
 */
import { InvalidError, NotFoundError } from '../../shared/domain-errors';
import { currentTrigger, isTriggerId, TriggerDefinition, TRIGGERS } from '../../triggers/trigger-catalogue';

const EXECUTABLE = [...new Set(TRIGGERS.filter((t) => t.executable).map((t) => t.id))];

/** The trigger's definition, or 404 (unknown id) / 400 (a trigger this service does not execute). */
export function executableTrigger(triggerId: string): TriggerDefinition {
  const trigger = isTriggerId(triggerId) ? currentTrigger(triggerId) : undefined;
  if (!trigger) throw new NotFoundError(`The trigger "${triggerId.slice(0, 64)}" does not exist.`);
  if (!trigger.executable)
    throw new InvalidError(
      `The ${triggerId} trigger cannot be executed by this service; executable triggers: ${EXECUTABLE.join(', ')}.`,
    );
  return trigger;
}
