/**
 * DeployAction, RollbackVersion and DeleteAction. A force delete touches several streams: it first removes the
 * action from every trigger's bindings, then appends ActionDeleted, then releases the name. Each step is idempotent,
 * so a retried delete finishes a job that a crash interrupted, and readers never show a binding of a deleted action.
 */
import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { streams } from '../../event-store/streams';
import { UnbindActionCommand } from '../../bindings/commands/unbind-action.handler';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../../shared/clock';
import { CommandPipeline, preconditionFailed } from '../../shared/command-pipeline';
import { NotFoundError } from '../../shared/domain-errors';
import { ACTION_NOT_FOUND, actionDecider } from '../action.decider';
import { tenantActionsDecider } from '../tenant-actions.decider';
import { commandContext, RequestMeta } from '../../shared/http/request-meta';
import { activeInTenant } from './action-existence';

export class DeployActionCommand {
  constructor(
    readonly actionId: string,
    readonly meta: RequestMeta,
  ) {}
}
export class RollbackVersionCommand {
  constructor(
    readonly actionId: string,
    readonly versionId: string,
    readonly updateDraft: boolean,
    readonly meta: RequestMeta,
  ) {}
}
export class DeleteActionCommand {
  constructor(
    readonly actionId: string,
    readonly force: boolean,
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
      guard: activeInTenant(tenantId, ACTION_NOT_FOUND),
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

@CommandHandler(RollbackVersionCommand)
export class RollbackVersionHandler implements ICommandHandler<RollbackVersionCommand, string> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ actionId, versionId: targetVersionId, updateDraft, meta }: RollbackVersionCommand): Promise<string> {
    const versionId = this.ids.newId();
    const tenantId = meta.principal.tenantId;
    await this.pipeline.run({
      decider: actionDecider,
      stream: streams.action(actionId),
      context: commandContext(meta),
      expectedRevision: meta.ifMatch,
      guard: activeInTenant(tenantId, ACTION_NOT_FOUND),
      command: () => ({
        type: 'RollbackVersion' as const,
        data: {
          tenantId,
          targetVersionId,
          versionId,
          updateDraft,
          now: this.clock.now().toISOString(),
          maxVersions: this.config.limits.versionsPerAction,
        },
      }),
    });
    return versionId;
  }
}

@CommandHandler(DeleteActionCommand)
export class DeleteActionHandler implements ICommandHandler<DeleteActionCommand, void> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ actionId, force, meta }: DeleteActionCommand): Promise<void> {
    const tenantId = meta.principal.tenantId;
    const context = commandContext(meta);
    const now = () => this.clock.now().toISOString();
    const { state, revision } = await this.pipeline.load(actionDecider, streams.action(actionId));
    if (state.status !== 'Active' || state.tenantId !== tenantId) throw new NotFoundError(ACTION_NOT_FOUND);
    if (meta.ifMatch !== undefined && revision !== meta.ifMatch) throw preconditionFailed();
    await this.commands.execute(new UnbindActionCommand(actionId, state.content.supportedTriggers[0], force, meta));
    await this.pipeline.run({
      decider: actionDecider,
      stream: streams.action(actionId),
      context,
      expectedRevision: meta.ifMatch,
      command: () => ({ type: 'DeleteAction' as const, data: { tenantId, now: now() } }),
    });
    await this.pipeline.run({
      decider: tenantActionsDecider,
      stream: streams.tenantActions(tenantId),
      context,
      command: () => ({ type: 'ReleaseActionName' as const, data: { tenantId, actionId, now: now() } }),
    });
  }
}
