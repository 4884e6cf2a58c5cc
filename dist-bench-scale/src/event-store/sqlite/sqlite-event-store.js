"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SqliteEventStore = exports.EventIdConflictError = void 0;
const port_1 = require("../port");
const sqlite_append_1 = require("./sqlite-append");
const sqlite_schema_1 = require("./sqlite-schema");
const sqlite_subscription_1 = require("./sqlite-subscription");
var sqlite_append_2 = require("./sqlite-append");
Object.defineProperty(exports, "EventIdConflictError", { enumerable: true, get: function () { return sqlite_append_2.EventIdConflictError; } });
class SqliteEventStore {
    kind = 'sqlite';
    file;
    pollIntervalMs;
    /** Moves after every append committed through this instance (and on close): live subscriptions wake on it. */
    localAppends = new sqlite_subscription_1.ChangeSignal();
    db;
    statements;
    drops = 0;
    closed = false;
    constructor(options) {
        this.file = options.file;
        this.pollIntervalMs = options.pollIntervalMs ?? 100;
        this.db = (0, sqlite_schema_1.openEventDatabase)(options.file, options.busyTimeoutMs ?? 10_000);
        this.statements = (0, sqlite_schema_1.prepareEventStatements)(this.db);
    }
    async append(stream, events, expected) {
        this.assertOpen();
        const serialized = (0, sqlite_append_1.serializeEvents)(stream, events);
        const result = this.guard(() => {
            const createdAt = new Date().toISOString();
            return this.db
                .transaction(() => (0, sqlite_append_1.appendInTransaction)(this.statements, stream, serialized, expected, createdAt))
                .immediate();
        });
        if (events.length > 0)
            this.localAppends.notify();
        return result;
    }
    async readStream(stream, options) {
        this.assertOpen();
        const maxCount = validMaxCount(options.maxCount);
        const rows = this.guard(() => options.direction === 'backwards'
            ? this.statements.streamBackwards.all(stream, options.fromRevision ?? sqlite_schema_1.MAX_SQLITE_INTEGER, maxCount)
            : this.statements.streamForwards.all(stream, options.fromRevision ?? 0n, maxCount));
        return rows.map(sqlite_schema_1.toRecordedEvent);
    }
    async readAll(options) {
        this.assertOpen();
        const maxCount = validMaxCount(options.maxCount);
        const rows = this.guard(() => options.direction === 'backwards'
            ? this.statements.allBackwards.all(options.after?.commit ?? sqlite_schema_1.MAX_SQLITE_INTEGER, maxCount)
            : this.statements.allForwards.all(options.after?.commit ?? port_1.START.commit, maxCount));
        return rows.map(sqlite_schema_1.toRecordedEvent);
    }
    subscribeToAll(options) {
        this.assertOpen();
        return new sqlite_subscription_1.SqliteSubscription(this, options);
    }
    async headPosition() {
        this.assertOpen();
        const head = this.guard(() => this.headSequence());
        return head < 0n ? port_1.START : (0, sqlite_schema_1.positionOf)(head);
    }
    async ping() {
        this.assertOpen();
        this.guard(() => this.statements.ping.get());
    }
    async close() {
        if (this.closed)
            return;
        this.closed = true;
        this.localAppends.notify(); // live subscriptions wake, see the store closed and end
        this.db.close();
    }
    /** Test hook: every subscription of this store fails its next read and goes through its resume path. */
    simulateDrop() {
        this.drops++;
        this.localAppends.notify();
    }
    get dropGeneration() {
        return this.drops;
    }
    get isClosed() {
        return this.closed;
    }
    /** One forwards page of the global log, synchronously and without error mapping (subscriptions retry themselves). */
    readPageAfter(after, maxCount) {
        this.assertOpen();
        return this.statements.allForwards.all(after.commit, maxCount).map(sqlite_schema_1.toRecordedEvent);
    }
    headSequence() {
        this.assertOpen();
        return this.statements.headSequence() ?? -1n;
    }
    assertOpen() {
        if (this.closed)
            throw new port_1.EventStoreUnavailableError(`The event store ${this.file} is closed`);
    }
    /** Runs a statement, turning "the file is locked / full / failing" into EventStoreUnavailableError. */
    guard(run) {
        try {
            return run();
        }
        catch (error) {
            if ((0, sqlite_schema_1.isUnavailabilitySqliteError)(error)) {
                throw new port_1.EventStoreUnavailableError(`The event store ${this.file} is unavailable: ${error.message}`, error);
            }
            throw error;
        }
    }
}
exports.SqliteEventStore = SqliteEventStore;
function validMaxCount(maxCount) {
    if (!Number.isSafeInteger(maxCount) || maxCount < 0)
        throw new RangeError(`maxCount must be a non-negative integer, got ${maxCount}`);
    return maxCount;
}
//# sourceMappingURL=sqlite-event-store.js.map