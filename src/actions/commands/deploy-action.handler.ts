/** DeployAction: the built draft becomes a new version, deployed (docs/api.md, "Rules": versions). */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { streams } from '../../event-store/streams';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../../shared/clock';
import { CommandPipeline } from '../../shared/command-pipeline';
import { commandContext, RequestMeta } from '../../shared/http/request-meta';
import { actionDecider, activeIn } from '../actions.decider';

export class DeployActionCommand {
  constructor(
    readonly actionId: string,
    readonly meta: RequestMeta,
  ) {}
}
/** Returns the id of the new version. */
@CommandHandler(DeployActionCommand)
export class DeployActionHandler implements ICommandHandler<DeployActionCommand, string> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ actionId, meta }: DeployActionCommand): Promise<string> {
    const versionId = this.ids.newId();
    const tenantId = meta.principal.tenantId;
    await this.pipeline.run({
      decider: actionDecider,
      stream: streams.action(actionId),
      context: commandContext(meta),
      expectedRevision: meta.ifMatch,
      guard: (state) => activeIn(state, tenantId),
      command: () => ({
        type: 'DeployAction' as const,
        data: {
          tenantId,
          versionId,
          now: this.clock.now().toISOString(),
          maxVersions: this.config.limits.versionsPerAction,
        },
      }),
    });
    return versionId;
  }
}
