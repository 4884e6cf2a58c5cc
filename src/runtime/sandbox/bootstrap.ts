/**
 * Source run first in every fresh context. It takes the host bridges off the global object (so user code cannot
 * reach them), keeps private copies of JSON, builds a frozen `api` from the method list, a bounded-by-the-host
 * `console`, and a non-writable `__invoke` that runs the handler and reports the outcome as JSON.
 */
export const BOOTSTRAP_SOURCE = `
(() => {
  'use strict';
  const hostCall = globalThis.__hostCall;
  const hostLog = globalThis.__hostLog;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const methods = parse(globalThis.__methods);
  const event = parse(globalThis.__eventJson);
  for (const k of ['__hostCall', '__hostLog', '__methods', '__eventJson']) delete globalThis[k];

  const clean = (k, v) => (v === undefined ? null : typeof v === 'function' || typeof v === 'symbol' ? undefined : typeof v === 'bigint' ? String(v) : v);
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
  const freeze = (o) => { Object.freeze(o); for (const v of Object.values(o)) if (typeof v === 'object' || typeof v === 'function') freeze(v); return o; };
  freeze(api);

  const format = (v) => {
    if (typeof v === 'string') return v;
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') return String(v);
    if (v instanceof Error) return v.stack || String(v);
    try { const s = stringify(v, clean); return s === undefined ? String(v) : s; } catch (e) { try { return String(v); } catch (e2) { return '[unprintable]'; } }
  };
  const line = (level) => (...args) => { hostLog(level, args.map(format).join(' ')); };
  globalThis.console = freeze({ log: line('log'), info: line('info'), warn: line('warn'), error: line('error'), debug: line('debug') });

  const describe = (e) => {
    try {
      if (e instanceof Error) return { name: String(e.name), message: String(e.message), stack: String(e.stack || '') };
      if (e === null || e === undefined) return { name: 'Error', message: String(e), stack: '' };
      if (typeof e === 'object') return { name: 'Error', message: stringify(e, clean) || String(e), stack: '' };
      return { name: 'Error', message: String(e), stack: '' };
    } catch (inner) {
      return { name: 'Error', message: 'a value that cannot be described was thrown', stack: '' };
    }
  };
  Object.defineProperty(globalThis, '__invoke', {
    value: async (handler) => {
      try {
        const fn = globalThis.__module && globalThis.__module.exports && globalThis.__module.exports[handler];
        if (typeof fn !== 'function') return stringify({ error: { name: 'Error', message: 'The action does not export ' + handler, stack: '' } });
        await fn(event, api);
        return '{}';
      } catch (e) {
        return stringify({ error: describe(e) });
      }
    },
    writable: false, configurable: false, enumerable: false,
  });
  const module = { exports: {} };
  Object.defineProperty(globalThis, '__module', { value: module, writable: false, configurable: false, enumerable: false });
  globalThis.require = (name) => { throw new Error("Cannot find module '" + name + "'"); };
})();
`;

/** Wraps CommonJS code (an artifact) so it runs against the context's `module` and `require`. */
export function wrapModule(code: string): string {
  return `(function (exports, module, require) {\n${code}\n})(globalThis.__module.exports, globalThis.__module, globalThis.require);`;
}

/** Lines before the user's code in the wrapper (to map stack line numbers back). */
export const WRAPPER_LINE_OFFSET = 1;
