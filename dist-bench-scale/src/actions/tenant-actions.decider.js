"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.tenantActionsDecider = exports.TENANT_ACTIONS_EVENT_TYPES = exports.CLAIM_GRACE_MS = void 0;
exports.nameOwnedBy = nameOwnedBy;
/**
 * The `tenantActions-<tenant>` stream: which action owns which name, and how many actions a tenant has.
 * It makes names unique per tenant (decision 1) and enforces the actions-per-tenant limit atomically, even
 * under concurrent creates. A claim whose action never came to exist (the process died between the claim and
 * ActionCreated) is stale after CLAIM_GRACE_MS and may be taken over; one whose action is deleted at once.
 */
const decider_1 = require("../shared/decider");
const domain_errors_1 = require("../shared/domain-errors");
exports.CLAIM_GRACE_MS = 60_000;
exports.TENANT_ACTIONS_EVENT_TYPES = ['ActionNameClaimed', 'ActionNameReleased'];
function evolve(state, event) {
    const owners = new Map(state.owners);
    switch (event.type) {
        case 'ActionNameClaimed':
            for (const [name, o] of owners)
                if (o.actionId === event.data.actionId)
                    owners.delete(name);
            owners.set(event.data.name, { actionId: event.data.actionId, claimedAt: event.data.claimedAt });
            return { owners };
        case 'ActionNameReleased':
            if (owners.get(event.data.name)?.actionId === event.data.actionId)
                owners.delete(event.data.name);
            return { owners };
        default:
            return state;
    }
}
function nameOwnedBy(state, actionId) {
    for (const [name, o] of state.owners)
        if (o.actionId === actionId)
            return name;
    return undefined;
}
/** A claim is stale when its action was deleted (the release was lost), or never came to exist within the grace. */
function isStale(owner, existence, now) {
    const known = existence[owner.actionId];
    return known === 'deleted' || (known === 'absent' && Date.parse(now) - Date.parse(owner.claimedAt) > exports.CLAIM_GRACE_MS);
}
function decide(command, state) {
    switch (command.type) {
        case 'ClaimActionName': {
            const { tenantId, actionId, name, now, maxActions, existence } = command.data;
            const owner = state.owners.get(name);
            if (owner?.actionId === actionId)
                return [];
            const events = [];
            if (owner) {
                if (!isStale(owner, existence, now))
                    throw new domain_errors_1.ConflictError(`An action with the name "${name}" already exists.`);
                events.push({ type: 'ActionNameReleased', data: { tenantId, actionId: owner.actionId, name, releasedAt: now } });
            }
            const previous = nameOwnedBy(state, actionId);
            if (previous !== undefined) {
                events.push({ type: 'ActionNameReleased', data: { tenantId, actionId, name: previous, releasedAt: now } });
            }
            else {
                const live = [...state.owners.values()].filter((o) => o.actionId !== owner?.actionId && !isStale(o, existence, now));
                if (live.length >= maxActions) {
                    throw new domain_errors_1.LimitExceededError(`This tenant already has ${live.length} actions, the maximum allowed.`);
                }
            }
            events.push({ type: 'ActionNameClaimed', data: { tenantId, actionId, name, claimedAt: now } });
            return events;
        }
        case 'ReleaseActionName': {
            const { tenantId, actionId, now } = command.data;
            const name = nameOwnedBy(state, actionId);
            return name === undefined ? [] : [{ type: 'ActionNameReleased', data: { tenantId, actionId, name, releasedAt: now } }];
        }
        default:
            return (0, decider_1.assertNever)(command, 'tenant actions command');
    }
}
exports.tenantActionsDecider = {
    initialState: () => ({ owners: new Map() }),
    evolve,
    decide,
};
//# sourceMappingURL=tenant-actions.decider.js.map