"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.AuditReader = exports.AUDIT_READER = void 0;
/**
 * Reads the event log for audit: histories, version diffs and point-in-time views. Works on any EventStore adapter
 * (the port only), so the service and the CLI share it. Every answer comes from the streams, never from the read
 * models: a deleted action's history stays readable, and the tenant check uses the stream's own events.
 */
const action_decider_1 = require("../actions/action.decider");
const port_1 = require("../event-store/port");
const streams_1 = require("../event-store/streams");
const upcasters_1 = require("../event-store/upcasters");
const as_of_1 = require("./as-of");
const history_1 = require("./history");
const point_in_time_1 = require("./point-in-time");
const version_diff_1 = require("./version-diff");
exports.AUDIT_READER = Symbol('AUDIT_READER');
class AuditReader {
    store;
    constructor(store) {
        this.store = store;
    }
    /** A stream's events in order, up to the point (all of them without one). */
    async readStream(stream, asOf) {
        const out = [];
        for await (const e of (0, port_1.readStreamPaged)(this.store, stream)) {
            if (!(0, as_of_1.recordedBy)(asOf, e))
                break;
            out.push(e);
        }
        return out;
    }
    /** Every event of an action's stream as history entries, oldest first; undefined when the stream does not exist
     *  or belongs to another tenant (`tenantId` undefined: any tenant, for the operator's CLI). */
    async actionHistory(actionId, tenantId) {
        const events = await this.readStream(streams_1.streams.action(actionId));
        const history = new history_1.ActionStreamHistory();
        const entries = events.map((e) => history.next(e));
        const owner = tenantOf(history.state);
        if (owner === undefined || (tenantId !== undefined && owner !== tenantId))
            return undefined;
        return { tenantId: owner, entries };
    }
    async bindingsHistory(tenantId, triggerId) {
        const history = new history_1.BindingsStreamHistory();
        return (await this.readStream(streams_1.streams.triggerBindings(tenantId, triggerId))).map((e) => history.next(e));
    }
    async actionAt(tenantId, actionId, asOf) {
        const view = (0, point_in_time_1.actionViewAt)((0, point_in_time_1.foldActionAt)(await this.readStream(streams_1.streams.action(actionId), asOf)));
        return view && view.tenantId === tenantId ? view : undefined;
    }
    async versionsAt(tenantId, actionId, asOf) {
        const at = (0, point_in_time_1.foldActionAt)(await this.readStream(streams_1.streams.action(actionId), asOf));
        if (at.state.status !== 'Active' || at.state.tenantId !== tenantId)
            return undefined;
        return (0, point_in_time_1.versionViewsAt)(at);
    }
    async bindingsAt(tenantId, triggerId, asOf) {
        const at = (0, point_in_time_1.foldBindingsAt)(await this.readStream(streams_1.streams.triggerBindings(tenantId, triggerId), asOf));
        const actions = new Map();
        for (const b of at.bindings) {
            if (!actions.has(b.actionId))
                actions.set(b.actionId, await this.actionAt(tenantId, b.actionId, asOf));
        }
        return { bindings: (0, point_in_time_1.bindingViewsAt)(tenantId, triggerId, at, actions), revision: at.revision };
    }
    /**
     * Diff between two versions, named by id or by number. Versions of a deleted action stay comparable (the fold
     * stops before the deletion). 'action': no such action for this tenant; 'version': no such version.
     */
    async versionDiff(actionId, a, b, tenantId) {
        const events = await this.readStream(streams_1.streams.action(actionId));
        let state = action_decider_1.actionDecider.initialState();
        for (const recorded of events) {
            const e = (0, upcasters_1.upcast)(recorded);
            if (e.type === 'ActionDeleted')
                break;
            state = action_decider_1.actionDecider.evolve(state, e);
        }
        if (state.status !== 'Active' || (tenantId !== undefined && state.tenantId !== tenantId))
            return 'action';
        const find = (key) => state.status === 'Active' ? state.versions.find((v) => v.versionId === key || (/^\d{1,9}$/.test(key) && v.number === Number(key))) : undefined;
        const from = find(a);
        const to = find(b);
        if (!from || !to)
            return 'version';
        return (0, version_diff_1.diffVersions)(actionId, from, to);
    }
}
exports.AuditReader = AuditReader;
function tenantOf(state) {
    return state.status === 'None' ? undefined : state.tenantId;
}
//# sourceMappingURL=audit-reader.js.map