/**
 * Point-in-time reads (`?as_of=`): an action, its versions and a trigger's bindings as they were at a point of the
 * log, folded from the streams with the deciders' `evolve` (never from the read models), then shaped as the read
 * models shape them so the REST presenters answer in exactly the normal Auth0 shapes. Pure: the caller reads the
 * events up to the point.
 */
import { actionDecider } from '../actions/actions.decider';
import { ActionState, ActiveAction, VersionRecord } from '../actions/actions.state';
import type { ActionEvent } from '../actions/actions.events';
import type { ActionView, VersionView } from '../actions/actions.queries';
import { ActionDoc, contentSignature, VersionDoc } from '../actions/projections/actions.projection';
import { bindingsDecider } from '../bindings/bindings.decider';
import type { BindingRecord, BindingsEvent } from '../bindings/bindings.events';
import type { BindingView } from '../bindings/bindings.queries';
import type { RecordedEvent } from '../event-store/port';
import { upcastAs } from '../event-store/upcasters';

/** An action stream folded up to a point, with the times the read model shows (taken from the events). */
export interface ActionAt {
  state: ActionState;
  /** Revision of the last event folded; -1 when none. */
  revision: number;
  createdAt?: string;
  updatedAt?: string;
  /** versionId → the version it was copied from. */
  rollbackOf: Record<string, string>;
}

export function foldActionAt(events: readonly RecordedEvent[]): ActionAt {
  const at: ActionAt = { state: actionDecider.initialState(), revision: -1, rollbackOf: {} };
  for (const recorded of events) {
    const e = upcastAs<ActionEvent>(recorded);
    const before = at.state;
    at.state = actionDecider.evolve(before, e);
    at.revision = Number(recorded.revision);
    switch (e.type) {
      case 'ActionCreated':
        at.createdAt = e.data.createdAt;
        at.updatedAt = e.data.createdAt;
        break;
      case 'ActionDraftUpdated':
        at.updatedAt = e.data.updatedAt;
        break;
      case 'ActionDraftBuilt':
        if (before.status === 'Active' && before.draftKey === e.data.draftKey) at.updatedAt = e.data.builtAt;
        break;
      case 'ActionDraftBuildFailed':
        if (before.status === 'Active' && before.draftKey === e.data.draftKey) at.updatedAt = e.data.failedAt;
        break;
      case 'ActionVersionCreated':
        at.updatedAt = e.data.createdAt;
        if (e.data.rollbackOf) at.rollbackOf[e.data.versionId] = e.data.rollbackOf;
        break;
      case 'ActionVersionDeployed':
        at.updatedAt = e.data.deployedAt;
        break;
      default:
        break;
    }
  }
  return at;
}

function versionDoc(state: ActiveAction, v: VersionRecord, rollbackOf: Record<string, string>): VersionDoc {
  return {
    id: v.versionId,
    actionId: state.actionId,
    number: v.number,
    content: v.content,
    artifactSha256: v.artifactSha256,
    resolvedDependencies: v.resolvedDependencies,
    builtAt: v.builtAt,
    createdAt: v.createdAt,
    ...(rollbackOf[v.versionId] ? { rollbackOf: rollbackOf[v.versionId] } : {}),
  };
}

/** The action as GET /actions/{id} showed it at that point; undefined if it did not exist (yet, or any more). */
export function actionViewAt(at: ActionAt): ActionView | undefined {
  const s = at.state;
  if (s.status !== 'Active') return undefined;
  const latest = s.versions.reduce<VersionRecord | undefined>((a, v) => (!a || v.number > a.number ? v : a), undefined);
  const deployed = s.deployedVersionId ? s.versions.find((v) => v.versionId === s.deployedVersionId) : undefined;
  const doc: ActionDoc = {
    content: s.content,
    draftKey: s.draftKey,
    status: s.build.status,
    ...(s.build.status === 'built' ? { builtAt: s.build.builtAt } : {}),
    ...(s.build.status === 'failed' ? { errors: s.build.errors } : {}),
    allChangesDeployed: latest !== undefined && contentSignature(latest.content) === contentSignature(s.content),
    ...(s.deployedVersionId ? { deployedVersionId: s.deployedVersionId } : {}),
    ...(latest
      ? {
          deployedSignature: contentSignature(latest.content),
          currentVersion: { id: latest.versionId, number: latest.number, createdAt: latest.createdAt },
        }
      : {}),
    createdAt: at.createdAt ?? '',
    updatedAt: at.updatedAt ?? at.createdAt ?? '',
  };
  return {
    tenantId: s.tenantId,
    id: s.actionId,
    revision: at.revision,
    doc,
    deployedVersion: deployed ? versionDoc(s, deployed, at.rollbackOf) : undefined,
  };
}

/** Versions newest first, as GET /actions/{id}/versions listed them at that point. */
export function versionViewsAt(at: ActionAt): VersionView[] | undefined {
  const action = actionViewAt(at);
  const s = at.state;
  if (!action || s.status !== 'Active') return undefined;
  return [...s.versions]
    .sort((a, b) => b.number - a.number)
    .map((v) => ({ doc: versionDoc(s, v, at.rollbackOf), deployed: v.versionId === s.deployedVersionId, action }));
}

/** A trigger's bindings stream folded up to a point. */
export interface BindingsAt {
  bindings: BindingRecord[];
  revision: number;
  updatedAt?: string;
}

export function foldBindingsAt(events: readonly RecordedEvent[]): BindingsAt {
  let state = bindingsDecider.initialState();
  let revision = -1;
  let updatedAt: string | undefined;
  for (const recorded of events) {
    const e = upcastAs<BindingsEvent>(recorded);
    state = bindingsDecider.evolve(state, e);
    revision = Number(recorded.revision);
    if (e.type === 'TriggerBindingsReplaced') updatedAt = e.data.updatedAt;
  }
  return { bindings: state.bindings, revision, updatedAt };
}

/** Binding views in execution order; bindings whose action did not exist at that point (or belongs elsewhere) are
 *  left out, as the read side leaves out bindings of deleted actions. */
export function bindingViewsAt(
  tenantId: string,
  triggerId: string,
  at: BindingsAt,
  actions: ReadonlyMap<string, ActionView | undefined>,
): BindingView[] {
  return at.bindings.flatMap((b) => {
    const action = actions.get(b.actionId);
    if (!action || action.tenantId !== tenantId) return [];
    return [
      {
        id: b.id,
        triggerId,
        displayName: b.displayName,
        createdAt: b.createdAt,
        updatedAt: at.updatedAt ?? b.createdAt,
        action,
      },
    ];
  });
}
