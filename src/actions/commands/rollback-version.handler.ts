/**
 * RollbackVersion: an older version is copied into a new version (its build included) and deployed; with
 * `update_draft` the draft becomes that content too (docs/api.md, "Rules": versions).
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../../shared/clock';
import { CommandPipeline } from '../../shared/command-pipeline';
import { RequestMeta } from '../../shared/http/request-meta';
import { writeNewVersion } from './new-version';

export class RollbackVersionCommand {
  constructor(
    readonly actionId: string,
    readonly versionId: string,
    readonly updateDraft: boolean,
    readonly meta: RequestMeta,
  ) {}
}
/** Returns the id of the new version. */
@CommandHandler(RollbackVersionCommand)
export class RollbackVersionHandler implements ICommandHandler<RollbackVersionCommand, string> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  execute({ actionId, versionId: targetVersionId, updateDraft, meta }: RollbackVersionCommand): Promise<string> {
    const { pipeline, config, clock, ids } = this;
    return writeNewVersion({ pipeline, config, clock, ids }, actionId, meta, (fields) => ({
      type: 'RollbackVersion',
      data: { ...fields, targetVersionId, updateDraft },
    }));
  }
}
