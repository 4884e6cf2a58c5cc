"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Sandbox = void 0;
const isolate_pool_1 = require("./isolate-pool");
const log_collector_1 = require("./log-collector");
const DEFAULTS = { maxIsolates: 256, idleContextsPerIsolate: 32, idleContextsPerVersion: 4, scriptsPerIsolate: 64 };
class Sandbox {
    options;
    pool;
    constructor(options) {
        this.options = options;
        this.pool = new isolate_pool_1.IsolatePool({ ...DEFAULTS, ...stripUndefined(options), memoryLimitMb: options.memoryLimitMb });
    }
    async run(req) {
        const logs = new log_collector_1.LogCollector(this.options.logLineMax, this.options.logLinesMax);
        const started = performance.now();
        const tenant = this.pool.acquire(req.isolationKey);
        tenant.busy++;
        let warm;
        let bootMs = 0;
        let timer;
        const outcome = (error) => ({ ...(error ? { error } : {}), logs: logs.lines(), bootMs, runMs: Math.max(0, performance.now() - started - bootMs) });
        try {
            const key = `${req.artifact.sha256}:${req.host.triggerId}`;
            warm = tenant.take(key) ?? (await tenant.createContext(key, req.artifact, req.host.sandboxMethods(), this.options.logLineMax, remaining(req), `action:${req.actionName}`));
            warm.current = { host: req.host, logs };
            bootMs = performance.now() - started;
            const timeout = remaining(req);
            const deadline = new Promise((resolve) => { timer = setTimeout(() => resolve('deadline'), timeout); });
            const invocation = warm.invoke.apply(undefined, [req.handler, JSON.stringify(req.event)], { timeout, result: { promise: true } });
            const result = await Promise.race([invocation, deadline]);
            if (result === 'deadline') {
                invocation.catch(() => undefined);
                this.pool.discard(req.isolationKey, tenant);
                return outcome(timeoutError());
            }
            const parsed = JSON.parse(result);
            req.host.applyDeferred(parsed.deferred); // the calls the sandbox recorded without waiting, in order
            tenant.giveBack(warm);
            warm = undefined;
            return outcome(parsed.error ? { ...parsed.error, kind: 'action_error' } : undefined);
        }
        catch (e) {
            return outcome(this.classify(e, req, tenant));
        }
        finally {
            clearTimeout(timer);
            tenant.busy--;
            if (warm)
                tenant.release(warm); // a context whose run failed is not reused
        }
    }
    /** Isolates alive (for tests and metrics). */
    isolateCount() {
        return this.pool.size();
    }
    classify(e, req, tenant) {
        const error = e;
        const message = String(error?.message ?? e);
        const limit = (0, isolate_pool_1.limitHit)(e);
        if (limit === 'memory') {
            this.pool.discard(req.isolationKey, tenant);
            return { name: 'RangeError', message: `The action exceeded the sandbox memory limit of ${this.options.memoryLimitMb} MB`, stack: '', kind: 'action_error' };
        }
        if (limit === 'timeout')
            return timeoutError();
        if (tenant.disposed) {
            return { name: 'Error', message: 'The sandbox was reset while this action ran (another run in it hit a limit); retry', stack: '', kind: 'platform_error' };
        }
        return { name: String(error?.name ?? 'Error'), message, stack: String(error?.stack ?? ''), kind: 'action_error' };
    }
    dispose() {
        this.pool.dispose();
    }
}
exports.Sandbox = Sandbox;
function remaining(req) {
    return Math.max(1, Math.floor(req.deadline - Date.now()));
}
function timeoutError() {
    return { name: 'Error', message: 'The action did not finish within the execution time limit', stack: '', kind: 'action_timeout' };
}
function stripUndefined(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
//# sourceMappingURL=sandbox.js.map