"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.IsolatePool = exports.IDLE_ISOLATE_MS = exports.TenantIsolate = void 0;
exports.limitHit = limitHit;
/**
 * Isolates and warm contexts. One memory-capped V8 isolate per isolation key (a tenant, or a tenant's draft
 * tests), so no object, prototype or global is ever shared between tenants, and a draft that blows up cannot reset
 * the tenant's live executions. Inside an isolate: compiled module scripts per artifact (compiled once, run in
 * every new context of that version) and a bounded pool of idle warm contexts per version (module loaded once).
 * Everything is LRU-bounded: isolates per process, idle contexts per isolate and per version, scripts per isolate.
 */
const isolated_vm_1 = __importDefault(require("isolated-vm"));
const bootstrap_1 = require("./bootstrap");
class TenantIsolate {
    limits;
    isolate;
    busy = 0;
    /** When a run last took this isolate (ms since the epoch). */
    lastUsed = Date.now();
    /** The bootstrap, compiled once per isolate (every context runs it first). */
    bootstrap;
    scripts = new Map();
    idle = new Map();
    idleCount = 0;
    constructor(limits) {
        this.limits = limits;
        this.isolate = new isolated_vm_1.default.Isolate({ memoryLimit: limits.memoryLimitMb });
        this.bootstrap = this.isolate.compileScriptSync(bootstrap_1.BOOTSTRAP_SOURCE, { filename: 'bootstrap.js' });
    }
    get disposed() {
        return this.isolate.isDisposed;
    }
    /** An idle warm context of this version, if any (the version becomes most recently used). */
    take(key) {
        const pool = this.idle.get(key);
        const warm = pool?.pop();
        if (!warm)
            return undefined;
        this.idleCount--;
        this.idle.delete(key);
        if (pool.length > 0)
            this.idle.set(key, pool);
        return warm;
    }
    giveBack(warm) {
        warm.current = undefined;
        if (this.disposed)
            return;
        const pool = this.idle.get(warm.key) ?? [];
        if (pool.length >= this.limits.idleContextsPerVersion)
            return this.release(warm);
        this.idle.delete(warm.key);
        this.idle.set(warm.key, [...pool, warm]);
        this.idleCount++;
        while (this.idleCount > this.limits.idleContextsPerIsolate) {
            const [oldestKey, oldest] = this.idle.entries().next().value;
            const evicted = oldest.shift();
            if (oldest.length === 0)
                this.idle.delete(oldestKey);
            this.idleCount--;
            this.release(evicted);
        }
    }
    /** A context that is not reused (its run failed, or the pool is full). */
    release(warm) {
        warm.current = undefined;
        if (this.disposed)
            return;
        warm.invoke.release();
        warm.context.release();
    }
    async createContext(key, artifact, methods, lineMax, timeoutMs, filename) {
        const script = await this.compiled(artifact, filename);
        const context = await this.isolate.createContext();
        const warm = { key, context, current: undefined };
        // `queued`: calls the sandbox recorded without waiting (JSON of [path, argsJson, ...]), applied first, in order.
        const hostCall = new isolated_vm_1.default.Callback((path, json, queued) => {
            const current = warm.current;
            if (!current)
                return JSON.stringify({ error: 'api was called outside of an execution' });
            if (queued)
                current.host.applyDeferred(JSON.parse(String(queued)));
            if (path === '')
                return '{"value":null}';
            return JSON.stringify(current.host.call(String(path), JSON.parse(String(json))));
        });
        const hostLog = new isolated_vm_1.default.Callback((level, line, length) => warm.current?.logs.add(level, line, length));
        const refs = [];
        try {
            const factory = (await this.bootstrap.run(context, { reference: true, timeout: timeoutMs }));
            refs.push(factory);
            const parts = (await factory.apply(undefined, [hostCall, hostLog, JSON.stringify(methods), lineMax], { result: { reference: true }, timeout: timeoutMs }));
            refs.push(parts);
            const load = (await parts.get('load', { reference: true }));
            refs.push(load);
            const moduleFunction = (await script.run(context, { reference: true, timeout: timeoutMs }));
            refs.push(moduleFunction);
            await load.apply(undefined, [moduleFunction.derefInto()], { timeout: timeoutMs });
            warm.invoke = (await parts.get('invoke', { reference: true }));
            return warm;
        }
        catch (e) {
            if (!this.disposed)
                context.release();
            throw e;
        }
        finally {
            if (!this.disposed)
                for (const r of refs)
                    r.release();
        }
    }
    /** The version's module, compiled once per isolate. */
    async compiled(artifact, filename) {
        const known = this.scripts.get(artifact.sha256);
        if (known) {
            this.scripts.delete(artifact.sha256);
            this.scripts.set(artifact.sha256, known);
            return known;
        }
        const script = await this.isolate.compileScript((0, bootstrap_1.wrapModule)(artifact.code), { filename });
        this.scripts.set(artifact.sha256, script);
        if (this.scripts.size > this.limits.scriptsPerIsolate) {
            const [oldestKey, oldest] = this.scripts.entries().next().value;
            this.scripts.delete(oldestKey);
            oldest.release();
        }
        return script;
    }
    dispose() {
        this.idle.clear();
        this.scripts.clear();
        this.idleCount = 0;
        if (!this.disposed)
            this.isolate.dispose();
    }
}
exports.TenantIsolate = TenantIsolate;
/** Which isolate limit an isolated-vm error reports: the time bound, the memory cap, or neither. */
function limitHit(error) {
    const message = String(error?.message ?? error);
    if (/memory limit/i.test(message))
        return 'memory';
    if (/timed out/i.test(message))
        return 'timeout';
    return undefined;
}
/** An isolate no run has used for this long is disposed (checked whenever a run takes an isolate). */
exports.IDLE_ISOLATE_MS = 10 * 60_000;
class IsolatePool {
    limits;
    isolates = new Map();
    constructor(limits) {
        this.limits = limits;
    }
    /** The isolate of this key (a new one if it was never made or was disposed); most recently used last. */
    acquire(isolationKey, now = Date.now()) {
        this.disposeIdleSince(now - exports.IDLE_ISOLATE_MS);
        let t = this.isolates.get(isolationKey);
        this.isolates.delete(isolationKey);
        if (!t || t.disposed) {
            t = new TenantIsolate(this.limits);
            this.evictIdleIsolates();
        }
        t.lastUsed = now;
        this.isolates.set(isolationKey, t);
        return t;
    }
    /**
     * Frees the isolates no run has taken since `cutoff` (a tenant that stopped logging in): memory goes back to the
     * process instead of waiting for the count bound. The map is in least-recently-used order, so it stops at the
     * first isolate used after the cutoff.
     */
    disposeIdleSince(cutoff) {
        for (const [key, t] of this.isolates) {
            if (t.lastUsed >= cutoff)
                return;
            if (t.busy === 0)
                this.discard(key, t);
        }
    }
    /** Disposes an isolate (deadline passed, memory cap hit): every context in it is gone; the next run gets a new one. */
    discard(isolationKey, t) {
        if (this.isolates.get(isolationKey) === t)
            this.isolates.delete(isolationKey);
        t.dispose();
    }
    size() {
        return this.isolates.size;
    }
    evictIdleIsolates() {
        for (const [key, t] of this.isolates) {
            if (this.isolates.size < this.limits.maxIsolates)
                return;
            if (t.busy === 0)
                this.discard(key, t);
        }
    }
    dispose() {
        for (const [key, t] of this.isolates)
            this.discard(key, t);
    }
}
exports.IsolatePool = IsolatePool;
//# sourceMappingURL=isolate-pool.js.map