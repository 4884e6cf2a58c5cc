"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.InvalidAsOfError = void 0;
exports.parseAsOf = parseAsOf;
exports.recordedBy = recordedBy;
/**
 * `as_of`: a point in the log, given as an ISO-8601 time (the store's recorded time of the events) or as a log
 * position (`<commit>/<prepare>` as history entries show it, or a bare integer for the embedded store's sequence).
 * A point includes every event recorded at or before it.
 */
const port_1 = require("../event-store/port");
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
class InvalidAsOfError extends Error {
    constructor(value) {
        super(`as_of must be an ISO-8601 time with a zone (e.g. 2026-11-25T10:00:00Z) or a log position (e.g. 42 or 42/42); got "${value.slice(0, 64)}"`);
    }
}
exports.InvalidAsOfError = InvalidAsOfError;
function parseAsOf(value) {
    const v = value.trim();
    if (/^\d{1,18}$/.test(v))
        return { kind: 'position', position: { commit: BigInt(v), prepare: BigInt(v) } };
    if (/^\d{1,20}\/\d{1,20}$/.test(v))
        return { kind: 'position', position: (0, port_1.positionFromString)(v) };
    if (ISO_TIME.test(v)) {
        const ms = Date.parse(v);
        if (!Number.isNaN(ms))
            return { kind: 'time', iso: new Date(ms).toISOString(), ms };
    }
    throw new InvalidAsOfError(value);
}
/** Whether the event was recorded at or before the point. */
function recordedBy(asOf, event) {
    if (!asOf)
        return true;
    if (asOf.kind === 'position')
        return (0, port_1.comparePositions)(event.position, asOf.position) <= 0;
    return Date.parse(event.createdAt) <= asOf.ms;
}
//# sourceMappingURL=as-of.js.map