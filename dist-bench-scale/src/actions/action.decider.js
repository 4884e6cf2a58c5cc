"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.actionDecider = exports.DRAFT_NOT_BUILT = exports.VERSION_NOT_FOUND = exports.ACTION_NOT_FOUND_FOR_UPDATE = exports.ACTION_NOT_FOUND = void 0;
/**
 * The action decider: every rule of management-api.md §3 that concerns one action stream.
 * Pure: time, ids, limits and build results arrive inside the command.
 */
const decider_1 = require("../shared/decider");
const domain_errors_1 = require("../shared/domain-errors");
const trigger_catalogue_1 = require("../triggers/trigger-catalogue");
const action_content_1 = require("./action.content");
const action_code_1 = require("./action-code");
exports.ACTION_NOT_FOUND = 'That action does not exist.';
exports.ACTION_NOT_FOUND_FOR_UPDATE = 'Action not found and cannot be updated.';
exports.VERSION_NOT_FOUND = 'The action version does not exist.';
exports.DRAFT_NOT_BUILT = "A draft must be in the 'built' state before it can be deployed.";
/** The event's content with its code text, and the stream's code table including it. */
function unpacked(packed, codes) {
    const content = (0, action_code_1.unpackContent)(packed, (sha) => codes[sha]);
    return { content, codes: packed.code === undefined ? codes : { ...codes, [packed.codeSha256 ?? (0, action_code_1.codeSha256)(content.code)]: content.code } };
}
function evolve(state, event) {
    switch (event.type) {
        case 'ActionCreated': {
            const { tenantId, actionId, deployWhenBuilt } = event.data;
            const { content, codes } = unpacked(event.data.content, {});
            return {
                status: 'Active', tenantId, actionId, content, draftKey: (0, action_content_1.draftKeyOf)(content), build: { status: 'pending' }, versions: [], lastNumber: 0,
                deployWhenBuilt: deployWhenBuilt === true, codes,
            };
        }
        case 'ActionDraftUpdated': {
            if (state.status !== 'Active')
                return state;
            const { content, codes } = unpacked(event.data.content, state.codes);
            return { ...state, content, codes, draftKey: (0, action_content_1.draftKeyOf)(content), build: { status: 'pending' } };
        }
        case 'ActionDraftBuilt': {
            if (state.status !== 'Active' || event.data.draftKey !== state.draftKey)
                return state;
            const { builtAt, artifactSha256, resolvedDependencies } = event.data;
            return { ...state, build: { status: 'built', builtAt, artifactSha256, resolvedDependencies }, deployWhenBuilt: false };
        }
        case 'ActionDraftBuildFailed':
            if (state.status !== 'Active' || event.data.draftKey !== state.draftKey)
                return state;
            return { ...state, build: { status: 'failed', errors: event.data.errors }, deployWhenBuilt: false };
        case 'ActionVersionCreated': {
            if (state.status !== 'Active')
                return state;
            const d = event.data;
            const { content, codes } = unpacked(d.content, state.codes);
            const version = {
                versionId: d.versionId, number: d.number, content, artifactSha256: d.artifactSha256,
                resolvedDependencies: d.resolvedDependencies, builtAt: d.builtAt, createdAt: d.createdAt,
            };
            return { ...state, codes, versions: [...state.versions, version], lastNumber: Math.max(state.lastNumber, d.number) };
        }
        case 'ActionVersionDeployed':
            return state.status === 'Active' ? { ...state, deployedVersionId: event.data.versionId } : state;
        case 'ActionDeleted':
            return { status: 'Deleted', tenantId: event.data.tenantId, actionId: event.data.actionId };
        default:
            return state;
    }
}
function activeOf(state, tenantId, notFoundMessage) {
    if (state.status !== 'Active' || state.tenantId !== tenantId)
        throw new domain_errors_1.NotFoundError(notFoundMessage);
    return state;
}
function buildEvents(tenantId, actionId, draftKey, build) {
    if (build.status === 'built') {
        const { builtAt, artifactSha256, resolvedDependencies } = build;
        return [{ type: 'ActionDraftBuilt', data: { tenantId, actionId, draftKey, builtAt, artifactSha256, resolvedDependencies } }];
    }
    return [{ type: 'ActionDraftBuildFailed', data: { tenantId, actionId, draftKey, failedAt: build.failedAt, errors: build.errors } }];
}
/** Packs content for an event of this stream: code the stream already holds goes by hash only. */
function packFor(s, content) {
    return (0, action_code_1.packContent)(content, (sha) => s.codes[sha] !== undefined);
}
function deployEvents(s, version, now, maxVersions) {
    if (maxVersions > 0 && s.versionCount >= maxVersions) {
        throw new domain_errors_1.LimitExceededError(`This action already has ${s.versionCount} versions, the configured maximum; no version is ever deleted, so no further deploy is possible.`);
    }
    const number = s.lastNumber + 1;
    const { tenantId, actionId } = s;
    return [
        { type: 'ActionVersionCreated', data: { tenantId, actionId, number, ...version, content: packFor(s, version.content), createdAt: now } },
        { type: 'ActionVersionDeployed', data: { tenantId, actionId, versionId: version.versionId, number, deployedAt: now } },
    ];
}
function decide(command, state) {
    switch (command.type) {
        case 'CreateAction': {
            const { tenantId, actionId, content, deploy, now } = command.data;
            if (state.status !== 'None')
                throw new domain_errors_1.ConflictError(`An action with id ${actionId} already exists.`);
            const packed = (0, action_code_1.packContent)(content, () => false);
            return [{ type: 'ActionCreated', data: { tenantId, actionId, content: packed, draftKey: (0, action_content_1.draftKeyOf)(content), createdAt: now, ...(deploy ? { deployWhenBuilt: true } : {}) } }];
        }
        case 'UpdateAction': {
            const { tenantId, content, now } = command.data;
            const s = activeOf(state, tenantId, exports.ACTION_NOT_FOUND_FOR_UPDATE);
            const from = s.content.supportedTriggers[0];
            const to = content.supportedTriggers[0];
            if (from && to && !(0, trigger_catalogue_1.canMoveTrigger)(from, to))
                throw new domain_errors_1.InvalidError("can't upgrade to this trigger.");
            return [{ type: 'ActionDraftUpdated', data: { tenantId, actionId: s.actionId, content: packFor(s, content), draftKey: (0, action_content_1.draftKeyOf)(content), updatedAt: now } }];
        }
        case 'RecordDraftBuild': {
            const { tenantId, draftKey, build, versionId, now, maxVersions } = command.data;
            const s = activeOf(state, tenantId, exports.ACTION_NOT_FOUND);
            if (s.draftKey !== draftKey || s.build.status !== 'pending')
                return []; // stale or already recorded
            const events = buildEvents(tenantId, s.actionId, draftKey, build);
            const versionCount = s.versions.length;
            if (build.status !== 'built' || !s.deployWhenBuilt || (maxVersions > 0 && versionCount >= maxVersions))
                return events;
            return [...events, ...deployEvents({ ...s, versionCount }, { versionId, content: s.content, ...pickBuild(build) }, now, maxVersions)];
        }
        case 'DeployAction': {
            const { tenantId, versionId, now, maxVersions } = command.data;
            const s = activeOf(state, tenantId, exports.ACTION_NOT_FOUND);
            if (s.build.status !== 'built')
                throw new domain_errors_1.InvalidError(exports.DRAFT_NOT_BUILT);
            return deployEvents({ ...s, versionCount: s.versions.length }, { versionId, content: s.content, ...pickBuild(s.build) }, now, maxVersions);
        }
        case 'RollbackVersion': {
            const { tenantId, targetVersionId, versionId, updateDraft, now, maxVersions } = command.data;
            const s = activeOf(state, tenantId, exports.ACTION_NOT_FOUND);
            const target = s.versions.find((v) => v.versionId === targetVersionId);
            if (!target)
                throw new domain_errors_1.NotFoundError(exports.VERSION_NOT_FOUND);
            const content = { ...target.content, name: s.content.name };
            const events = deployEvents({ ...s, versionCount: s.versions.length }, { versionId, content, ...pickBuild(target), rollbackOf: target.versionId }, now, maxVersions);
            if (!updateDraft)
                return events;
            return [
                ...events,
                { type: 'ActionDraftUpdated', data: { tenantId, actionId: s.actionId, content: packFor(s, content), draftKey: (0, action_content_1.draftKeyOf)(content), updatedAt: now } },
                ...buildEvents(tenantId, s.actionId, (0, action_content_1.draftKeyOf)(content), { status: 'built', builtAt: now, artifactSha256: target.artifactSha256, resolvedDependencies: target.resolvedDependencies }),
            ];
        }
        case 'DeleteAction': {
            const { tenantId, now } = command.data;
            const s = activeOf(state, tenantId, exports.ACTION_NOT_FOUND);
            return [{ type: 'ActionDeleted', data: { tenantId, actionId: s.actionId, name: s.content.name, deletedAt: now } }];
        }
        default:
            return (0, decider_1.assertNever)(command, 'action command');
    }
}
function pickBuild(b) {
    return { builtAt: b.builtAt, artifactSha256: b.artifactSha256, resolvedDependencies: b.resolvedDependencies };
}
exports.actionDecider = {
    initialState: () => ({ status: 'None' }),
    evolve,
    decide,
};
//# sourceMappingURL=action.decider.js.map