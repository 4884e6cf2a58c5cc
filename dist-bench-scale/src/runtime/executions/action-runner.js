"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ActionRunner = void 0;
exports.redactSecrets = redactSecrets;
const api_host_1 = require("../api/api-host");
const cache_session_1 = require("../cache/cache-session");
const REDACTED = '[redacted]';
/** Shorter secret values are not scrubbed: they would mangle ordinary text and hide nothing. */
const MIN_REDACTED_LENGTH = 4;
class ActionRunner {
    sandbox;
    cache;
    limits;
    onCacheLookups;
    constructor(sandbox, cache, limits, onCacheLookups) {
        this.sandbox = sandbox;
        this.cache = cache;
        this.limits = limits;
        this.onCacheLookups = onCacheLookups;
    }
    async run(req) {
        const loadStarted = performance.now();
        const entries = await this.bounded(this.cache.load(req.cacheScope, Date.now())).catch(() => undefined);
        const session = new cache_session_1.CacheSession(entries, this.limits, Date.now);
        let cacheMs = performance.now() - loadStarted;
        const host = new api_host_1.ActionApiHost(req.triggerId, req.actionName, req.flow, session);
        const outcome = await this.sandbox.run({
            isolationKey: req.isolationKey, actionName: req.actionName, artifact: req.artifact, handler: req.handler, host,
            deadline: req.deadline, event: { ...req.flow.event, secrets: req.secrets },
        });
        const flushStarted = performance.now();
        await this.flush(req.cacheScope, session.pendingChanges());
        cacheMs += performance.now() - flushStarted;
        if (session.lookups.hits + session.lookups.misses > 0)
            this.onCacheLookups?.(session.lookups.hits, session.lookups.misses);
        return { outcome: redactOutcome(outcome, req.secrets), commands: host.commands, ...(host.stop ? { stop: host.stop } : {}), cacheMs };
    }
    async flush(scope, changes) {
        if (changes.length === 0)
            return;
        await this.bounded(this.cache.flush(scope, changes, Date.now())).catch(() => undefined);
    }
    /** A store call that has not answered within the bound counts as failed (the store's own timeout is the first line). */
    bounded(call) {
        let timer;
        const bound = this.limits.operationTimeoutMs * 2;
        const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`cache store did not answer within ${bound} ms`)), bound); });
        call.catch(() => undefined);
        return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
    }
}
exports.ActionRunner = ActionRunner;
/** Replaces every secret value (of at least 4 characters) in the text with a marker. */
function redactSecrets(text, secrets) {
    const values = Object.values(secrets).filter((v) => typeof v === 'string' && v.length >= MIN_REDACTED_LENGTH).sort((a, b) => b.length - a.length);
    let out = text;
    for (const v of values)
        if (out.includes(v))
            out = out.split(v).join(REDACTED);
    return out;
}
function redactOutcome(outcome, secrets) {
    if (Object.keys(secrets).length === 0)
        return outcome;
    const scrub = (s) => redactSecrets(s, secrets);
    return {
        ...outcome,
        logs: outcome.logs.map(scrub),
        ...(outcome.error ? { error: { ...outcome.error, message: scrub(outcome.error.message), stack: scrub(outcome.error.stack) } } : {}),
    };
}
//# sourceMappingURL=action-runner.js.map