/**
 * Reads one action's own stream (authoritative, never behind like the read models): for the name registry's
 * stale-claim check, the facts a bindings change needs, and the draft a test runs.
 */
import { Injectable } from '@nestjs/common';
import { streams } from '../event-store/streams';
import { CommandPipeline, LoadedStream } from '../shared/command-pipeline';
import { actionDecider } from './actions.decider';
import type { ActionState } from './actions.state';

export type ActionExistence = 'exists' | 'absent' | 'deleted';

@Injectable()
export class ActionStreamReader {
  constructor(private readonly pipeline: CommandPipeline) {}

  load(actionId: string): Promise<LoadedStream<ActionState>> {
    return this.pipeline.load(actionDecider, streams.action(actionId));
  }

  async existence(actionId: string): Promise<ActionExistence> {
    return existenceOf((await this.load(actionId)).state);
  }
}

function existenceOf(state: ActionState): ActionExistence {
  return state.status === 'Active' ? 'exists' : state.status === 'Deleted' ? 'deleted' : 'absent';
}
