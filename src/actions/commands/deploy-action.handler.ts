/** DeployAction: the built draft becomes a new version, deployed (docs/api.md, "Rules": versions). */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../../shared/clock';
import { CommandPipeline } from '../../shared/command-pipeline';
import { RequestMeta } from '../../shared/http/request-meta';
import { writeNewVersion } from './new-version';

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

  execute({ actionId, meta }: DeployActionCommand): Promise<string> {
    const { pipeline, config, clock, ids } = this;
    return writeNewVersion({ pipeline, config, clock, ids }, actionId, meta, (data) => ({
      type: 'DeployAction',
      data,
    }));
  }
}
