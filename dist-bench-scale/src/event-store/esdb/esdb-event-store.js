"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EsdbEventStore = void 0;
/**
 * The production event store: EventStoreDB / KurrentDB through @eventstore/db-client.
 *
 * - append: the port's expected revision maps onto the client's; WrongExpectedVersionError becomes the port's
 *   WrongExpectedRevisionError with the actual revision. Event ids are the caller's UUIDs. When the outcome is
 *   unknown (the server was unreachable or did not answer in time, so the write may have landed) the IDENTICAL
 *   request is sent again: same ids, same expected revision. EventStoreDB answers a repeat of a write it already
 *   has with that write's result instead of writing twice; with an exact revision or no_stream it checks the
 *   stream itself, with any / stream_exists only a cache of recent writes (IndexWriter.CheckCommit).
 * - reads are always bounded (maxCount); a missing stream reads as []. `$all` reads hand out our events only
 *   (no `$` streams or types) and keep reading until the page is full, so a short page still means "end of log".
 * - subscribeToAll: see esdb-subscription.ts. Positions are {commit, prepare} bigints end to end.
 * - every call has a deadline and transient failures are retried with backoff: see esdb-calls.ts.
 */
const db_client_1 = require("@eventstore/db-client");
const port_1 = require("../port");
const esdb_calls_1 = require("./esdb-calls");
const esdb_records_1 = require("./esdb-records");
const esdb_subscription_1 = require("./esdb-subscription");
const SILENT = { info() { }, warn() { }, error() { } };
const PING_DEADLINE_MS = 2000;
/** `$all` pages requested from the server: at least this many (system events are skipped client-side)... */
const MIN_ALL_PAGE = 64;
/** ...and at most this many per round trip. */
const MAX_ALL_PAGE = 4096;
class EsdbEventStore {
    kind = 'esdb';
    client;
    deadlineMs;
    retry;
    logger;
    subscriptions = new Set();
    constructor(options) {
        this.client = db_client_1.EventStoreDBClient.connectionString(options.connectionString);
        this.deadlineMs = options.deadlineMs ?? 10_000;
        this.retry = { attempts: options.attempts ?? 5, baseDelayMs: 100, maxDelayMs: 2000 };
        this.logger = options.logger ?? SILENT;
    }
    async append(stream, events, expected) {
        if (events.length === 0)
            return this.appendNothing(stream, expected);
        const what = `append to ${stream}`;
        const payload = (0, esdb_records_1.toJsonEvents)(events);
        const expectedRevision = (0, esdb_records_1.toClientExpectedRevision)(expected);
        try {
            const result = await this.retrying(what, () => (0, esdb_calls_1.withDeadline)(this.client.appendToStream(stream, payload, { expectedRevision, deadline: this.deadlineMs }), this.deadlineMs, what));
            const position = result.position ? (0, esdb_records_1.toPortPosition)(result.position) : await this.positionOf(stream, result.nextExpectedRevision);
            return { nextRevision: result.nextExpectedRevision, position };
        }
        catch (error) {
            if (error instanceof db_client_1.WrongExpectedVersionError)
                throw new port_1.WrongExpectedRevisionError(stream, expected, error.actualVersion);
            throw (0, esdb_calls_1.toPortError)(error, what);
        }
    }
    async readStream(stream, options) {
        if (options.maxCount <= 0)
            return [];
        const backwards = options.direction === 'backwards';
        const what = `read ${stream}`;
        try {
            const resolved = await this.retrying(what, () => (0, esdb_calls_1.readToEnd)(this.client.readStream(stream, {
                direction: backwards ? db_client_1.BACKWARDS : db_client_1.FORWARDS,
                fromRevision: options.fromRevision ?? (backwards ? db_client_1.END : db_client_1.START),
                maxCount: options.maxCount,
            }), this.deadlineMs, what));
            return recorded(resolved).events;
        }
        catch (error) {
            if (error instanceof db_client_1.StreamNotFoundError)
                return [];
            throw (0, esdb_calls_1.toPortError)(error, what);
        }
    }
    async readAll(options) {
        const backwards = options.direction === 'backwards';
        if (options.maxCount <= 0 || (backwards && options.after && isLogStart(options.after)))
            return [];
        let cursor = options.after && !isLogStart(options.after) ? options.after : undefined;
        const page = [];
        for (;;) {
            const wanted = Math.min(MAX_ALL_PAGE, Math.max(MIN_ALL_PAGE, options.maxCount - page.length + 1));
            const { events: read, received } = await this.readAllOnce(cursor, backwards, wanted);
            const from = cursor;
            // Forwards, the server includes the event at the start position; the port's `after` is exclusive.
            const beyond = from ? read.filter((e) => (0, port_1.comparePositions)(e.position, from) * (backwards ? -1 : 1) > 0) : read;
            for (const e of beyond) {
                if ((0, esdb_records_1.isSystemEvent)(e.type, e.stream))
                    continue;
                page.push(e);
                if (page.length === options.maxCount)
                    return page;
            }
            if (received < wanted || beyond.length === 0)
                return page;
            cursor = beyond[beyond.length - 1].position;
        }
    }
    subscribeToAll(options) {
        const subscription = new esdb_subscription_1.EsdbSubscription(this.client, options, {
            confirmationDeadlineMs: this.deadlineMs,
            logger: this.logger,
            onStopped: () => this.subscriptions.delete(subscription),
        });
        this.subscriptions.add(subscription);
        return subscription;
    }
    async headPosition() {
        const [last] = await this.readAll({ direction: 'backwards', maxCount: 1 });
        return last?.position ?? port_1.START;
    }
    /** One cheap read of `$all` with a short deadline and no retry: the answer health checks need. */
    async ping() {
        const deadline = Math.min(this.deadlineMs, PING_DEADLINE_MS);
        try {
            await (0, esdb_calls_1.readToEnd)(this.client.readAll({ direction: db_client_1.BACKWARDS, fromPosition: db_client_1.END, maxCount: 1 }), deadline, 'ping');
        }
        catch (error) {
            throw (0, esdb_calls_1.toPortError)(error, 'ping');
        }
    }
    async close() {
        await Promise.all([...this.subscriptions].map((s) => s.stop()));
        await this.client.dispose();
    }
    /** An empty batch writes nothing, so it is not sent: the expectation is checked against the stream's last event. */
    async appendNothing(stream, expected) {
        const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
        if (!(0, esdb_records_1.satisfiesExpected)(expected, last?.revision))
            throw new port_1.WrongExpectedRevisionError(stream, expected, last?.revision ?? 'no_stream');
        return { nextRevision: last?.revision ?? -1n, position: await this.headPosition() };
    }
    /** Position of one event: for the rare idempotent answer that carries none. */
    async positionOf(stream, revision) {
        const [event] = await this.readStream(stream, { fromRevision: revision, maxCount: 1 });
        if (!event)
            throw new Error(`EventStoreDB acknowledged revision ${revision} of "${stream}" but does not return it`);
        return event.position;
    }
    async readAllOnce(after, backwards, maxCount) {
        const what = 'read $all';
        try {
            const resolved = await this.retrying(what, () => (0, esdb_calls_1.readToEnd)(this.client.readAll({
                direction: backwards ? db_client_1.BACKWARDS : db_client_1.FORWARDS,
                fromPosition: after ? { commit: after.commit, prepare: after.prepare } : backwards ? db_client_1.END : db_client_1.START,
                maxCount,
            }), this.deadlineMs, what));
            return recorded(resolved);
        }
        catch (error) {
            throw (0, esdb_calls_1.toPortError)(error, what);
        }
    }
    retrying(what, call) {
        return (0, esdb_calls_1.retryTransient)(call, this.retry, (error, attempt, delayMs) => this.logger.warn({ call: what, attempt, retryInMs: delayMs, err: error.message }, 'EventStoreDB call failed transiently; retrying (an append is repeated as the identical request)'));
    }
}
exports.EsdbEventStore = EsdbEventStore;
function isLogStart(position) {
    return (0, port_1.comparePositions)(position, port_1.START) === 0;
}
function recorded(resolved) {
    const events = [];
    for (const r of resolved) {
        const e = (0, esdb_records_1.toRecordedEvent)(r);
        if (e)
            events.push(e);
    }
    return { events, received: resolved.length };
}
//# sourceMappingURL=esdb-event-store.js.map