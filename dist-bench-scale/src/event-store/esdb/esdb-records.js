"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EventWithoutPositionError = void 0;
exports.isSystemEvent = isSystemEvent;
exports.toClientExpectedRevision = toClientExpectedRevision;
exports.satisfiesExpected = satisfiesExpected;
exports.toJsonEvents = toJsonEvents;
exports.toRecordedEvent = toRecordedEvent;
exports.toPortPosition = toPortPosition;
exports.subscriptionFilter = subscriptionFilter;
/**
 * Translations between the port's shapes and @eventstore/db-client's, in one place:
 * expected revisions, outgoing JSON events, recorded events (positions stay bigints), and which events are ours.
 */
const db_client_1 = require("@eventstore/db-client");
/** EventStoreDB keeps its own bookkeeping in `$`-prefixed streams and event types; none of it is ours. */
function isSystemEvent(type, stream) {
    return type.startsWith('$') || stream.startsWith('$');
}
function toClientExpectedRevision(expected) {
    switch (expected) {
        case 'any': return db_client_1.ANY;
        case 'no_stream': return db_client_1.NO_STREAM;
        case 'stream_exists': return db_client_1.STREAM_EXISTS;
        default: return expected;
    }
}
/** Does a stream whose last revision is `current` (undefined: no stream) satisfy `expected`? */
function satisfiesExpected(expected, current) {
    switch (expected) {
        case 'any': return true;
        case 'no_stream': return current === undefined;
        case 'stream_exists': return current !== undefined;
        default: return current === expected;
    }
}
/** JSON events with the caller's ids: the ids are what makes a repeated append idempotent on the server. */
function toJsonEvents(events) {
    return events.map((e) => (0, db_client_1.jsonEvent)({ id: e.id, type: e.type, data: (e.data ?? null), metadata: e.metadata }));
}
class EventWithoutPositionError extends Error {
    name = 'EventWithoutPositionError';
    constructor(stream, revision) {
        super(`EventStoreDB returned event ${revision} of stream "${stream}" without a global position ` +
            '(written in an explicit transaction, or a server older than 20.6); the port needs one for every event');
    }
}
exports.EventWithoutPositionError = EventWithoutPositionError;
/**
 * The port's view of a resolved event, or undefined for what is not a readable event of ours to hand out
 * (an unresolved link). Events without a position are refused loudly rather than dropped.
 */
function toRecordedEvent(resolved) {
    const e = resolved.event;
    if (!e)
        return undefined;
    if (!e.position)
        throw new EventWithoutPositionError(e.streamId, e.revision);
    return {
        id: e.id,
        type: e.type,
        data: e.data,
        metadata: (e.metadata ?? {}),
        stream: e.streamId,
        revision: e.revision,
        position: toPortPosition(e.position),
        createdAt: e.created.toISOString(),
    };
}
function toPortPosition(position) {
    return { commit: position.commit, prepare: position.prepare };
}
/** Server-side subscription filter: the requested event types exactly, or everything that is not a system event. */
function subscriptionFilter(eventTypes) {
    if (!eventTypes)
        return (0, db_client_1.excludeSystemEvents)();
    const alternatives = eventTypes.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    return (0, db_client_1.eventTypeFilter)({ regex: `^(?:${alternatives})$` });
}
//# sourceMappingURL=esdb-records.js.map