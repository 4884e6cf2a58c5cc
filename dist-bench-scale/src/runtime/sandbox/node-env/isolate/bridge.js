'use strict';
/**
 * The only two doors to the host, kept in this module's closure (user code never sees them):
 * `sync(op, args)` runs a host operation and returns its result (copied in: strings, numbers, plain objects,
 * Uint8Arrays); `async(op, args)` starts one and returns a promise the host settles later through `settle`.
 * Pending operations belong to the current run: `endRun` forgets them, so nothing started by one execution ever
 * calls back into a later one.
 */
const PromiseType = Promise;
const MapType = Map;
const ErrorType = Error;
let hostSync;
let hostAsync;
let run = 0;
const pending = new MapType();
function install(syncCallback, asyncCallback) {
    hostSync = syncCallback;
    hostAsync = asyncCallback;
}
function toError(e) {
    const error = new ErrorType(String(e && e.message ? e.message : e));
    if (e && e.name)
        error.name = String(e.name);
    if (e && e.code)
        error.code = String(e.code);
    return error;
}
function sync(op, args) {
    const reply = hostSync(op, args === undefined ? [] : args);
    if (reply && reply.error)
        throw toError(reply.error);
    return reply ? reply.value : undefined;
}
function async(op, args, onId) {
    return new PromiseType((resolve, reject) => {
        const reply = hostAsync(op, args === undefined ? [] : args);
        if (reply && reply.error)
            return reject(toError(reply.error));
        pending.set(reply.id, { resolve, reject, run });
        if (onId)
            onId(reply.id);
    });
}
/** Drops a pending operation (its promise never settles) and tells the host to stop it. */
function cancel(id) {
    if (!pending.delete(id))
        return;
    hostSync('cancel', [id]);
}
/** Called by the host (never by user code): the outcome of an async operation. */
function settle(id, error, value) {
    const p = pending.get(id);
    if (!p)
        return;
    pending.delete(id);
    if (p.run !== run)
        return;
    if (error)
        p.reject(toError(error));
    else
        p.resolve(value);
}
const endRunHooks = [];
/** Modules with per-run state (timers) register here when they load; a run that loaded none pays nothing. */
function onEndRun(hook) {
    endRunHooks.push(hook);
}
/** Forgets what is still pending (its host side has been cancelled); the next run starts clean. */
function endRun() {
    if (pending.size)
        pending.clear();
    run++;
    for (let i = 0; i < endRunHooks.length; i++)
        endRunHooks[i]();
}
function currentRun() {
    return run;
}
module.exports = { install, sync, async, cancel, settle, endRun, onEndRun, currentRun };
//# sourceMappingURL=bridge.js.map