/**
 * The state of one `action-<id>` stream, folded from its events: the write side decides on it (actions.decider.ts),
 * the audit reads fold it too (src/audit/). Pure.
 */
import { draftKeyOf } from './action.content';
import { codeSha256, PackedContent, unpackContent } from './action-code';
import type { ActionContent, ActionEvent } from './actions.events';

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

/** The one "exists and belongs to this tenant" check: another tenant's action reads as absent. */
export function isActiveIn(state: ActionState, tenantId: string): state is ActiveAction {
  return state.status === 'Active' && state.tenantId === tenantId;
}

/** The event's content with its code text, and the stream's code table including it. */
function unpacked(packed: PackedContent, codes: Readonly<Record<string, string>>) {
  const content = unpackContent(packed, (sha) => codes[sha]);
  return {
    content,
    codes:
      packed.code === undefined ? codes : { ...codes, [packed.codeSha256 ?? codeSha256(content.code)]: content.code },
  };
}

export function evolveAction(state: ActionState, event: ActionEvent): ActionState {
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
