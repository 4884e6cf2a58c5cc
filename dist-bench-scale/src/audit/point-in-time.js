"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.foldActionAt = foldActionAt;
exports.actionViewAt = actionViewAt;
exports.versionViewsAt = versionViewsAt;
exports.foldBindingsAt = foldBindingsAt;
exports.bindingViewsAt = bindingViewsAt;
/**
 * Point-in-time reads (`?as_of=`): an action, its versions and a trigger's bindings as they were at a point of the
 * log, folded from the streams with the deciders' `evolve` (never from the read models), then shaped as the read
 * models shape them so the REST presenters answer in exactly the normal Auth0 shapes. Pure: the caller reads the
 * events up to the point.
 */
const action_decider_1 = require("../actions/action.decider");
const actions_projection_1 = require("../actions/projections/actions.projection");
const bindings_decider_1 = require("../bindings/bindings.decider");
const upcasters_1 = require("../event-store/upcasters");
function foldActionAt(events) {
    const at = { state: action_decider_1.actionDecider.initialState(), revision: -1, rollbackOf: {} };
    for (const recorded of events) {
        const e = (0, upcasters_1.upcast)(recorded);
        const before = at.state;
        at.state = action_decider_1.actionDecider.evolve(before, e);
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
                if (before.status === 'Active' && before.draftKey === e.data.draftKey)
                    at.updatedAt = e.data.builtAt;
                break;
            case 'ActionDraftBuildFailed':
                if (before.status === 'Active' && before.draftKey === e.data.draftKey)
                    at.updatedAt = e.data.failedAt;
                break;
            case 'ActionVersionCreated':
                at.updatedAt = e.data.createdAt;
                if (e.data.rollbackOf)
                    at.rollbackOf[e.data.versionId] = e.data.rollbackOf;
                break;
            case 'ActionVersionDeployed':
                at.updatedAt = e.data.deployedAt;
                break;
            default: break;
        }
    }
    return at;
}
function versionDoc(state, v, rollbackOf) {
    return {
        id: v.versionId, actionId: state.actionId, number: v.number, content: v.content, artifactSha256: v.artifactSha256,
        resolvedDependencies: v.resolvedDependencies, builtAt: v.builtAt, createdAt: v.createdAt,
        ...(rollbackOf[v.versionId] ? { rollbackOf: rollbackOf[v.versionId] } : {}),
    };
}
/** The action as GET /actions/{id} showed it at that point; undefined if it did not exist (yet, or any more). */
function actionViewAt(at) {
    const s = at.state;
    if (s.status !== 'Active')
        return undefined;
    const latest = s.versions.reduce((a, v) => (!a || v.number > a.number ? v : a), undefined);
    const deployed = s.deployedVersionId ? s.versions.find((v) => v.versionId === s.deployedVersionId) : undefined;
    const doc = {
        content: s.content,
        draftKey: s.draftKey,
        status: s.build.status,
        ...(s.build.status === 'built' ? { builtAt: s.build.builtAt } : {}),
        ...(s.build.status === 'failed' ? { errors: s.build.errors } : {}),
        allChangesDeployed: latest !== undefined && (0, actions_projection_1.contentSignature)(latest.content) === (0, actions_projection_1.contentSignature)(s.content),
        ...(s.deployedVersionId ? { deployedVersionId: s.deployedVersionId } : {}),
        ...(latest ? { deployedSignature: (0, actions_projection_1.contentSignature)(latest.content), currentVersion: { id: latest.versionId, number: latest.number, createdAt: latest.createdAt } } : {}),
        createdAt: at.createdAt ?? '',
        updatedAt: at.updatedAt ?? at.createdAt ?? '',
    };
    return {
        tenantId: s.tenantId, id: s.actionId, revision: at.revision, doc,
        deployedVersion: deployed ? versionDoc(s, deployed, at.rollbackOf) : undefined,
    };
}
/** Versions newest first, as GET /actions/{id}/versions listed them at that point. */
function versionViewsAt(at) {
    const action = actionViewAt(at);
    const s = at.state;
    if (!action || s.status !== 'Active')
        return undefined;
    return [...s.versions]
        .sort((a, b) => b.number - a.number)
        .map((v) => ({ doc: versionDoc(s, v, at.rollbackOf), deployed: v.versionId === s.deployedVersionId, action }));
}
function foldBindingsAt(events) {
    let state = bindings_decider_1.bindingsDecider.initialState();
    let revision = -1;
    let updatedAt;
    for (const recorded of events) {
        const e = (0, upcasters_1.upcast)(recorded);
        state = bindings_decider_1.bindingsDecider.evolve(state, e);
        revision = Number(recorded.revision);
        if (e.type === 'TriggerBindingsReplaced')
            updatedAt = e.data.updatedAt;
    }
    return { bindings: state.bindings, revision, updatedAt };
}
/** Binding views in execution order; bindings whose action did not exist at that point (or belongs elsewhere) are
 *  left out, as the read side leaves out bindings of deleted actions. */
function bindingViewsAt(tenantId, triggerId, at, actions) {
    return at.bindings.flatMap((b) => {
        const action = actions.get(b.actionId);
        if (!action || action.tenantId !== tenantId)
            return [];
        return [{ id: b.id, triggerId, displayName: b.displayName, createdAt: b.createdAt, updatedAt: at.updatedAt ?? b.createdAt, action }];
    });
}
//# sourceMappingURL=point-in-time.js.map