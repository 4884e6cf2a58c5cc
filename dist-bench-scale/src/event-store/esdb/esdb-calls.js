"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CallDeadlineError = void 0;
exports.isTransient = isTransient;
exports.toPortError = toPortError;
exports.withDeadline = withDeadline;
exports.readToEnd = readToEnd;
exports.backoffDelay = backoffDelay;
exports.retryTransient = retryTransient;
exports.sleep = sleep;
/**
 * How every call to EventStoreDB is bounded and retried.
 *
 * Deadlines: @eventstore/db-client 6.x gives reads and subscriptions no gRPC deadline at all (it passes Infinity),
 * and a BatchAppend (the path it takes against servers since 21.10) only tells the server its deadline: if no answer
 * comes back, the client's promise never settles. So the adapter keeps its own clock on every call.
 *
 * Retries: a transient failure (unavailable, deadline exceeded, cancelled by the server, not the leader) is retried
 * with capped exponential backoff and jitter. After UNAVAILABLE the client drops its channel and opens a new one on
 * the next call, which is the reconnect. Reads are safe to repeat; appends are repeated as the identical request
 * (same event ids, same expected revision), which the server treats as idempotent (see EsdbEventStore.append).
 */
const db_client_1 = require("@eventstore/db-client");
const port_1 = require("../port");
/** A call the adapter gave up waiting for. Its outcome is unknown (an append may still land). */
class CallDeadlineError extends Error {
    name = 'CallDeadlineError';
    constructor(what, ms) {
        super(`EventStoreDB did not answer "${what}" within ${ms} ms`);
    }
}
exports.CallDeadlineError = CallDeadlineError;
const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;
const TRANSIENT_TYPES = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'cancelled', 'not-leader']);
/** Failures worth another try: the server was unreachable, too slow, or asked the client to go elsewhere. */
function isTransient(error) {
    if (error instanceof CallDeadlineError)
        return true;
    if (!(error instanceof Error))
        return false;
    if ((0, db_client_1.isCommandError)(error))
        return TRANSIENT_TYPES.has(error.type);
    const code = error.code;
    return code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED || code === GRPC_CANCELLED;
}
/** Transient failures become the port's EventStoreUnavailableError; anything else is passed on unchanged. */
function toPortError(error, what) {
    if (!isTransient(error))
        return error;
    return new port_1.EventStoreUnavailableError(`EventStoreDB unavailable (${what}): ${error.message}`, error);
}
/** Settles with `work`, or fails with CallDeadlineError after `ms`; a late outcome of `work` is then ignored. */
function withDeadline(work, ms, what) {
    work.catch(() => undefined);
    let timer;
    const expiry = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new CallDeadlineError(what, ms)), ms);
    });
    return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}
/** Reads a bounded read to its end, cancelling the gRPC call if it takes longer than `ms`. */
async function readToEnd(read, ms, what) {
    const timer = setTimeout(() => {
        void read.cancel().catch(() => undefined);
        read.destroy(new CallDeadlineError(what, ms));
    }, ms);
    try {
        const items = [];
        for await (const item of read)
            items.push(item);
        return items;
    }
    finally {
        clearTimeout(timer);
    }
}
/** Exponential backoff with jitter: between half and all of base * 2^(attempt-1), capped. */
function backoffDelay(attempt, policy) {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
/** Runs `call`, retrying transient failures per `policy`; the last failure is rethrown as it was. */
async function retryTransient(call, policy, onRetry) {
    for (let attempt = 1;; attempt++) {
        try {
            return await call();
        }
        catch (error) {
            if (!isTransient(error) || attempt >= policy.attempts)
                throw error;
            const delayMs = backoffDelay(attempt, policy);
            onRetry(error, attempt, delayMs);
            await sleep(delayMs);
        }
    }
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
//# sourceMappingURL=esdb-calls.js.map