/**
 * UpdateBindings: resolve every referenced action from its own stream (authoritative: exists, deployed, trigger),
 * then let the bindings decider apply the bindings rules of docs/api.md and replace the trigger's list in one event.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { streams } from '../../event-store/streams';
import { ActionsQueries } from '../../actions/actions.queries';
import { ActionStreamReader } from '../../actions/action-stream.reader';
import { isActiveIn } from '../../actions/actions.state';
import { commandContext, RequestMeta } from '../../shared/http/request-meta';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../../shared/clock';
import { CommandPipeline } from '../../shared/command-pipeline';
import type { ActionFacts, BindingRef } from '../bindings.commands';
import { bindingsDecider, BindingsState } from '../bindings.decider';

export interface BindingInput {
  ref: BindingRef;
  display_name?: string;
}

export class UpdateBindingsCommand {
  constructor(
    readonly triggerId: string,
    readonly bindings: BindingInput[],
    readonly meta: RequestMeta,
  ) {}
}

@CommandHandler(UpdateBindingsCommand)
export class UpdateBindingsHandler implements ICommandHandler<UpdateBindingsCommand, void> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly actions: ActionsQueries,
    private readonly actionStreams: ActionStreamReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ triggerId, bindings, meta }: UpdateBindingsCommand): Promise<void> {
    const tenantId = meta.principal.tenantId;
    await this.pipeline.run({
      decider: bindingsDecider,
      stream: streams.triggerBindings(tenantId, triggerId),
      context: commandContext(meta),
      expectedRevision: meta.ifMatch,
      command: async ({ state }) => {
        const names: Record<string, string> = {};
        for (const b of bindings) {
          if (b.ref.type !== 'action_name') continue;
          const found = this.actions.findByName(tenantId, b.ref.value);
          if (found) names[b.ref.value] = found.id;
        }
        const ids = new Set(bindings.flatMap((b) => referencedActionId(b.ref, state, names)));
        const actions: Record<string, ActionFacts> = {};
        for (const id of ids) {
          const { state: action } = await this.actionStreams.load(id);
          if (!isActiveIn(action, tenantId)) continue;
          actions[id] = {
            actionId: id,
            name: action.content.name,
            deployed: action.deployedVersionId !== undefined,
            trigger: action.content.supportedTriggers[0],
          };
        }
        return {
          type: 'UpdateBindings' as const,
          data: {
            tenantId,
            triggerId,
            names,
            actions,
            now: this.clock.now().toISOString(),
            maxBindings: this.config.limits.bindingsPerTrigger,
            items: bindings.map((b) => ({
              ref: b.ref,
              newBindingId: this.ids.newId(),
              ...(b.display_name !== undefined ? { displayName: b.display_name } : {}),
            })),
          },
        };
      },
    });
  }
}

function referencedActionId(ref: BindingRef, state: BindingsState, names: Record<string, string>): string[] {
  if (ref.type === 'action_id') return [ref.value];
  if (ref.type === 'action_name') return names[ref.value] ? [names[ref.value]] : [];
  const existing = state.bindings.find((b) => b.id === ref.value);
  return existing ? [existing.actionId] : [];
}
