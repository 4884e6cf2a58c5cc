"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.NodeHostSession = void 0;
exports.compileNodeEnv = compileNodeEnv;
exports.installNodeEnv = installNodeEnv;
exports.settlerFor = settlerFor;
/**
 * The host side of the isolate's Node environment: the two callbacks a context's environment is created with,
 * and the per-execution session they route to. Synchronous operations (crypto, the clock) answer at once;
 * asynchronous ones (timers, outbound HTTP, slow key derivation) answer later through the environment's `settle`
 * function. Everything that crosses is copied (bytes, strings, plain JSON): no host object reaches the isolate.
 * When the execution ends, the session cancels what is still pending and nothing settles into a later run.
 */
const nodeUrl = __importStar(require("node:url"));
const zlib = __importStar(require("node:zlib"));
const isolated_vm_1 = __importDefault(require("isolated-vm"));
const host_crypto_1 = require("./host-crypto");
const bundle_1 = require("./bundle");
/** Timers and requests one execution may have pending at once. */
const MAX_PENDING = 1000;
function errorReply(e) {
    const err = e;
    return { error: { name: String(err?.name ?? 'Error'), message: String(err?.message ?? e), ...(err?.code ? { code: String(err.code) } : {}) } };
}
const URL_FIELDS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
function urlState(u) {
    const out = {};
    for (const f of URL_FIELDS)
        out[f] = u[f];
    return out;
}
/** No one-shot zlib result is larger than this (a decompression bomb stops here). */
const ZLIB_MAX_OUTPUT = 32 * 1024 * 1024;
const ZLIB_ONE_SHOT = ['gzip', 'gunzip', 'deflate', 'inflate', 'deflateRaw', 'inflateRaw', 'unzip', 'brotliCompress', 'brotliDecompress'];
function zlibSync(name, data, options) {
    if (!ZLIB_ONE_SHOT.includes(name))
        throw new Error(`unknown zlib function ${name}`);
    const safe = {};
    for (const [k, v] of Object.entries(options ?? {}))
        if (typeof v === 'number' || typeof v === 'boolean')
            safe[k] = v;
    safe.maxOutputLength = Math.min(Number(safe.maxOutputLength) || ZLIB_MAX_OUTPUT, ZLIB_MAX_OUTPUT);
    const fn = zlib[`${name}Sync`];
    const out = fn(Buffer.from(data.buffer, data.byteOffset, data.byteLength), safe);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
/** Operations that need no execution: URL parsing, zlib one-shots and crypto. */
function statelessSync(op, args) {
    switch (op) {
        case 'url.parse': {
            const input = String(args[0]);
            if (input.length > 65536)
                return null;
            try {
                return urlState(args.length > 1 ? new URL(input, String(args[1])) : new URL(input));
            }
            catch {
                return null;
            }
        }
        case 'url.set': {
            const u = new URL(String(args[0]));
            const field = String(args[1]);
            if (!URL_FIELDS.includes(field) || field === 'origin' || field === 'href')
                return null;
            u[field] = String(args[2]);
            return urlState(u);
        }
        case 'zlib':
            return zlibSync(String(args[0]), args[1], args[2]);
        case 'url.domainToASCII':
            return nodeUrl.domainToASCII(String(args[0]));
        case 'url.domainToUnicode':
            return nodeUrl.domainToUnicode(String(args[0]));
        default:
            return (0, host_crypto_1.cryptoSync)(op, args);
    }
}
class NodeHostSession {
    deadline;
    settle;
    egress;
    nextId = 1;
    closed = false;
    pending = new Map();
    origin = performance.now();
    constructor(deadline, settle, egress) {
        this.deadline = deadline;
        this.settle = settle;
        this.egress = egress;
    }
    sync(op, args) {
        try {
            if (op === 'now')
                return { value: performance.now() - this.origin };
            if (op === 'cancel') {
                const id = Number(args[0]);
                this.pending.get(id)?.();
                this.pending.delete(id);
                return { value: null };
            }
            return { value: statelessSync(op, args) };
        }
        catch (e) {
            return errorReply(e);
        }
    }
    async(op, args) {
        if (this.closed)
            return errorReply(new Error('the execution is over'));
        if (this.pending.size >= MAX_PENDING)
            return errorReply(new Error(`more than ${MAX_PENDING} timers and requests pending in one execution`));
        const id = this.nextId++;
        if (op === 'timer') {
            const ms = Math.max(0, Number(args[0]) || 0);
            // A timer that would fire after the deadline never fires: the execution ends before it.
            if (Date.now() + ms < this.deadline) {
                const timer = setTimeout(() => this.finish(id, undefined, null), ms);
                this.pending.set(id, () => clearTimeout(timer));
            }
            else
                this.pending.set(id, () => undefined);
            return { id };
        }
        let work;
        if (op === 'http.request') {
            if (!this.egress)
                return errorReply(new Error('outbound requests are not available here (only while an action executes)'));
            const controllerless = this.egress.request(args[0]);
            work = controllerless;
        }
        else if (op.startsWith('crypto.')) {
            work = (0, host_crypto_1.cryptoAsync)(op, args);
        }
        else {
            return errorReply(new Error(`unknown operation ${op}`));
        }
        this.pending.set(id, () => undefined);
        work.then((v) => this.finish(id, undefined, v), (e) => this.finish(id, errorReply(e).error, undefined));
        return { id };
    }
    finish(id, error, value) {
        if (this.closed || !this.pending.delete(id))
            return;
        this.settle(id, error ?? null, value ?? null);
    }
    /** The execution is over: timers cleared, requests aborted, nothing settles any more. */
    close() {
        this.closed = true;
        for (const cancel of this.pending.values())
            cancel();
        this.pending.clear();
        this.egress?.close();
    }
}
exports.NodeHostSession = NodeHostSession;
/** V8's code cache of the environment script, made by the first isolate that compiles it (saves most of a compile). */
let codeCache;
/** The compiled environment script of one isolate (compiled once, run in each of its contexts). */
function compileNodeEnv(isolate) {
    if (codeCache) {
        const script = isolate.compileScriptSync((0, bundle_1.nodeEnvSource)(), { filename: 'node-env.js', cachedData: codeCache });
        if (!script.cachedDataRejected)
            return script;
    }
    const script = isolate.compileScriptSync((0, bundle_1.nodeEnvSource)(), { filename: 'node-env.js', produceCachedData: true });
    if (script.cachedData)
        codeCache = script.cachedData;
    return script;
}
/**
 * Runs the environment script in a new context and creates the environment with callbacks that route to whatever
 * session `current()` returns (the execution holding the context), or answer that nothing is executing.
 */
async function installNodeEnv(script, context, current, timeoutMs) {
    const factory = (await script.run(context, { reference: true, timeout: timeoutMs }));
    const nodeSync = new isolated_vm_1.default.Callback((op, args) => {
        const session = current();
        if (session)
            return session.sync(String(op), args);
        if (op === 'now')
            return { value: 0 };
        if (op === 'cancel')
            return { value: null };
        try {
            return { value: statelessSync(String(op), args) };
        }
        catch (e) {
            return errorReply(e);
        }
    });
    const nodeAsync = new isolated_vm_1.default.Callback((op, args) => {
        const session = current();
        if (session)
            return session.async(String(op), args);
        // Not executing (loading the module): the operation never completes.
        return { id: 0 };
    });
    try {
        const env = (await factory.apply(undefined, [nodeSync, nodeAsync], { result: { reference: true }, timeout: timeoutMs }));
        const settle = (await env.get('settle', { reference: true }));
        return { env, settle };
    }
    finally {
        factory.release();
    }
}
/** A settle function for a session: copies the outcome into the context, ignoring a context already gone. */
function settlerFor(settle) {
    return (id, error, value) => {
        settle.apply(undefined, [id, error, value], { arguments: { copy: true } }).catch(() => undefined);
    };
}
//# sourceMappingURL=host-bridge.js.map