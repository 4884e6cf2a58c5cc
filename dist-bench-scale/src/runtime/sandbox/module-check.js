"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ModuleChecker = void 0;
/**
 * The build step's load check: runs a module's top level once, in a fresh context with the same bootstrap as the
 * sandbox, and answers what is wrong with it (undefined = it compiles, loads without throwing within the time
 * bound, and exports the trigger's handler as a function).
 *
 * Checks run in an isolate of the code's own tenant, kept warm between builds (a new isolate costs a few
 * milliseconds, most of a create or update) in an IsolatePool of their own, apart from the isolates that run live
 * executions: no tenant's code ever shares an isolate with another's, so one tenant's endless or memory-hungry top
 * level cannot delay or fail another tenant's build, nor its live executions. An isolate whose check hit the time
 * or memory limit is disposed; the next check of that tenant gets a fresh one.
 */
const isolated_vm_1 = __importDefault(require("isolated-vm"));
const bootstrap_1 = require("./bootstrap");
const isolate_loss_1 = require("./isolate-loss");
const isolate_pool_1 = require("./isolate-pool");
const host_bridge_1 = require("./node-env/host-bridge");
const CHECK_TIMEOUT_MS = 2000;
/** Tenants whose check isolate is kept warm (least recently used beyond that are disposed). */
const WARM_TENANTS = 64;
class ModuleChecker {
    memoryLimitMb;
    timeoutMs;
    pool;
    constructor(memoryLimitMb, timeoutMs = CHECK_TIMEOUT_MS) {
        this.memoryLimitMb = memoryLimitMb;
        this.timeoutMs = timeoutMs;
        // Checks never keep contexts or compiled scripts: only the isolates themselves are pooled.
        this.pool = new isolate_pool_1.IsolatePool({ memoryLimitMb, maxIsolates: WARM_TENANTS, idleContextsPerIsolate: 0, idleContextsPerVersion: 0, scriptsPerIsolate: 0 });
    }
    async check(tenantId, code, handler, retried = false) {
        let owned;
        try {
            owned = this.pool.acquire(tenantId);
        }
        catch (e) {
            if (e instanceof isolate_loss_1.QuarantinedError)
                return e.message;
            throw e;
        }
        owned.busy++;
        let context;
        try {
            const isolate = owned;
            const load = async () => {
                context = await isolate.newContext();
                const ignore = new isolated_vm_1.default.Callback(() => '{"value":null}');
                // The Node environment as in the sandbox, with no execution: timers and requests started at load never complete.
                const node = await (0, host_bridge_1.installNodeEnv)(isolate.nodeEnv, context, () => undefined, this.timeoutMs);
                node.settle.release();
                const factory = (await isolate.bootstrap.run(context, { reference: true }));
                const parts = (await factory.apply(undefined, [ignore, ignore, '[]', 256, node.env.derefInto()], { result: { reference: true } }));
                node.env.release();
                const script = await isolate.isolate.compileScript((0, bootstrap_1.wrapModule)(code), { filename: 'action.js', lineOffset: bootstrap_1.WRAPPER_LINES });
                const moduleFunction = (await script.run(context, { reference: true, timeout: this.timeoutMs }));
                const loader = (await parts.get('load', { reference: true }));
                await loader.apply(undefined, [moduleFunction.derefInto()], { timeout: this.timeoutMs });
                const exportType = (await parts.get('exportType', { reference: true }));
                const kind = (await exportType.apply(undefined, [handler], { timeout: this.timeoutMs }));
                script.release();
                return kind;
            };
            // a lost isolate (isolate-loss.ts) never settles its calls: the guard ends the check at once instead
            const kind = await owned.guard(load());
            if (kind !== 'function')
                return `The code must export the handler "${handler}" (exports.${handler} = async (event, api) => { … }).`;
            return undefined;
        }
        catch (e) {
            const error = e;
            const message = String(error?.message ?? e);
            const limit = e instanceof isolate_loss_1.IsolateLostError ? 'memory' : (0, isolate_pool_1.limitHit)(e);
            // Another check of this tenant hit a limit and disposed the isolate under this one: run again in a fresh one.
            if (!limit && owned.disposed && !retried)
                return this.check(tenantId, code, handler, true);
            if (limit || owned.disposed)
                this.pool.discard(tenantId, owned);
            if (limit === 'timeout')
                return `Loading the module did not finish within ${this.timeoutMs} ms.`;
            if (limit === 'memory' || owned.disposed)
                return `Loading the module exceeded the sandbox memory limit of ${this.memoryLimitMb} MB.`;
            return `${String(error?.name ?? 'Error')}: ${message}`;
        }
        finally {
            owned.busy--;
            if (context && !owned.disposed && !owned.lost)
                context.release();
        }
    }
    dispose() {
        this.pool.dispose();
    }
}
exports.ModuleChecker = ModuleChecker;
//# sourceMappingURL=module-check.js.map