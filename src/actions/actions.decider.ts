/**
 * The action decider: every rule of docs/api.md, "Rules", that concerns one action stream, one function per command.
 * Pure: time, ids, limits and build results arrive inside the command.
 */
import { assertNever, Decider } from '../shared/decider';
import { ConflictError, InvalidError, LimitExceededError, NotFoundError } from '../shared/domain-errors';
import { canMoveTrigger } from '../triggers/trigger-catalogue';
import { draftKeyOf } from './action.content';
import { packContent, PackedContent } from './action-code';
import type {
  ActionCommand,
  CreateAction,
  DeleteAction,
  DeployAction,
  RecordDraftBuild,
  RollbackVersion,
  UpdateAction,
} from './actions.commands';
import type { ActionContent, ActionEvent, BuildOutcome } from './actions.events';
import { ActionState, ActiveAction, evolveAction, isActiveIn } from './actions.state';

export const ACTION_NOT_FOUND = 'That action does not exist.';
export const ACTION_NOT_FOUND_FOR_UPDATE = 'Action not found and cannot be updated.';
export const VERSION_NOT_FOUND = 'The action version does not exist.';
export const DRAFT_NOT_BUILT = "A draft must be in the 'built' state before it can be deployed.";

/** The action, if it exists in this tenant; otherwise a 404 with `notFoundMessage`. */
export function activeIn(state: ActionState, tenantId: string, notFoundMessage = ACTION_NOT_FOUND): ActiveAction {
  if (!isActiveIn(state, tenantId)) throw new NotFoundError(notFoundMessage);
  return state;
}

function buildEvents(tenantId: string, actionId: string, draftKey: string, build: BuildOutcome): ActionEvent[] {
  if (build.status === 'built') {
    const { builtAt, artifactSha256, resolvedDependencies } = build;
    return [
      {
        type: 'ActionDraftBuilt',
        data: { tenantId, actionId, draftKey, builtAt, artifactSha256, resolvedDependencies },
      },
    ];
  }
  return [
    {
      type: 'ActionDraftBuildFailed',
      data: { tenantId, actionId, draftKey, failedAt: build.failedAt, errors: build.errors },
    },
  ];
}

/** Packs content for an event of this stream: code the stream already holds goes by hash only. */
function packFor(s: { codes: Readonly<Record<string, string>> }, content: ActionContent): PackedContent {
  return packContent(content, (sha) => s.codes[sha] !== undefined);
}

/** The draft now holds `content`. */
function draftUpdated(s: ActiveAction, content: ActionContent, now: string): ActionEvent {
  const { tenantId, actionId } = s;
  return {
    type: 'ActionDraftUpdated',
    data: { tenantId, actionId, content: packFor(s, content), draftKey: draftKeyOf(content), updatedAt: now },
  };
}

function deployEvents(
  s: {
    tenantId: string;
    actionId: string;
    lastNumber: number;
    versionCount: number;
    codes: Readonly<Record<string, string>>;
  },
  version: {
    versionId: string;
    content: ActionContent;
    artifactSha256: string;
    resolvedDependencies: { name: string; version: string }[];
    builtAt: string;
    rollbackOf?: string;
  },
  now: string,
  maxVersions: number,
): ActionEvent[] {
  if (maxVersions > 0 && s.versionCount >= maxVersions) {
    throw new LimitExceededError(
      `This action already has ${s.versionCount} versions, the configured maximum; no version is ever deleted, so no further deploy is possible.`,
    );
  }
  const number = s.lastNumber + 1;
  const { tenantId, actionId } = s;
  return [
    {
      type: 'ActionVersionCreated',
      data: { tenantId, actionId, number, ...version, content: packFor(s, version.content), createdAt: now },
    },
    {
      type: 'ActionVersionDeployed',
      data: { tenantId, actionId, versionId: version.versionId, number, deployedAt: now },
    },
  ];
}

function pickBuild(b: {
  builtAt: string;
  artifactSha256: string;
  resolvedDependencies: { name: string; version: string }[];
}) {
  return { builtAt: b.builtAt, artifactSha256: b.artifactSha256, resolvedDependencies: b.resolvedDependencies };
}

export function createAction(command: CreateAction, state: ActionState): ActionEvent[] {
  const { tenantId, actionId, content, deploy, now } = command.data;
  if (state.status !== 'None') throw new ConflictError(`An action with id ${actionId} already exists.`);
  return [
    {
      type: 'ActionCreated',
      data: {
        tenantId,
        actionId,
        content: packContent(content, () => false),
        draftKey: draftKeyOf(content),
        createdAt: now,
        ...(deploy ? { deployWhenBuilt: true } : {}),
      },
    },
  ];
}

export function updateAction(command: UpdateAction, state: ActionState): ActionEvent[] {
  const { tenantId, content, now } = command.data;
  const s = activeIn(state, tenantId, ACTION_NOT_FOUND_FOR_UPDATE);
  const from = s.content.supportedTriggers[0];
  const to = content.supportedTriggers[0];
  if (from && to && !canMoveTrigger(from, to)) throw new InvalidError("can't upgrade to this trigger.");
  return [draftUpdated(s, content, now)];
}

/** The build reactor's outcome; with `deployWhenBuilt`, a first successful build also deploys version 1. */
export function recordDraftBuild(command: RecordDraftBuild, state: ActionState): ActionEvent[] {
  const { tenantId, draftKey, build, versionId, now, maxVersions } = command.data;
  const s = activeIn(state, tenantId);
  if (s.draftKey !== draftKey || s.build.status !== 'pending') return []; // stale or already recorded
  const events = buildEvents(tenantId, s.actionId, draftKey, build);
  const versionCount = s.versions.length;
  if (build.status !== 'built' || !s.deployWhenBuilt || (maxVersions > 0 && versionCount >= maxVersions)) return events;
  return [
    ...events,
    ...deployEvents({ ...s, versionCount }, { versionId, content: s.content, ...pickBuild(build) }, now, maxVersions),
  ];
}

export function deployAction(command: DeployAction, state: ActionState): ActionEvent[] {
  const { tenantId, versionId, now, maxVersions } = command.data;
  const s = activeIn(state, tenantId);
  if (s.build.status !== 'built') throw new InvalidError(DRAFT_NOT_BUILT);
  return deployEvents(
    { ...s, versionCount: s.versions.length },
    { versionId, content: s.content, ...pickBuild(s.build) },
    now,
    maxVersions,
  );
}

/** A new version copied from an older one (its build included), deployed; optionally the draft becomes it too. */
export function rollbackVersion(command: RollbackVersion, state: ActionState): ActionEvent[] {
  const { tenantId, targetVersionId, versionId, updateDraft, now, maxVersions } = command.data;
  const s = activeIn(state, tenantId);
  const target = s.versions.find((v) => v.versionId === targetVersionId);
  if (!target) throw new NotFoundError(VERSION_NOT_FOUND);
  const content: ActionContent = { ...target.content, name: s.content.name };
  const events = deployEvents(
    { ...s, versionCount: s.versions.length },
    { versionId, content, ...pickBuild(target), rollbackOf: target.versionId },
    now,
    maxVersions,
  );
  if (!updateDraft) return events;
  return [
    ...events,
    draftUpdated(s, content, now),
    ...buildEvents(tenantId, s.actionId, draftKeyOf(content), {
      status: 'built',
      builtAt: now,
      artifactSha256: target.artifactSha256,
      resolvedDependencies: target.resolvedDependencies,
    }),
  ];
}

export function deleteAction(command: DeleteAction, state: ActionState): ActionEvent[] {
  const { tenantId, now } = command.data;
  const s = activeIn(state, tenantId);
  return [{ type: 'ActionDeleted', data: { tenantId, actionId: s.actionId, name: s.content.name, deletedAt: now } }];
}

function decide(command: ActionCommand, state: ActionState): ActionEvent[] {
  switch (command.type) {
    case 'CreateAction':
      return createAction(command, state);
    case 'UpdateAction':
      return updateAction(command, state);
    case 'RecordDraftBuild':
      return recordDraftBuild(command, state);
    case 'DeployAction':
      return deployAction(command, state);
    case 'RollbackVersion':
      return rollbackVersion(command, state);
    case 'DeleteAction':
      return deleteAction(command, state);
    default:
      return assertNever(command, 'action command');
  }
}

export const actionDecider: Decider<ActionState, ActionCommand, ActionEvent> = {
  initialState: () => ({ status: 'None' }),
  evolve: evolveAction,
  decide,
};
