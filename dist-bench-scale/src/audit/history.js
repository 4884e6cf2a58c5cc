"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LogHistory = exports.TenantActionsStreamHistory = exports.BindingsStreamHistory = exports.ActionStreamHistory = exports.UNKNOWN = void 0;
exports.historyFor = historyFor;
/**
 * History entries: one per event, with who, when, under which request, and what changed in words. Built by folding
 * each stream with its feature's decider `evolve` (the same fold the write side uses), comparing the state before
 * and after each event, so packed code (action-code.ts) and secret merges read exactly as the write side saw them.
 * Pure: the caller reads the events. Values of secrets never appear (names and fingerprints only).
 */
const action_decider_1 = require("../actions/action.decider");
const tenant_actions_decider_1 = require("../actions/tenant-actions.decider");
const bindings_decider_1 = require("../bindings/bindings.decider");
const port_1 = require("../event-store/port");
const streams_1 = require("../event-store/streams");
const upcasters_1 = require("../event-store/upcasters");
const content_changes_1 = require("./content-changes");
exports.UNKNOWN = 'unknown';
function metaString(event, key) {
    const value = event.metadata?.[key];
    return typeof value === 'string' && value !== '' ? value : exports.UNKNOWN;
}
function entry(event, headline, changes) {
    return {
        stream: event.stream,
        revision: Number(event.revision),
        position: (0, port_1.positionToString)(event.position),
        event_id: event.id,
        type: event.type,
        time: event.createdAt,
        actor: metaString(event, 'actor'),
        correlation_id: metaString(event, 'correlationId'),
        causation_id: metaString(event, 'causationId'),
        summary: changes.length > 0 ? `${headline}: ${changes.join('; ')}` : headline,
        changes,
    };
}
class ActionStreamHistory {
    state = action_decider_1.actionDecider.initialState();
    next(recorded) {
        const event = (0, upcasters_1.upcast)(recorded);
        const before = this.state;
        const after = action_decider_1.actionDecider.evolve(before, event);
        this.state = after;
        const [headline, changes] = describeActionEvent(before, event, after);
        return entry(event, headline, changes);
    }
}
exports.ActionStreamHistory = ActionStreamHistory;
function versionNumber(state, versionId) {
    return state.status === 'Active' ? state.versions.find((v) => v.versionId === versionId)?.number : undefined;
}
function describeActionEvent(before, e, after) {
    switch (e.type) {
        case 'ActionCreated':
            if (after.status !== 'Active')
                return ['action created', []];
            return [`action "${after.content.name}" created`, [...(0, content_changes_1.describeNewContent)(after.content), ...(e.data.deployWhenBuilt ? ['deploys when built'] : [])]];
        case 'ActionDraftUpdated': {
            if (before.status !== 'Active' || after.status !== 'Active')
                return ['draft updated', []];
            const changes = (0, content_changes_1.describeContentChanges)(before.content, after.content);
            return [changes.length > 0 ? 'draft updated' : 'draft updated, no change', changes];
        }
        case 'ActionDraftBuilt': {
            const current = before.status === 'Active' && before.draftKey === e.data.draftKey;
            if (!current)
                return ['build of an earlier draft recorded (ignored: the draft had changed)', []];
            const resolved = e.data.resolvedDependencies.map((d) => `${d.name}@${d.version}`);
            return ['build succeeded', [`artifact sha256 ${e.data.artifactSha256.slice(0, 12)}`, ...(resolved.length ? [`resolved ${resolved.join(', ')}`] : [])]];
        }
        case 'ActionDraftBuildFailed': {
            const current = before.status === 'Active' && before.draftKey === e.data.draftKey;
            const errors = e.data.errors.map((x) => `${x.id}: ${x.msg.length > 300 ? `${x.msg.slice(0, 300)}…` : x.msg}`);
            return [current ? 'build failed' : 'build of an earlier draft failed (ignored: the draft had changed)', errors];
        }
        case 'ActionVersionCreated': {
            const rollbackOf = e.data.rollbackOf;
            if (!rollbackOf)
                return [`version ${e.data.number} created`, []];
            const n = versionNumber(before, rollbackOf);
            return [`version ${e.data.number} created as a rollback of version ${n ?? rollbackOf}`, [`copied from version ${n ?? '?'} (${rollbackOf})`]];
        }
        case 'ActionVersionDeployed': {
            const previous = before.status === 'Active' && before.deployedVersionId ? versionNumber(before, before.deployedVersionId) : undefined;
            return [`version ${e.data.number} deployed`, previous !== undefined ? [`replaces version ${previous}`] : []];
        }
        case 'ActionDeleted':
            return [`action "${e.data.name}" deleted`, []];
        default:
            return [e.type, []];
    }
}
class BindingsStreamHistory {
    state = bindings_decider_1.bindingsDecider.initialState();
    next(recorded) {
        const event = (0, upcasters_1.upcast)(recorded);
        const before = this.state;
        this.state = bindings_decider_1.bindingsDecider.evolve(before, event);
        if (event.type !== 'TriggerBindingsReplaced')
            return entry(event, event.type, []);
        const changes = describeBindingChanges(before.bindings, this.state.bindings);
        const order = this.state.bindings.map((b) => `"${b.displayName}"`).join(', ');
        return entry(event, `bindings of ${event.data.triggerId} replaced (now: ${order || 'none'})`, changes);
    }
}
exports.BindingsStreamHistory = BindingsStreamHistory;
function describeBindingChanges(from, to) {
    const before = new Map(from.map((b) => [b.actionId, b]));
    const after = new Map(to.map((b) => [b.actionId, b]));
    const out = [];
    to.forEach((b, i) => {
        const old = before.get(b.actionId);
        if (!old)
            out.push(`bound "${b.displayName}" (action ${b.actionId}) at position ${i + 1}`);
        else if (old.displayName !== b.displayName)
            out.push(`display name of action ${b.actionId} changed from "${old.displayName}" to "${b.displayName}"`);
    });
    from.forEach((b) => { if (!after.has(b.actionId))
        out.push(`unbound "${b.displayName}" (action ${b.actionId})`); });
    const keptBefore = from.filter((b) => after.has(b.actionId)).map((b) => b.actionId);
    const keptAfter = to.filter((b) => before.has(b.actionId)).map((b) => b.actionId);
    if (keptBefore.join() !== keptAfter.join())
        out.push(`order changed to ${to.map((b) => `"${b.displayName}"`).join(', ')}`);
    return out;
}
class TenantActionsStreamHistory {
    state = tenant_actions_decider_1.tenantActionsDecider.initialState();
    next(recorded) {
        const event = (0, upcasters_1.upcast)(recorded);
        this.state = tenant_actions_decider_1.tenantActionsDecider.evolve(this.state, event);
        const d = event.data;
        if (event.type === 'ActionNameClaimed')
            return entry(event, `name "${d.name}" claimed by action ${d.actionId}`, []);
        if (event.type === 'ActionNameReleased')
            return entry(event, `name "${d.name}" released by action ${d.actionId}`, []);
        return entry(event, event.type, []);
    }
}
exports.TenantActionsStreamHistory = TenantActionsStreamHistory;
class OpaqueStreamHistory {
    next(event) {
        return entry(event, event.type, []);
    }
}
function historyFor(stream) {
    switch ((0, streams_1.streamCategory)(stream)) {
        case 'action': return new ActionStreamHistory();
        case 'triggerBindings': return new BindingsStreamHistory();
        case 'tenantActions': return new TenantActionsStreamHistory();
        default: return new OpaqueStreamHistory();
    }
}
/** Entries of events from many streams in log order (replay of a category or of the whole log). */
class LogHistory {
    streams = new Map();
    next(event) {
        let h = this.streams.get(event.stream);
        if (!h) {
            h = historyFor(event.stream);
            this.streams.set(event.stream, h);
        }
        return h.next(event);
    }
}
exports.LogHistory = LogHistory;
//# sourceMappingURL=history.js.map