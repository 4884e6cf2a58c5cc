/**
 * UnbindAction, the first step of deleting an action: every trigger the action is bound to loses that binding. Without
 * `force` a bound action is a 409 and nothing changes. Idempotent, so a retried delete finishes what a crash cut short.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { streams } from '../../event-store/streams';
import { CLOCK, Clock } from '../../shared/clock';
import { CommandPipeline } from '../../shared/command-pipeline';
import { ConflictError } from '../../shared/domain-errors';
import { commandContext, RequestMeta } from '../../shared/http/request-meta';
import { canBind, TRIGGERS, TriggerRef } from '../../triggers/trigger-catalogue';
import { bindingsDecider } from '../bindings.decider';
import { BindingsQueries } from '../bindings.queries';

export class UnbindActionCommand {
  constructor(
    readonly actionId: string,
    /** The action's trigger: every trigger it could be bound to is checked. */
    readonly trigger: TriggerRef,
    readonly force: boolean,
    readonly meta: RequestMeta,
  ) {}
}

@CommandHandler(UnbindActionCommand)
export class UnbindActionHandler implements ICommandHandler<UnbindActionCommand, void> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly bindings: BindingsQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ actionId, trigger, force, meta }: UnbindActionCommand): Promise<void> {
    const tenantId = meta.principal.tenantId;
    for (const triggerId of this.triggersToCheck(tenantId, actionId, trigger)) {
      const stream = streams.triggerBindings(tenantId, triggerId);
      const bound = (await this.pipeline.load(bindingsDecider, stream)).state.bindings.some(
        (b) => b.actionId === actionId,
      );
      if (!bound) continue;
      if (!force) throw new ConflictError('Unable to delete an action bound to a trigger.');
      await this.pipeline.run({
        decider: bindingsDecider,
        stream,
        context: commandContext(meta),
        command: () => ({
          type: 'RemoveActionFromBindings' as const,
          data: { tenantId, triggerId, actionId, now: this.clock.now().toISOString() },
        }),
      });
    }
  }

  /** Every trigger the action could be bound to (read from the streams), plus any the read model knows of. */
  private triggersToCheck(tenantId: string, actionId: string, trigger: TriggerRef): string[] {
    const candidates = new Set<string>(TRIGGERS.filter((t) => canBind(trigger, t.id)).map((t) => t.id));
    for (const t of this.bindings.triggersBinding(tenantId, actionId)) candidates.add(t);
    return [...candidates].sort();
  }
}
