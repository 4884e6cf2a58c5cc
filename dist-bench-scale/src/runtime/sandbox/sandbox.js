"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Sandbox = void 0;
exports.egressFromConfig = egressFromConfig;
const isolate_pool_1 = require("./isolate-pool");
const isolate_loss_1 = require("./isolate-loss");
const log_collector_1 = require("./log-collector");
const tenant_view_1 = require("./tenant-view");
const egress_client_1 = require("../egress/egress-client");
const egress_policy_1 = require("../egress/egress-policy");
const bundle_1 = require("./node-env/bundle");
const host_bridge_1 = require("./node-env/host-bridge");
const DEFAULTS = { maxIsolates: 256, idleContextsPerIsolate: 32, idleContextsPerVersion: 4, scriptsPerIsolate: 64 };
/** The sandbox's egress settings from the service configuration. */
function egressFromConfig(c) {
    return {
        policy: new egress_policy_1.EgressPolicy({ allow: c.allow, deny: c.deny }),
        limits: { ...egress_client_1.DEFAULT_EGRESS_LIMITS, maxRequests: c.maxRequests, maxResponseBytes: c.maxResponseBytes, maxConcurrent: c.maxConcurrent },
    };
}
class Sandbox {
    options;
    pool;
    egress;
    constructor(options) {
        this.options = options;
        const { onIsolateLost, egress, ...limits } = options;
        this.egress = egress ?? { policy: new egress_policy_1.EgressPolicy(), limits: egress_client_1.DEFAULT_EGRESS_LIMITS };
        (0, bundle_1.nodeEnvSource)(); // bundled now (once per process), not during the first execution
        this.pool = new isolate_pool_1.IsolatePool({ ...DEFAULTS, ...stripUndefined(limits), memoryLimitMb: options.memoryLimitMb }, onIsolateLost);
    }
    async run(req) {
        const redact = req.redact ?? ((text) => text);
        const logs = new log_collector_1.LogCollector(this.options.logLineMax, this.options.logLinesMax, redact, req.logBudget);
        const file = actionFile(req.actionName);
        const started = performance.now();
        let tenant;
        try {
            tenant = this.pool.acquire(req.isolationKey);
        }
        catch (e) {
            if (!(e instanceof isolate_loss_1.QuarantinedError))
                throw e;
            return { error: { name: 'Error', message: e.message, stack: '', kind: 'platform_error' }, logs: [], bootMs: 0, runMs: 0 };
        }
        tenant.busy++;
        let warm;
        let bootMs = 0;
        let timer;
        let node;
        const outcome = (error) => ({ ...(error ? { error: { ...(0, tenant_view_1.tenantError)(error, file, redact), kind: error.kind } } : {}), logs: logs.lines(), bootMs, runMs: Math.max(0, performance.now() - started - bootMs) });
        try {
            const key = `${req.contextKey}:${req.host.triggerId}`;
            warm = tenant.take(key) ?? (await tenant.guard(tenant.createContext(key, req.artifact, req.host.sandboxMethods(), this.options.logLineMax, remaining(req), file)));
            const settle = warm.settle;
            const session = () => (node ??= new host_bridge_1.NodeHostSession(req.deadline, (0, host_bridge_1.settlerFor)(settle), new egress_client_1.EgressSession(this.egress.policy, this.egress.limits, req.deadline, (line) => logs.add('info', line))));
            warm.current = { host: req.host, logs, node: session };
            bootMs = performance.now() - started;
            const timeout = remaining(req);
            const deadline = new Promise((resolve) => { timer = setTimeout(() => resolve('deadline'), timeout); });
            const invocation = warm.invoke.apply(undefined, [req.handler, JSON.stringify(req.event), req.host.commandBytesLeft()], { timeout, result: { promise: true } });
            const result = await tenant.guard(Promise.race([invocation, deadline]));
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
            node?.close();
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
        const limit = e instanceof isolate_loss_1.IsolateLostError ? 'memory' : (0, isolate_pool_1.limitHit)(e);
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
/** The file name an action's module is compiled under: the only file its errors' stacks may name. */
function actionFile(actionName) {
    return `action:${actionName}`;
}
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