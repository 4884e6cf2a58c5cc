"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SqliteSubscription = exports.ChangeSignal = exports.SimulatedDropError = exports.SUBSCRIPTION_PAGE_SIZE = void 0;
const sqlite_schema_1 = require("./sqlite-schema");
exports.SUBSCRIPTION_PAGE_SIZE = 500;
const FIRST_RETRY_DELAY_MS = 20;
const MAX_RETRY_DELAY_MS = 1000;
/** Thrown by a subscription's read after SqliteEventStore.simulateDrop(); handled like a lost connection. */
class SimulatedDropError extends Error {
    name = 'SimulatedDropError';
    constructor() {
        super('subscription dropped (simulated)');
    }
}
exports.SimulatedDropError = SimulatedDropError;
/** A version number that waiters can await: "has anything been appended here since I last looked?" */
class ChangeSignal {
    version = 0;
    waiters = new Set();
    get current() {
        return this.version;
    }
    notify() {
        this.version++;
        for (const wake of [...this.waiters])
            wake();
    }
    /** Resolves when the version moves past `seen`, after `timeoutMs`, or when `signal` aborts, whichever is first. */
    wait(seen, timeoutMs, signal) {
        if (this.version !== seen || signal.aborted)
            return Promise.resolve();
        return new Promise((resolve) => {
            const wake = () => {
                clearTimeout(timer);
                this.waiters.delete(wake);
                signal.removeEventListener('abort', wake);
                resolve();
            };
            const timer = setTimeout(wake, timeoutMs);
            this.waiters.add(wake);
            signal.addEventListener('abort', wake, { once: true });
        });
    }
}
exports.ChangeSignal = ChangeSignal;
class SqliteSubscription {
    source;
    abort = new AbortController();
    types;
    /** The position of the last event handled (delivered or filtered out): the next read starts strictly after it. */
    position;
    seenDrops;
    constructor(source, options) {
        this.source = source;
        this.position = options.after;
        this.types = options.eventTypes ? new Set(options.eventTypes) : undefined;
        this.seenDrops = source.dropGeneration;
    }
    async stop() {
        this.abort.abort();
    }
    get finished() {
        return this.abort.signal.aborted || this.source.isClosed;
    }
    async *[Symbol.asyncIterator]() {
        let failures = 0;
        while (!this.finished) {
            const seenAppends = this.source.localAppends.current; // taken before reading, so no wake-up is missed
            let page;
            try {
                page = this.readNextPage();
                failures = 0;
            }
            catch (error) {
                if (this.finished)
                    return;
                if (!(error instanceof SimulatedDropError) && !(0, sqlite_schema_1.isTransientSqliteError)(error))
                    throw error;
                await this.sleep(Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** failures++));
                continue; // resume strictly after this.position
            }
            for (const event of page) {
                if (this.finished)
                    return;
                this.position = event.position;
                if (!this.types || this.types.has(event.type))
                    yield event;
            }
            if (page.length < exports.SUBSCRIPTION_PAGE_SIZE)
                await this.waitForNewEvents(seenAppends);
        }
    }
    readNextPage() {
        if (this.source.dropGeneration !== this.seenDrops) {
            this.seenDrops = this.source.dropGeneration;
            throw new SimulatedDropError();
        }
        return this.source.readPageAfter(this.position, exports.SUBSCRIPTION_PAGE_SIZE);
    }
    /** Returns on a local append, a simulated drop, stop/close, or when a poll sees the head move past us. */
    async waitForNewEvents(seenAppends) {
        for (;;) {
            if (this.finished || this.source.dropGeneration !== this.seenDrops)
                return;
            if (this.source.localAppends.current !== seenAppends)
                return;
            await this.source.localAppends.wait(seenAppends, this.source.pollIntervalMs, this.abort.signal);
            if (this.finished || this.source.localAppends.current !== seenAppends)
                return;
            try {
                if (this.source.headSequence() > this.position.commit)
                    return; // another process appended
            }
            catch {
                return; // let the read path meet the failure and go through its retry
            }
        }
    }
    /** Waits before a retry; a local append, close or stop() cuts the wait short. */
    sleep(ms) {
        return this.source.localAppends.wait(this.source.localAppends.current, ms, this.abort.signal);
    }
}
exports.SqliteSubscription = SqliteSubscription;
//# sourceMappingURL=sqlite-subscription.js.map