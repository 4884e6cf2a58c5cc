/**
 * Events of the `action-<id>` stream. Plain JSON records with explicit, past-tense, stable type names.
 * Secret values only ever appear encrypted (`ciphertext`, AES-256-GCM, see src/secrets/secret-box.ts).
 * ACTION_EVENT_TYPES is the one list of the names: the union is derived from it, and so are the filters of the
 * projections that read these events (docs/recipes.md, "Add a projection").
 */
import type { EventOf, EventUnion } from '../shared/decider';
import type { PackedContent } from './action-code';
import type { TriggerRef } from '../triggers/trigger-catalogue';

export interface DependencySpec {
  name: string;
  version: string;
  registry_url?: string;
}

export interface StoredSecret {
  name: string;
  updatedAt: string;
  /** HMAC-SHA256 of the value under a key derived from the secrets key (first 16 hex chars). */
  fingerprint: string;
  /** base64 AES-256-GCM envelope of the value. */
  ciphertext: string;
}

/** The buildable, versionable content of an action: what the draft holds and what a version snapshots. */
export interface ActionContent {
  name: string;
  supportedTriggers: TriggerRef[];
  code: string;
  dependencies: DependencySpec[];
  runtime: string;
  secrets: StoredSecret[];
}

export interface BuildOutcomeBuilt {
  status: 'built';
  builtAt: string;
  artifactSha256: string;
  resolvedDependencies: { name: string; version: string }[];
}
export interface BuildOutcomeFailed {
  status: 'failed';
  failedAt: string;
  errors: { id: string; msg: string; url?: string }[];
}
export type BuildOutcome = BuildOutcomeBuilt | BuildOutcomeFailed;

export const ACTION_EVENT_TYPES = [
  'ActionCreated',
  'ActionDraftUpdated',
  'ActionDraftBuilt',
  'ActionDraftBuildFailed',
  'ActionVersionCreated',
  'ActionVersionDeployed',
  'ActionDeleted',
] as const;
export type ActionEventType = (typeof ACTION_EVENT_TYPES)[number];

/** The data of each event of ACTION_EVENT_TYPES. */
interface ActionEventData {
  /**
   * `content` is packed (action-code.ts): code text once per stream, `codeSha256` always. `draftKey` names the
   * buildable draft (absent on events written before it was recorded: derive it from the content then).
   * `deployWhenBuilt`: created with `deploy: true`; the first successful build of the draft also deploys it.
   */
  ActionCreated: {
    tenantId: string;
    actionId: string;
    content: PackedContent;
    draftKey?: string;
    createdAt: string;
    deployWhenBuilt?: boolean;
  };
  /** The whole draft after the change (arrays are replaced as a whole, so a snapshot keeps that exact). */
  ActionDraftUpdated: {
    tenantId: string;
    actionId: string;
    content: PackedContent;
    draftKey?: string;
    updatedAt: string;
  };
  /** `draftKey` names the draft content that was built (sha256 of its buildable parts). */
  ActionDraftBuilt: {
    tenantId: string;
    actionId: string;
    draftKey: string;
    builtAt: string;
    artifactSha256: string;
    resolvedDependencies: { name: string; version: string }[];
  };
  ActionDraftBuildFailed: {
    tenantId: string;
    actionId: string;
    draftKey: string;
    failedAt: string;
    errors: { id: string; msg: string; url?: string }[];
  };
  /** An immutable version. `rollbackOf` is set when it was copied from an older version. */
  ActionVersionCreated: {
    tenantId: string;
    actionId: string;
    versionId: string;
    number: number;
    content: PackedContent;
    artifactSha256: string;
    resolvedDependencies: { name: string; version: string }[];
    builtAt: string;
    createdAt: string;
    rollbackOf?: string;
  };
  ActionVersionDeployed: {
    tenantId: string;
    actionId: string;
    versionId: string;
    number: number;
    deployedAt: string;
  };
  ActionDeleted: {
    tenantId: string;
    actionId: string;
    name: string;
    deletedAt: string;
  };
}

export type ActionEvent = EventUnion<ActionEventType, ActionEventData>;
export type ActionCreated = EventOf<ActionEvent, 'ActionCreated'>;
export type ActionDraftUpdated = EventOf<ActionEvent, 'ActionDraftUpdated'>;
export type ActionDraftBuilt = EventOf<ActionEvent, 'ActionDraftBuilt'>;
export type ActionDraftBuildFailed = EventOf<ActionEvent, 'ActionDraftBuildFailed'>;
export type ActionVersionCreated = EventOf<ActionEvent, 'ActionVersionCreated'>;
export type ActionVersionDeployed = EventOf<ActionEvent, 'ActionVersionDeployed'>;
export type ActionDeleted = EventOf<ActionEvent, 'ActionDeleted'>;
