/**
 * The action decider: every rule of docs/api.md, "Rules", that concerns one action stream.
 * Pure: time, ids, limits and build results arrive inside the command.
 */
import { assertNever, Decider } from '../shared/decider';
import { ConflictError, InvalidError, LimitExceededError, NotFoundError } from '../shared/domain-errors';
import { canMoveTrigger } from '../triggers/trigger-catalogue';
import { draftKeyOf } from './action.content';
import { codeSha256, packContent, PackedContent, unpackContent } from './action-code';
import type { ActionContent, ActionEvent, BuildOutcome } from './action.events';
import type { ActionCommand } from './action.commands';

export interface VersionRecord {
  versionId: string;
  number: number;
  content: ActionContent;
  artifactSha256: string;
  resolvedDependencies: { name: string; version: string }[];
  builtAt: string;
  createdAt: string;
}

export type DraftBuild =
  | { status: 'pending' }
  | {
      status: 'built';
      builtAt: string;
      artifactSha256: string;
      resolvedDependencies: { name: string; version: string }[];
    }
  | { status: 'failed'; errors: { id: string; msg: string; url?: string }[] };

export type ActionState =
  | { status: 'None' }
  | { status: 'Deleted'; tenantId: string; actionId: string }
  | {
      status: 'Active';
      tenantId: string;
      actionId: string;
      content: ActionContent;
      draftKey: string;
      build: DraftBuild;
      versions: VersionRecord[];
      deployedVersionId?: string;
      lastNumber: number;
      /** Created with `deploy: true` and no build outcome recorded yet: the first successful build deploys. */
      deployWhenBuilt: boolean;
      /** Code text the stream holds, by sha256 (events name code the stream already holds by hash only). */
      codes: Readonly<Record<string, string>>;
    };

export type ActiveAction = Extract<ActionState, { status: 'Active' }>;

export const ACTION_NOT_FOUND = 'That action does not exist.';
export const ACTION_NOT_FOUND_FOR_UPDATE = 'Action not found and cannot be updated.';
export const VERSION_NOT_FOUND = 'The action version does not exist.';
export const DRAFT_NOT_BUILT = "A draft must be in the 'built' state before it can be deployed.";

/** The event's content with its code text, and the stream's code table including it. */
function unpacked(packed: PackedContent, codes: Readonly<Record<string, string>>) {
  const content = unpackContent(packed, (sha) => codes[sha]);
  return {
    content,
    codes:
      packed.code === undefined ? codes : { ...codes, [packed.codeSha256 ?? codeSha256(content.code)]: content.code },
  };
}

function evolve(state: ActionState, event: ActionEvent): ActionState {
  switch (event.type) {
    case 'ActionCreated': {
      const { tenantId, actionId, deployWhenBuilt } = event.data;
      const { content, codes } = unpacked(event.data.content, {});
      return {
        status: 'Active',
        tenantId,
        actionId,
        content,
        draftKey: draftKeyOf(content),
        build: { status: 'pending' },
        versions: [],
        lastNumber: 0,
        deployWhenBuilt: deployWhenBuilt === true,
        codes,
      };
    }
    case 'ActionDraftUpdated': {
      if (state.status !== 'Active') return state;
      const { content, codes } = unpacked(event.data.content, state.codes);
      return { ...state, content, codes, draftKey: draftKeyOf(content), build: { status: 'pending' } };
    }
    case 'ActionDraftBuilt': {
      if (state.status !== 'Active' || event.data.draftKey !== state.draftKey) return state;
      const { builtAt, artifactSha256, resolvedDependencies } = event.data;
      return {
        ...state,
        build: { status: 'built', builtAt, artifactSha256, resolvedDependencies },
        deployWhenBuilt: false,
      };
    }
    case 'ActionDraftBuildFailed':
      if (state.status !== 'Active' || event.data.draftKey !== state.draftKey) return state;
      return { ...state, build: { status: 'failed', errors: event.data.errors }, deployWhenBuilt: false };
    case 'ActionVersionCreated': {
      if (state.status !== 'Active') return state;
      const d = event.data;
      const { content, codes } = unpacked(d.content, state.codes);
      const version: VersionRecord = {
        versionId: d.versionId,
        number: d.number,
        content,
        artifactSha256: d.artifactSha256,
        resolvedDependencies: d.resolvedDependencies,
        builtAt: d.builtAt,
        createdAt: d.createdAt,
      };
      return {
        ...state,
        codes,
        versions: [...state.versions, version],
        lastNumber: Math.max(state.lastNumber, d.number),
      };
    }
    case 'ActionVersionDeployed':
      return state.status === 'Active' ? { ...state, deployedVersionId: event.data.versionId } : state;
    case 'ActionDeleted':
      return { status: 'Deleted', tenantId: event.data.tenantId, actionId: event.data.actionId };
    default:
      return state;
  }
}

function activeOf(state: ActionState, tenantId: string, notFoundMessage: string): ActiveAction {
  if (state.status !== 'Active' || state.tenantId !== tenantId) throw new NotFoundError(notFoundMessage);
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

function decide(command: ActionCommand, state: ActionState): ActionEvent[] {
  switch (command.type) {
    case 'CreateAction': {
      const { tenantId, actionId, content, deploy, now } = command.data;
      if (state.status !== 'None') throw new ConflictError(`An action with id ${actionId} already exists.`);
      const packed = packContent(content, () => false);
      return [
        {
          type: 'ActionCreated',
          data: {
            tenantId,
            actionId,
            content: packed,
            draftKey: draftKeyOf(content),
            createdAt: now,
            ...(deploy ? { deployWhenBuilt: true } : {}),
          },
        },
      ];
    }
    case 'UpdateAction': {
      const { tenantId, content, now } = command.data;
      const s = activeOf(state, tenantId, ACTION_NOT_FOUND_FOR_UPDATE);
      const from = s.content.supportedTriggers[0];
      const to = content.supportedTriggers[0];
      if (from && to && !canMoveTrigger(from, to)) throw new InvalidError("can't upgrade to this trigger.");
      return [
        {
          type: 'ActionDraftUpdated',
          data: {
            tenantId,
            actionId: s.actionId,
            content: packFor(s, content),
            draftKey: draftKeyOf(content),
            updatedAt: now,
          },
        },
      ];
    }
    case 'RecordDraftBuild': {
      const { tenantId, draftKey, build, versionId, now, maxVersions } = command.data;
      const s = activeOf(state, tenantId, ACTION_NOT_FOUND);
      if (s.draftKey !== draftKey || s.build.status !== 'pending') return []; // stale or already recorded
      const events = buildEvents(tenantId, s.actionId, draftKey, build);
      const versionCount = s.versions.length;
      if (build.status !== 'built' || !s.deployWhenBuilt || (maxVersions > 0 && versionCount >= maxVersions))
        return events;
      return [
        ...events,
        ...deployEvents(
          { ...s, versionCount },
          { versionId, content: s.content, ...pickBuild(build) },
          now,
          maxVersions,
        ),
      ];
    }
    case 'DeployAction': {
      const { tenantId, versionId, now, maxVersions } = command.data;
      const s = activeOf(state, tenantId, ACTION_NOT_FOUND);
      if (s.build.status !== 'built') throw new InvalidError(DRAFT_NOT_BUILT);
      return deployEvents(
        { ...s, versionCount: s.versions.length },
        { versionId, content: s.content, ...pickBuild(s.build) },
        now,
        maxVersions,
      );
    }
    case 'RollbackVersion': {
      const { tenantId, targetVersionId, versionId, updateDraft, now, maxVersions } = command.data;
      const s = activeOf(state, tenantId, ACTION_NOT_FOUND);
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
        {
          type: 'ActionDraftUpdated',
          data: {
            tenantId,
            actionId: s.actionId,
            content: packFor(s, content),
            draftKey: draftKeyOf(content),
            updatedAt: now,
          },
        },
        ...buildEvents(tenantId, s.actionId, draftKeyOf(content), {
          status: 'built',
          builtAt: now,
          artifactSha256: target.artifactSha256,
          resolvedDependencies: target.resolvedDependencies,
        }),
      ];
    }
    case 'DeleteAction': {
      const { tenantId, now } = command.data;
      const s = activeOf(state, tenantId, ACTION_NOT_FOUND);
      return [
        { type: 'ActionDeleted', data: { tenantId, actionId: s.actionId, name: s.content.name, deletedAt: now } },
      ];
    }
    default:
      return assertNever(command, 'action command');
  }
}

function pickBuild(b: {
  builtAt: string;
  artifactSha256: string;
  resolvedDependencies: { name: string; version: string }[];
}) {
  return { builtAt: b.builtAt, artifactSha256: b.artifactSha256, resolvedDependencies: b.resolvedDependencies };
}

export const actionDecider: Decider<ActionState, ActionCommand, ActionEvent> = {
  initialState: () => ({ status: 'None' }),
  evolve,
  decide,
};
