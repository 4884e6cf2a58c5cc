/**
 * DeleteAction. A force delete touches several streams: it first removes the action from every trigger's bindings
 * (UnbindAction, src/bindings/), then appends ActionDeleted, then releases the name. Each step is idempotent, so a
 * retried delete finishes a job that a crash interrupted, and readers never show a binding of a deleted action.
 */
import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnbindActionCommand } from '../../bindings/commands/unbind-action.handler';
import { streams } from '../../event-store/streams';
import { CLOCK, Clock } from '../../shared/clock';
import { CommandPipeline, preconditionFailed } from '../../shared/command-pipeline';
import { commandContext, RequestMeta } from '../../shared/http/request-meta';
import { actionDecider, activeIn } from '../actions.decider';
import { tenantActionsDecider } from '../tenant-actions.decider';

export class DeleteActionCommand {
  constructor(
    readonly actionId: string,
    readonly force: boolean,
    readonly meta: RequestMeta,
  ) {}
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
    const action = activeIn(state, tenantId);
    if (meta.ifMatch !== undefined && revision !== meta.ifMatch) throw preconditionFailed();
    await this.commands.execute(new UnbindActionCommand(actionId, action.content.supportedTriggers[0], force, meta));
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
