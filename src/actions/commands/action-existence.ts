/** Reads an action's own stream to tell whether it exists, for the tenant name registry's stale-claim check. */
import { Injectable } from '@nestjs/common';
import { streams } from '../../event-store/streams';
import { CommandPipeline } from '../../shared/command-pipeline';
import { NotFoundError } from '../../shared/domain-errors';
import { actionDecider, ActionState } from '../action.decider';

@Injectable()
export class ActionExistenceReader {
  constructor(private readonly pipeline: CommandPipeline) {}

  async of(actionId: string): Promise<'exists' | 'absent' | 'deleted'> {
    return existenceOf((await this.load(actionId)).state);
  }

  load(actionId: string) {
    return this.pipeline.load(actionDecider, streams.action(actionId));
  }
}

export function existenceOf(state: ActionState): 'exists' | 'absent' | 'deleted' {
  return state.status === 'Active' ? 'exists' : state.status === 'Deleted' ? 'deleted' : 'absent';
}

/** A pipeline guard: the action exists and belongs to `tenantId`, or the command is a 404 with `message`. */
export function activeInTenant(tenantId: string, message: string): (state: ActionState) => void {
  return (state) => {
    if (state.status !== 'Active' || state.tenantId !== tenantId) throw new NotFoundError(message);
  };
}
