/**
 * UpdateAction: the PATCH merged into the current draft (action.content.ts), validated, secrets encrypted; a rename
 * claims the new name first. The draft becomes `pending` until the build reactor records its build.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { streams } from '../../event-store/streams';
import { SECRET_BOX, SecretBox } from '../../secrets/secret-box';
import { CLOCK, Clock } from '../../shared/clock';
import { CommandPipeline } from '../../shared/command-pipeline';
import { InvalidError } from '../../shared/domain-errors';
import { commandContext, RequestMeta } from '../../shared/http/request-meta';
import { applyPatch, MissingSecretValue } from '../action.content';
import { ACTION_NOT_FOUND_FOR_UPDATE, actionDecider, activeIn } from '../actions.decider';
import type { ActionContent } from '../actions.events';
import { checkLimits, encryptSecrets, normaliseDependencies, resolveRuntime, resolveTriggers } from './action-input';
import { ActionNameClaims } from './claim-action-name';
import type { CreateActionInput } from './create-action.handler';

export type UpdateActionInput = Partial<Omit<CreateActionInput, 'deploy'>>;

export class UpdateActionCommand {
  constructor(
    readonly actionId: string,
    readonly input: UpdateActionInput,
    readonly meta: RequestMeta,
  ) {}
}

@CommandHandler(UpdateActionCommand)
export class UpdateActionHandler implements ICommandHandler<UpdateActionCommand, void> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly names: ActionNameClaims,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ actionId, input, meta }: UpdateActionCommand): Promise<void> {
    const tenantId = meta.principal.tenantId;
    const supportedTriggers = input.supported_triggers ? resolveTriggers(input.supported_triggers) : undefined;
    const secrets = input.secrets
      ? encryptSecrets(input.secrets, { tenantId, actionId }, this.box, this.config.limits)
      : undefined;
    await this.pipeline.run({
      decider: actionDecider,
      stream: streams.action(actionId),
      context: commandContext(meta),
      expectedRevision: meta.ifMatch,
      guard: (state) => activeIn(state, tenantId, ACTION_NOT_FOUND_FOR_UPDATE),
      command: async ({ state }) => {
        const action = activeIn(state, tenantId, ACTION_NOT_FOUND_FOR_UPDATE);
        const now = this.clock.now().toISOString();
        let content: ActionContent;
        try {
          content = applyPatch(
            action.content,
            { ...input, supportedTriggers, secrets, dependencies: normaliseDependencies(input.dependencies) },
            now,
          );
        } catch (e) {
          if (e instanceof MissingSecretValue) throw new InvalidError(e.message);
          throw e;
        }
        const runtimeChanged = input.runtime !== undefined || supportedTriggers !== undefined;
        content = {
          ...content,
          runtime: runtimeChanged
            ? resolveRuntime(content.supportedTriggers[0], input.runtime ?? content.runtime)
            : content.runtime,
        };
        checkLimits(
          { code: content.code, dependencies: content.dependencies, secretCount: content.secrets.length },
          this.config.limits,
        );
        const command = { type: 'UpdateAction' as const, data: { tenantId, content, now } };
        if (content.name !== action.content.name) {
          actionDecider.decide(command, state); // the decider is pure: a dry run refuses bad input before the claim
          await this.names.claim(meta, actionId, content.name);
        }
        return command;
      },
    });
  }
}
