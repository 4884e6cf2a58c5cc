"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ActionRunner = void 0;
const api_host_1 = require("../api/api-host");
const cache_session_1 = require("../cache/cache-session");
const tenant_view_1 = require("../sandbox/tenant-view");
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
        let cacheMs = 0;
        // Loaded only if the action touches api.cache (the sandbox waits for it then), not before every action.
        const session = cache_session_1.CacheSession.lazy(async () => {
            const loadStarted = performance.now();
            const entries = await this.bounded(this.cache.load(req.cacheScope, Date.now())).catch(() => undefined);
            cacheMs += performance.now() - loadStarted;
            return entries;
        }, this.limits, Date.now);
        const host = new api_host_1.ActionApiHost(req.triggerId, req.actionName, req.flow, session, req.budget);
        const outcome = await this.sandbox.run({
            isolationKey: req.isolationKey, contextKey: req.contextKey, actionName: req.actionName, artifact: req.artifact, handler: req.handler, host,
            deadline: req.deadline, event: { ...req.flow.event, secrets: req.secrets }, redact: (0, tenant_view_1.redactorOf)(req.secrets), logBudget: req.budget,
        });
        if (session.touched) {
            const flushStarted = performance.now();
            await this.flush(req.cacheScope, session.pendingChanges());
            cacheMs += performance.now() - flushStarted;
        }
        if (session.lookups.hits + session.lookups.misses > 0)
            this.onCacheLookups?.(session.lookups.hits, session.lookups.misses);
        // a refused command shows in the record even when the action caught the TypeError
        if (host.refused)
            outcome.logs.push(`[limit] ${host.refused.first}${host.refused.count > 1 ? ` (${host.refused.count} calls refused)` : ''}`);
        return { outcome, commands: host.commands, ...(host.stop ? { stop: host.stop } : {}), cacheMs };
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
//# sourceMappingURL=action-runner.js.map