"use strict";
/**
 * The event store port: the only way the rest of the service touches the event log.
 * Adapters: embedded SQLite (src/event-store/sqlite) and EventStoreDB (src/event-store/esdb).
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.EVENT_STORE = exports.EventStoreUnavailableError = exports.WrongExpectedRevisionError = exports.START = void 0;
exports.comparePositions = comparePositions;
exports.positionToString = positionToString;
exports.positionFromString = positionFromString;
exports.readStreamPaged = readStreamPaged;
exports.START = Object.freeze({ commit: -1n, prepare: -1n });
function comparePositions(a, b) {
    if (a.commit !== b.commit)
        return a.commit < b.commit ? -1 : 1;
    if (a.prepare !== b.prepare)
        return a.prepare < b.prepare ? -1 : 1;
    return 0;
}
function positionToString(p) {
    return `${p.commit}/${p.prepare}`;
}
function positionFromString(s) {
    const m = /^(-?\d+)\/(-?\d+)$/.exec(s);
    if (!m)
        throw new Error(`Malformed position "${s}"`);
    return { commit: BigInt(m[1]), prepare: BigInt(m[2]) };
}
class WrongExpectedRevisionError extends Error {
    stream;
    expected;
    actual;
    name = 'WrongExpectedRevisionError';
    constructor(stream, expected, 
    /** The stream's actual last revision, or 'no_stream'. */
    actual) {
        super(`Wrong expected revision on stream "${stream}": expected ${String(expected)}, actual ${String(actual)}`);
        this.stream = stream;
        this.expected = expected;
        this.actual = actual;
    }
}
exports.WrongExpectedRevisionError = WrongExpectedRevisionError;
/** The store could not be reached or did not answer in time. The outcome of a write may be unknown. */
class EventStoreUnavailableError extends Error {
    cause;
    name = 'EventStoreUnavailableError';
    constructor(message, cause) {
        super(message);
        this.cause = cause;
    }
}
exports.EventStoreUnavailableError = EventStoreUnavailableError;
exports.EVENT_STORE = Symbol('EVENT_STORE');
/** Reads a whole stream forwards, page by page. */
async function* readStreamPaged(store, stream, pageSize = 500) {
    let from = 0n;
    for (;;) {
        const page = await store.readStream(stream, { direction: 'forwards', fromRevision: from, maxCount: pageSize });
        for (const e of page)
            yield e;
        if (page.length < pageSize)
            return;
        from = page[page.length - 1].revision + 1n;
    }
}
//# sourceMappingURL=port.js.map