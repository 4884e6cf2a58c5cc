/**
 * Source run once in every new context, before the action's module. It takes the host bridges off the global object
 * (user code cannot reach them), keeps private copies of JSON, installs a console that reports through the host, and
 * defines a non-writable `__invoke(handler, eventJson, methodsJson)` which, for EACH invocation, parses a fresh event,
 * builds a fresh frozen `api` from the method list, runs the handler and reports the outcome as JSON.
 * A context belongs to one deployed version of one tenant; it is reused by that version's later executions (one at
 * a time), like a warm container: module-level state persists, nothing is shared with other versions or tenants.
 */
export const BOOTSTRAP_SOURCE = `
(() => {
  'use strict';
  const hostCall = globalThis.__hostCall;
  const hostLog = globalThis.__hostLog;
  delete globalThis.__hostCall;
  delete globalThis.__hostLog;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const freeze = Object.freeze;
  const values = Object.values;
  const defineProperty = Object.defineProperty;
  const isError = (e) => e instanceof Error;

  const clean = (k, v) => (v === undefined ? null : typeof v === 'function' || typeof v === 'symbol' ? undefined : typeof v === 'bigint' ? String(v) : v);
  const deepFreeze = (o) => { freeze(o); for (const v of values(o)) if ((typeof v === 'object' && v !== null) || typeof v === 'function') deepFreeze(v); return o; };

  const buildApi = (methods) => {
    const api = {};
    for (const path of methods) {
      const parts = path.split('.');
      let node = api;
      for (let i = 0; i < parts.length - 1; i++) node = node[parts[i]] || (node[parts[i]] = {});
      node[parts[parts.length - 1]] = function (...args) {
        let json;
        try { json = stringify(args, clean); } catch (e) { throw new TypeError('api.' + path + ': arguments must be JSON-serialisable'); }
        const reply = parse(hostCall(path, json === undefined ? '[]' : json));
        if (reply.error !== undefined) throw new TypeError(reply.error);
        return reply.chain ? api : reply.value === null ? undefined : reply.value;
      };
    }
    return deepFreeze(api);
  };

  const format = (v) => {
    if (typeof v === 'string') return v;
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') return String(v);
    if (isError(v)) return v.stack || String(v);
    try { const s = stringify(v, clean); return s === undefined ? String(v) : s; } catch (e) { try { return String(v); } catch (e2) { return '[unprintable]'; } }
  };
  const line = (level) => (...args) => { hostLog(level, args.map(format).join(' ')); };
  const consoleObject = freeze({ log: line('log'), info: line('info'), warn: line('warn'), error: line('error'), debug: line('debug') });
  defineProperty(globalThis, 'console', { value: consoleObject, writable: false, configurable: false, enumerable: false });

  const describe = (e) => {
    try {
      if (isError(e)) return { name: String(e.name), message: String(e.message), stack: String(e.stack || '') };
      if (e === null || e === undefined) return { name: 'Error', message: String(e), stack: '' };
      if (typeof e === 'object') return { name: 'Error', message: stringify(e, clean) || String(e), stack: '' };
      return { name: 'Error', message: String(e), stack: '' };
    } catch (inner) {
      return { name: 'Error', message: 'a value that cannot be described was thrown', stack: '' };
    }
  };

  const module = { exports: {} };
  defineProperty(globalThis, '__module', { value: module, writable: false, configurable: false, enumerable: false });
  defineProperty(globalThis, 'require', { value: (name) => { throw new Error("Cannot find module '" + name + "'"); }, writable: false, configurable: false, enumerable: false });
  const apis = new Map();
  defineProperty(globalThis, '__invoke', {
    value: async (handler, eventJson, methodsJson) => {
      try {
        let api = apis.get(methodsJson);
        if (!api) apis.set(methodsJson, (api = buildApi(parse(methodsJson))));
        const fn = module.exports && module.exports[handler];
        if (typeof fn !== 'function') return stringify({ error: { name: 'Error', message: 'The action does not export ' + handler, stack: '' } });
        await fn(parse(eventJson), api);
        return '{}';
      } catch (e) {
        return stringify({ error: describe(e) });
      }
    },
    writable: false, configurable: false, enumerable: false,
  });
})();
`;

/** Wraps CommonJS code (an artifact) so it runs against the context's `module` and `require`. */
export function wrapModule(code: string): string {
  return `(function (exports, module, require) {\n${code}\n})(globalThis.__module.exports, globalThis.__module, globalThis.require);`;
}
