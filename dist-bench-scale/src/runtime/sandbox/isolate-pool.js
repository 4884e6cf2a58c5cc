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
const context_hardening_1 = require("./context-hardening");
const isolate_loss_1 = require("./isolate-loss");
const host_bridge_1 = require("./node-env/host-bridge");
class TenantIsolate {
    limits;
    isolate;
    busy = 0;
    /** When a run last took this isolate (ms since the epoch). */
    lastUsed = Date.now();
    /** The bootstrap, compiled once per isolate (every context runs it first). */
    bootstrap;
    /** Run in every new context before any other code (context-hardening.ts). */
    hardening;
    /** The Node environment (globals and built-in modules), compiled once per isolate, run in every context right after the hardening. */
    nodeEnv;
    scripts = new Map();
    idle = new Map();
    idleCount = 0;
    /** Rejects with IsolateLostError when isolated-vm reports a catastrophic error in this isolate (isolate-loss.ts). */
    lostSignal;
    lost = false;
    constructor(limits, onLost = () => undefined) {
        this.limits = limits;
        let markLost = () => undefined;
        this.lostSignal = new Promise((_, reject) => { markLost = reject; });
        this.lostSignal.catch(() => undefined);
        this.isolate = new isolated_vm_1.default.Isolate({
            memoryLimit: limits.memoryLimitMb,
            onCatastrophicError: (message) => {
                this.lost = true;
                markLost(new isolate_loss_1.IsolateLostError(`Isolate lost: ${message}`));
                onLost();
            },
        });
        this.bootstrap = this.isolate.compileScriptSync(bootstrap_1.BOOTSTRAP_SOURCE, { filename: 'bootstrap.js' });
        this.hardening = this.isolate.compileScriptSync(context_hardening_1.HARDENING_SOURCE, { filename: 'hardening.js' });
        this.nodeEnv = (0, host_bridge_1.compileNodeEnv)(this.isolate);
    }
    /**
     * A new context, hardened before any other code runs in it (no WebAssembly, no resizable buffers, Intl
     * creations counted). `onIntlSoftLimit` is called once if the context's code creates many Intl objects.
     */
    async newContext(onIntlSoftLimit = () => undefined) {
        const context = await this.isolate.createContext();
        let harden;
        try {
            harden = (await this.hardening.run(context, { reference: true }));
            await harden.apply(undefined, [new isolated_vm_1.default.Callback(onIntlSoftLimit), context_hardening_1.INTL_SOFT_MAX, context_hardening_1.INTL_HARD_MAX]);
            return context;
        }
        catch (e) {
            if (!this.disposed)
                context.release();
            throw e;
        }
        finally {
            if (harden && !this.disposed)
                harden.release();
        }
    }
    get disposed() {
        return this.isolate.isDisposed;
    }
    /** The call's result, or IsolateLostError as soon as the isolate is lost (its pending calls never settle then). */
    guard(call) {
        if (this.lost)
            call.catch(() => undefined);
        return Promise.race([call, this.lostSignal]);
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
    /** Idle contexts are kept only while the isolate's heap is under half its cap (checked every 256 give-backs). */
    heapHigh = false;
    giveBacks = 0;
    checkHeap() {
        if (++this.giveBacks % 256 !== 0)
            return;
        this.isolate.getHeapStatistics().then((h) => { this.heapHigh = h.used_heap_size > (this.limits.memoryLimitMb * 1024 * 1024) / 2; }, () => undefined);
    }
    giveBack(warm) {
        warm.current = undefined;
        if (this.disposed || this.lost)
            return;
        if (warm.retire)
            return this.release(warm);
        this.checkHeap();
        if (this.heapHigh)
            return this.release(warm); // heavy modules: fewer warm contexts rather than hitting the cap
        const pool = this.idle.get(warm.key) ?? [];
        if (pool.length >= this.limits.idleContextsPerVersion)
            return this.release(warm);
        this.idle.delete(warm.key);
        this.idle.set(warm.key, [...pool, warm]);
        this.idleCount++;
        while (this.idleCount > this.limits.idleContextsPerIsolate) {
            // From the version keeping the most idle contexts (least recently used first among equals): with many bound
            // versions taking turns, evicting the least recently used version would drop the very contexts needed next.
            let victimKey;
            let victim;
            for (const [k, pool] of this.idle)
                if (!victim || pool.length > victim.length)
                    [victimKey, victim] = [k, pool];
            const evicted = victim.shift();
            if (victim.length === 0)
                this.idle.delete(victimKey);
            this.idleCount--;
            this.release(evicted);
        }
    }
    /** A context that is not reused (its run failed, or the pool is full). */
    release(warm) {
        warm.current = undefined;
        if (this.disposed || this.lost)
            return;
        warm.invoke.release();
        warm.settle.release();
        warm.context.release();
    }
    async createContext(key, artifact, methods, lineMax, timeoutMs, filename) {
        const script = await this.compiled(artifact, filename);
        const warm = { key, current: undefined };
        const context = await this.newContext(() => { warm.retire = true; });
        warm.context = context;
        // Neither bridge ever throws into the isolate: a host exception would carry host frames and paths with it.
        // `queued`: calls the sandbox recorded without waiting (JSON of [path, argsJson, ...]), applied first, in order;
        // path '' only hands those over.
        const hostCall = new isolated_vm_1.default.Callback((path, json, queued) => {
            try {
                const current = warm.current;
                if (!current)
                    return JSON.stringify({ error: 'api was called outside of an execution' });
                if (queued)
                    current.host.applyDeferred(JSON.parse(String(queued)));
                if (path === '')
                    return '{"value":null}';
                return JSON.stringify(current.host.callJson(String(path), String(json)));
            }
            catch {
                return JSON.stringify({ error: `api.${String(path).slice(0, 64)} could not be completed` });
            }
        });
        // api.cache's entries are loaded on the first cache call of a run: the sandbox blocks on this promise then.
        const cacheLoad = new isolated_vm_1.default.Reference(() => (warm.current ? warm.current.host.prepareCache() : Promise.resolve()));
        const hostLog = new isolated_vm_1.default.Callback((level, line, length) => {
            try {
                warm.current?.logs.add(level, line, length);
            }
            catch {
                // a line that cannot be kept is dropped
            }
        });
        const refs = [];
        try {
            const node = await (0, host_bridge_1.installNodeEnv)(this.nodeEnv, context, () => warm.current?.node(), timeoutMs);
            refs.push(node.env);
            warm.settle = node.settle;
            const factory = (await this.bootstrap.run(context, { reference: true, timeout: timeoutMs }));
            refs.push(factory);
            const parts = (await factory.apply(undefined, [hostCall, hostLog, JSON.stringify(methods), lineMax, node.env.derefInto(), cacheLoad], { result: { reference: true }, timeout: timeoutMs }));
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
            if (!this.disposed) {
                warm.settle?.release();
                context.release();
            }
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
        const script = await this.isolate.compileScript((0, bootstrap_1.wrapModule)(artifact.code), { filename, lineOffset: bootstrap_1.WRAPPER_LINES });
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
    onLost;
    isolates = new Map();
    quarantine = new isolate_loss_1.Quarantine();
    /** `onLost`: told when an isolate is lost (isolate-loss.ts), with its key and how many were lost so far. */
    constructor(limits, onLost) {
        this.limits = limits;
        this.onLost = onLost;
    }
    /**
     * The isolate of this key (a new one if it was never made or was disposed); most recently used last.
     * Throws QuarantinedError while the key is quarantined.
     */
    acquire(isolationKey, now = Date.now()) {
        this.quarantine.check(isolationKey, now);
        this.disposeIdleSince(now - exports.IDLE_ISOLATE_MS);
        let t = this.isolates.get(isolationKey);
        this.isolates.delete(isolationKey);
        if (!t || t.disposed || t.lost) {
            t = new TenantIsolate(this.limits, () => {
                this.quarantine.add(isolationKey);
                this.onLost?.(isolationKey, this.quarantine.lost);
            });
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