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
export const BOOTSTRAP_SOURCE = `
(function bootstrap(hostCall, hostLog, methodsJson, lineMax, nodeEnv) {
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
  const buildApi = (paths) => {
    const api = {};
    for (const path of paths) {
      const parts = path.split('.');
      let node = api;
      for (let i = 0; i < parts.length - 1; i++) node = node[parts[i]] || (node[parts[i]] = {});
      node[parts[parts.length - 1]] = function (...args) {
        let json;
        try { json = stringify(argumentsOf(args), clean); } catch (e) { throw new TypeErrorType('api.' + path + ': the arguments must be JSON-serialisable'); }
        const reply = parse(hostCall(path, json === undefined ? '[]' : json));
        if (reply.error !== undefined) throw new TypeErrorType(reply.error);
        return reply.chain ? currentApi : reply.value === null ? undefined : reply.value;
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

  return {
    load: (moduleFunction) => { apply(moduleFunction, module.exports, [module.exports, module, require]); },
    exportType: (name) => typeof handlerOf(name),
    invoke: async (handler, eventJson) => {
      try {
        const fn = handlerOf(handler);
        if (typeof fn !== 'function') {
          return stringify({ error: { name: 'Error', message: 'The action does not export ' + handler + ' (exports.' + handler + ' = async (event, api) => { ... })', stack: '' } });
        }
        const event = parse(eventJson);
        if (event !== null && typeof event === 'object' && typeof event.secrets === 'object' && event.secrets !== null && !isArray(event.secrets)) freeze(event.secrets);
        currentApi = apiFor();
        await apply(fn, undefined, [event, currentApi]);
        return '{}';
      } catch (e) {
        return stringify({ error: describe(e) });
      } finally {
        endRun();
      }
    },
  };
})`;

/** Line offset to compile a wrapped module with, so errors give the line numbers of the action's own code. */
export const WRAPPER_LINES = -1;

/** Wraps CommonJS code (an artifact) into a function expression the bootstrap's `load` calls. */
export function wrapModule(code: string): string {
  return `(function (exports, module, require) {\n${code}\n})`;
}
