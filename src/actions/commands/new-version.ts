/**
 * What DeployAction and RollbackVersion share: a fresh version id, the clock and the version limit go into one run
 * of the action decider, guarded to the caller's tenant and pinned to its If-Match (docs/api.md, "Rules": versions).
 */
import type { AppConfig } from '../../config/config';
import { streams } from '../../event-store/streams';
import type { Clock, IdGenerator } from '../../shared/clock';
import type { CommandPipeline } from '../../shared/command-pipeline';
import { commandContext, RequestMeta } from '../../shared/http/request-meta';
import type { DeployAction, RollbackVersion } from '../actions.commands';
import { actionDecider, activeIn } from '../actions.decider';

export type NewVersionFields = DeployAction['data'];

export interface NewVersionDeps {
  pipeline: CommandPipeline;
  config: AppConfig;
  clock: Clock;
  ids: IdGenerator;
}

/** Runs the command `toCommand` builds from the shared fields; returns the id of the new version. */
export async function writeNewVersion(
  deps: NewVersionDeps,
  actionId: string,
  meta: RequestMeta,
  toCommand: (fields: NewVersionFields) => DeployAction | RollbackVersion,
): Promise<string> {
  const versionId = deps.ids.newId();
  const tenantId = meta.principal.tenantId;
  await deps.pipeline.run({
    decider: actionDecider,
    stream: streams.action(actionId),
    context: commandContext(meta),
    expectedRevision: meta.ifMatch,
    guard: (state) => activeIn(state, tenantId),
    command: () =>
      toCommand({
        tenantId,
        versionId,
        now: deps.clock.now().toISOString(),
        maxVersions: deps.config.limits.versionsPerAction,
      }),
  });
  return versionId;
}
