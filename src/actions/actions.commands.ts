/** Commands of the action decider. Time (`now`), ids and build results arrive here, never from a clock inside. */
import type { ActionContent, BuildOutcome } from './actions.events';

export type CreateAction = {
  type: 'CreateAction';
  data: { tenantId: string; actionId: string; content: ActionContent; deploy: boolean; now: string };
};
/** `content` is the complete new draft (applyPatch already merged the PATCH into the current draft). */
export type UpdateAction = {
  type: 'UpdateAction';
  data: { tenantId: string; content: ActionContent; now: string };
};
/**
 * The build reactor's result for one draft content (src/builds/). `versionId` is used when the action was created
 * with `deploy: true` and this is its first build outcome: a successful build then also deploys.
 */
export type RecordDraftBuild = {
  type: 'RecordDraftBuild';
  data: {
    tenantId: string;
    draftKey: string;
    build: BuildOutcome;
    versionId: string;
    now: string;
    maxVersions: number;
  };
};
export type DeployAction = {
  type: 'DeployAction';
  data: { tenantId: string; versionId: string; now: string; maxVersions: number };
};
export type RollbackVersion = {
  type: 'RollbackVersion';
  data: {
    tenantId: string;
    targetVersionId: string;
    versionId: string;
    updateDraft: boolean;
    now: string;
    maxVersions: number;
  };
};
export type DeleteAction = {
  type: 'DeleteAction';
  data: { tenantId: string; now: string };
};

export type ActionCommand =
  CreateAction | UpdateAction | RecordDraftBuild | DeployAction | RollbackVersion | DeleteAction;
