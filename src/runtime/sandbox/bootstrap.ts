/**
 * Source run once in every new context, before the action's module. It evaluates to a factory the host calls with
 * its two bridges (`hostCall`, `hostLog`), the trigger's api method paths and the log line bound; the factory
 * returns `{ load, invoke, exportType }` to the host only. Nothing of the host is ever put on the global object:
 * user code sees `console`, standard JavaScript, and (through its module wrapper) `exports`, `module`, `require`.
 * `nodeEnv` is the context's Node environment (node-env/isolate/entry.js): it has already put the web globals on
 * the global object; its `require` serves the built-in modules and `endRun` drops what an execution left pending.
 * The bootstrap keeps private copies of the builtins it relies on, so an action that replaces JSON.parse,
 * Reflect.apply or Object.freeze in its own context cannot change how `api` or the results behave.
 * A context belongs to one deployed version of one tenant; it is reused by that version's later executions (one
 * at a time), like a warm container: module-level state persists, nothing is shared with other versions, other
 * actions or other tenants. `api`'s methods are built once per context, deep-frozen, and routed by the host to
 * whichever execution currently holds the context; each execution gets a fresh, extensible `api` over them.
 */
/**
 * The sandbox's copy of api-spec.ts's argument checks (checkArguments, describe and the parameter tests by name), as
 * source for the bootstrap. It only uses the bootstrap's private copies of builtins (no prototype method a user
 * could replace). test/runtime/deferred-calls.spec.ts holds it to the host's answers, message for message.
 */
export const ARGUMENT_CHECKS = `
  const isObj = (v) => typeof v === 'object' && v !== null && !isArray(v);
  const allOf = (xs, test) => { for (let i = 0; i < xs.length; i++) if (!test(xs[i])) return false; return true; };
  const within = (xs, v) => { for (let i = 0; i < xs.length; i++) if (xs[i] === v) return true; return false; };
  const checks = {
    text: (v) => typeof v === 'string' && v.length > 0,
    string: (v) => typeof v === 'string',
    any: () => true,
    object: isObj,
    boolean: (v) => typeof v === 'boolean',
    number: (v) => typeof v === 'number' && isFiniteNumber(v),
    epochMs: (v) => typeof v === 'number' && isFiniteNumber(v) && v > 0,
    primitive: (v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
    oneOf: (v, x) => typeof v === 'string' && within(x.values, v),
    strings: (v) => isArray(v) && allOf(v, (s) => typeof s === 'string'),
    factor: (v) => isObj(v) && typeof v.type === 'string' && v.type.length > 0,
    factors: (v) => isArray(v) && v.length > 0 && allOf(v, (f) => isObj(f) && typeof f.type === 'string'),
  };
  const describeValue = (v) => {
    if (v === null) return 'null';
    if (isArray(v)) return 'an array';
    if (typeof v === 'string') return v.length > 40 ? 'a string of ' + v.length + ' characters' : stringify(v);
    return typeof v === 'object' ? 'an object' : typeof v + ' ' + StringOf(v);
  };
  // A method as the checks read it: own properties only, fixed before any user code runs (no prototype can add any).
  const checkedForm = (m) => {
    const params = [];
    let signature = 'api.' + m.path + '(';
    for (let i = 0; i < m.params.length; i++) {
      const x = m.params[i];
      params[i] = { name: StringOf(x.name), optional: x.optional === true, expected: StringOf(x.expected), check: StringOf(x.check), values: isArray(x.values) ? x.values : [] };
      signature += (i > 0 ? ', ' : '') + (params[i].optional ? '[' + params[i].name + ']' : params[i].name);
    }
    return { path: StringOf(m.path), params, signature: signature + ')' };
  };
  const checkArguments = (m, args) => {
    const signature = m.signature;
    for (let i = 0; i < m.params.length; i++) {
      const x = m.params[i];
      const value = args[i];
      const absent = i >= args.length || value === null || value === undefined;
      if (absent && x.optional) continue;
      if (i >= args.length) return signature + ': missing argument "' + x.name + '" (' + x.expected + ')';
      if (!checks[x.check](value, x)) return signature + ': "' + x.name + '" must be ' + x.expected + ', got ' + describeValue(value);
    }
    return undefined;
  };`;

export const BOOTSTRAP_SOURCE = `
(function bootstrap(hostCall, hostLog, methodsJson, lineMax, nodeEnv, cacheLoad) {
  'use strict';
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const freeze = Object.freeze;
  const isFrozen = Object.isFrozen;
  const values = Object.values;
  const defineProperty = Object.defineProperty;
  const apply = Reflect.apply;
  const ErrorType = Error;
  const TypeErrorType = TypeError;
  const StringOf = String;
  const isArray = Array.isArray;
  const keys = Object.keys;
  const isFiniteNumber = Number.isFinite;
  const promiseThen = Promise.prototype.then;
  const settled = Promise.resolve();
  const bind = Function.prototype.bind;

  const clean = (k, v) => (v === undefined ? null : typeof v === 'function' || typeof v === 'symbol' ? undefined : typeof v === 'bigint' ? StringOf(v) : v);
  const deepFreeze = (o) => {
    freeze(o);
    for (const v of values(o)) if (((typeof v === 'object' && v !== null) || typeof v === 'function') && !isFrozen(v)) deepFreeze(v);
    return o;
  };

  // An Error passed where the api expects a string (api.access.deny(err)) stands for its message, as in Auth0.
  const argumentsOf = (args) => {
    const out = [];
    for (let i = 0; i < args.length; i++) out[i] = args[i] instanceof ErrorType ? StringOf(args[i].message) : args[i];
    return out;
  };
  let currentApi;
  // Calls answered here (DeferredMethod): checked like the host checks them, recorded as [path, argsJson, ...] and
  // handed over with the result, or before the next call the host answers, so the isolate does not wait for the
  // main thread per call. Only within the command budget the run was given (counted here in UTF-8 bytes, at most
  // 3 per character); past it, or for anything else, the host answers.
  let deferred = [];
  let active = false;
  let cacheLoaded = false;
  let budgetLeft = 0;
  // Whether the run may be followed by the next bound action in the same call (chain-dispatch.ts): it asked the host
  // nothing and recorded only pure commands, so nothing later actions see has changed.
  let hostCalls = 0;
  let impure = false;
  let failed = false;
  // In a chain: the results of the chain's earlier actions, handed to the host with this run's first host call, so
  // the host has applied their commands before it answers (the budget is theirs first).
  let prior;
  // A run on the host's own thread (sync-runs.ts) may not wait for the host: the first thing that would (a host
  // call, api.cache's load) gives the run up instead, and the host runs it again on the isolate's thread. Nothing
  // reached the host by then, so running it again changes nothing the host sees.
  let syncOnly = false;
  let bailed = false;
  const giveUp = (what) => { bailed = true; throw new ErrorType(what + ' needs the host: this run goes on its own thread'); };
  const MAX_DEFERRED = 2000;
  const takeDeferred = () => { const out = deferred; deferred = []; return out; };
  const utf8Bytes = (s) => {
    let n = s.length;
    for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); if (c > 0x7f) n += c > 0x7ff && (c < 0xd800 || c > 0xdfff) ? 2 : 1; }
    return n;
  };
  ${ARGUMENT_CHECKS}
  const callJson = (path, args) => {
    let json;
    try { json = stringify(argumentsOf(args), clean); } catch (e) { throw new TypeErrorType('api.' + path + ': the arguments must be JSON-serialisable'); }
    return json === undefined ? '[]' : json;
  };
  const viaHost = (path, json) => {
    if (syncOnly) giveUp('api.' + path);
    hostCalls++;
    const queued = deferred.length > 0 ? stringify(takeDeferred()) : '';
    const earlier = prior;
    prior = undefined;
    const reply = parse(earlier === undefined ? hostCall(path, json, queued) : hostCall(path, json, queued, earlier));
    if (reply.error !== undefined) throw new TypeErrorType(reply.error);
    return reply.chain ? currentApi : reply.value === null ? undefined : reply.value;
  };
  const flushDeferred = () => { if (deferred.length > 0) viaHost('', '[]'); };
  const buildApi = (methods) => {
    const api = {};
    for (const m of methods) {
      const path = typeof m === 'string' ? m : m.path;
      const parts = path.split('.');
      let node = api;
      for (let i = 0; i < parts.length - 1; i++) node = node[parts[i]] || (node[parts[i]] = {});
      const checked = typeof m === 'string' ? undefined : checkedForm(m);
      const isCache = typeof m === 'string' && path.slice(0, 6) === 'cache.';
      const pure = typeof m !== 'string' && m.pure === true;
      node[parts[parts.length - 1]] = checked === undefined ? function (...args) {
        const json = callJson(path, args);
        if (isCache && active && !cacheLoaded && cacheLoad !== undefined) {
          if (syncOnly) giveUp('api.' + path);
          cacheLoad.applySyncPromise(undefined, []); // the run's entries, loaded on first use (one round trip)
          cacheLoaded = true;
        }
        return viaHost(path, json);
      } : function (...args) {
        const json = callJson(path, args);
        if (!active) return viaHost(path, json); // outside a run: the host answers (and refuses)
        const problem = checkArguments(checked, parse(json));
        if (problem !== undefined) throw new TypeErrorType(problem);
        const bytes = utf8Bytes(json);
        if (bytes > budgetLeft) return viaHost(path, json); // the host applies the budget (and its exceptions)
        budgetLeft -= bytes;
        if (!pure) impure = true;
        deferred[deferred.length] = path;
        deferred[deferred.length] = json;
        if (deferred.length >= MAX_DEFERRED) flushDeferred();
        return currentApi;
      };
    }
    return deepFreeze(api);
  };
  const internals = buildApi(parse(methodsJson));
  // Each execution gets its own api object: extensible (an action may add helpers, api.noop = api.noop || fn), its
  // namespaces fixed and frozen (shared, so they can never be replaced or changed).
  const ownKeys = Reflect.ownKeys;
  const namespaces = keys(internals);
  const newApi = () => {
    const api = {};
    for (const name of namespaces) defineProperty(api, name, { value: internals[name], enumerable: true, writable: false, configurable: false });
    return api;
  };
  // An api nothing was added to is handed to the next execution as it is (it cannot have changed otherwise).
  const isExtensible = Object.isExtensible;
  const apiFor = () => (currentApi !== undefined && isExtensible(currentApi) && ownKeys(currentApi).length === namespaces.length ? currentApi : newApi());

  const format = (v) => {
    if (typeof v === 'string') return v;
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') return StringOf(v);
    if (v instanceof ErrorType) return StringOf(v.stack || v);
    try { const s = stringify(v, clean); return s === undefined ? StringOf(v) : s; } catch (e) { try { return StringOf(v); } catch (e2) { return '[unprintable]'; } }
  };
  const line = (level) => (...args) => {
    let text;
    try { text = args.map(format).join(' '); } catch (e) { text = '[unprintable]'; }
    hostLog(level, text.length > lineMax ? text.slice(0, lineMax) : text, text.length);
  };
  const consoleObject = freeze({ log: line('log'), info: line('info'), warn: line('warn'), error: line('error'), debug: line('debug') });
  defineProperty(globalThis, 'console', { value: consoleObject, writable: false, configurable: false, enumerable: false });

  const describe = (e) => {
    try {
      if (e instanceof ErrorType) return { name: StringOf(e.name), message: StringOf(e.message), stack: StringOf(e.stack || '') };
      if (e === null || e === undefined) return { name: 'Error', message: StringOf(e), stack: '' };
      if (typeof e === 'object') return { name: 'Error', message: stringify(e, clean) || StringOf(e), stack: '' };
      return { name: 'Error', message: StringOf(e), stack: '' };
    } catch (inner) {
      return { name: 'Error', message: 'a value that cannot be described was thrown', stack: '' };
    }
  };

  const module = { exports: {} };
  const nodeRequire = nodeEnv.require;
  const endRun = nodeEnv.endRun;
  const require = (name) => nodeRequire(name);
  const handlerOf = (name) => { const x = module.exports; return x === null || x === undefined ? undefined : x[name]; };

  const BAILED = '{"bailed":true}';
  const run = async (handler, eventJson, secretsJson, commandBytesLeft, earlierResults, sync) => {
    syncOnly = sync === true;
    bailed = false;
    prior = earlierResults;
    deferred = [];
    active = true;
    cacheLoaded = false;
    hostCalls = 0;
    impure = false;
    failed = true;
    budgetLeft = typeof commandBytesLeft === 'number' ? commandBytesLeft : 0;
    try {
      const fn = handlerOf(handler);
      if (typeof fn !== 'function') {
        return stringify({ error: { name: 'Error', message: 'The action does not export ' + handler + ' (exports.' + handler + ' = async (event, api) => { ... })', stack: '' } });
      }
      const event = parse(eventJson);
      const isEventObject = event !== null && typeof event === 'object' && !isArray(event);
      if (isEventObject && typeof secretsJson === 'string') event.secrets = parse(secretsJson);
      if (isEventObject && typeof event.secrets === 'object' && event.secrets !== null && !isArray(event.secrets)) freeze(event.secrets);
      currentApi = apiFor();
      await apply(fn, undefined, [event, currentApi]);
      active = false;
      failed = false;
      if (bailed) return BAILED;
      return deferred.length > 0 ? stringify({ deferred: takeDeferred() }) : '{}';
    } catch (e) {
      active = false;
      if (bailed) return BAILED;
      return stringify(deferred.length > 0 ? { error: describe(e), deferred: takeDeferred() } : { error: describe(e) });
    } finally {
      active = false;
      syncOnly = false;
      prior = undefined;
      endRun();
    }
  };

  return {
    load: (moduleFunction) => { apply(moduleFunction, module.exports, [module.exports, module, require]); },
    exportType: (name) => typeof handlerOf(name),
    // \`sync\`: called on the host's thread (sync-runs.ts), which cannot wait for a promise: the answer is a box the
    // result is put in when the run settles (microtasks run before the call returns; a run still pending then is
    // given up by the host).
    invoke: (handler, eventJson, commandBytesLeft, secretsJson, sync) => {
      const result = run(handler, eventJson, secretsJson, commandBytesLeft, undefined, sync);
      if (sync !== true) return result;
      const box = {};
      apply(promiseThen, result, [(text) => { box.result = text; }]);
      return box;
    },
    // One action of a chain run in one call (chain-dispatch.ts): the event without secrets (shared by the chain) and
    // this version's secrets, the earlier actions' results (or undefined); \`done\` gets the result, the command
    // budget left and whether the chain may go on.
    // The run starts in a microtask of this context, so this context is the one V8 holds responsible for what the
    // action does (the Function constructor, eval), not the dispatcher's that called in.
    invokeChained: (handler, eventJson, secretsJson, commandBytesLeft, earlierResults, done, sync) => {
      const start = apply(bind, run, [undefined, handler, eventJson, secretsJson, commandBytesLeft, earlierResults, sync]);
      const started = apply(promiseThen, settled, [start]);
      apply(promiseThen, started, [(result) => done(result, budgetLeft, !failed && !bailed && hostCalls === 0 && !impure)]);
    },
  };
})`;

/** Line offset to compile a wrapped module with, so errors give the line numbers of the action's own code. */
export const WRAPPER_LINES = -1;

/** Wraps CommonJS code (an artifact) into a function expression the bootstrap's `load` calls. */
export function wrapModule(code: string): string {
  return `(function (exports, module, require) {\n${code}\n})`;
}
