/**
 * Claims a name for an action in the tenant's name registry (tenant-actions.decider.ts): what create and a rename
 * do before they touch the action's own stream. A no-op when the action already owns the name.
 */
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { streams } from '../../event-store/streams';
import { CLOCK, Clock } from '../../shared/clock';
import { CommandPipeline } from '../../shared/command-pipeline';
import { commandContext, RequestMeta } from '../../shared/http/request-meta';
import { ActionStreamReader } from '../action-stream.reader';
import { tenantActionsDecider } from '../tenant-actions.decider';

@Injectable()
export class ActionNameClaims {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly actions: ActionStreamReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async claim(meta: RequestMeta, actionId: string, name: string): Promise<void> {
    const tenantId = meta.principal.tenantId;
    await this.pipeline.run({
      decider: tenantActionsDecider,
      stream: streams.tenantActions(tenantId),
      context: commandContext(meta),
      command: async ({ state }) => {
        const owner = state.owners.get(name);
        const existence =
          owner && owner.actionId !== actionId
            ? { [owner.actionId]: await this.actions.existence(owner.actionId) }
            : {};
        return {
          type: 'ClaimActionName' as const,
          data: {
            tenantId,
            actionId,
            name,
            now: this.clock.now().toISOString(),
            maxActions: this.config.limits.actionsPerTenant,
            existence,
          },
        };
      },
    });
  }
}
