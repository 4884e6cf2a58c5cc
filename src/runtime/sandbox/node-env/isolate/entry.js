'use strict';
/**
 * The Node environment of an action's context. This bundle runs once per context (compiled once per isolate);
 * it evaluates to a factory the host calls with its two bridges. The factory defines Node's web globals on the
 * context's global object as lazy accessors (a global costs nothing until first used), and returns, to the host
 * only, `require` (Node's built-in modules, or a clear refusal), `settle` (the host's answers to async
 * operations) and `endRun` (drops everything an execution left pending: timers, requests).
 */
const bridge = require('./bridge');

const refusedReason = {
  fs: 'file system access is not allowed',
  'fs/promises': 'file system access is not allowed',
  child_process: 'actions cannot start processes',
  cluster: 'actions cannot start processes',
  worker_threads: 'actions cannot start threads',
  net: 'raw sockets are not allowed (use fetch or https)',
  tls: 'raw sockets are not allowed (use fetch or https)',
  dgram: 'raw sockets are not allowed',
  http2: 'use fetch or https',
  dns: 'name resolution happens on the host (use fetch or https)',
  'dns/promises': 'name resolution happens on the host (use fetch or https)',
  vm: 'actions already run in a sandbox',
  v8: 'engine internals are not exposed',
  inspector: 'engine internals are not exposed',
  module: 'the module system is not exposed',
  repl: 'no terminal',
  readline: 'no terminal',
  wasi: 'not available',
  trace_events: 'not available',
  sqlite: 'not available',
  test: 'not available',
};

const loaders = {
  buffer: () => require('./buffer'),
  crypto: () => require('./crypto'),
  util: () => require('./util'),
  'util/types': () => require('./util').types,
  url: () => require('./url'),
  querystring: () => require('querystring-es3'),
  events: () => require('events/'),
  stream: () => require('./stream'),
  'stream/promises': () => require('./stream').promises,
  'stream/web': () => require('./web-streams'),
  string_decoder: () => require('string_decoder/'),
  path: () => require('./path'),
  'path/posix': () => require('./path'),
  assert: () => require('./assert'),
  'assert/strict': () => require('./assert').strict,
  timers: () => publicTimers(),
  'timers/promises': () => require('./timers').promises,
  zlib: () => require('./zlib'),
  os: () => require('./os'),
  http: () => require('./http').http,
  https: () => require('./http').https,
  process: () => require('./process'),
  perf_hooks: () => ({
    performance: globalThis.performance,
    PerformanceObserver: class PerformanceObserver {
      observe() {}
      disconnect() {}
    },
  }),
  punycode: () => require('punycode/'),
  async_hooks: () => require('./async-hooks'),
  diagnostics_channel: () => require('./diagnostics-channel'),
  constants: () => ({}),
  // No terminal: isatty() is false (debug, supports-color and the like ask), the stream classes are refused.
  tty: () => {
    const noTerminal = function () {
      const e = new Error("The module 'tty' has no terminal in actions");
      e.code = 'ERR_ACTIONS_MODULE_REFUSED';
      throw e;
    };
    return { isatty: () => false, ReadStream: noTerminal, WriteStream: noTerminal };
  },
};

function publicTimers() {
  const t = require('./timers');
  return {
    setTimeout: t.setTimeout,
    setInterval: t.setInterval,
    setImmediate: t.setImmediate,
    clearTimeout: t.clearTimeout,
    clearInterval: t.clearInterval,
    clearImmediate: t.clearImmediate,
    promises: t.promises,
  };
}

function refusedModule(name, reason, promiseApi) {
  const message = "The module '" + name + "' is not available in actions: " + reason;
  const error = (member) => {
    const e = new Error(message + ' (' + name + '.' + member + ')');
    e.code = 'ERR_ACTIONS_MODULE_REFUSED';
    return e;
  };
  // Promise APIs (fs/promises, fs.promises, dns/promises) reject; everything else throws when called.
  const fail = (member) =>
    promiseApi
      ? function refused() {
          return Promise.reject(error(member));
        }
      : function refused() {
          throw error(member);
        };
  const target = {};
  if (name === 'fs' || name === 'dns') target.promises = refusedModule(name + '.promises', reason, true);
  if (name === 'net') {
    const ip = (s) =>
      /^(\d{1,3}\.){3}\d{1,3}$/.test(s) && s.split('.').every((p) => Number(p) < 256)
        ? 4
        : /^[0-9a-f:.]+$/i.test(s) && s.includes(':')
          ? 6
          : 0;
    Object.assign(target, { isIP: ip, isIPv4: (s) => ip(s) === 4, isIPv6: (s) => ip(s) === 6 });
  }
  return new Proxy(target, {
    get(t, key) {
      if (typeof key === 'symbol' || key === 'then' || key === '__esModule') return undefined;
      if (key in t) return t[key];
      return fail(key);
    },
  });
}

const cache = new Map();

function nodeRequire(specifier) {
  const raw = String(specifier);
  const name = raw.startsWith('node:') ? raw.slice(5) : raw;
  if (cache.has(name)) return cache.get(name);
  let value;
  if (Object.prototype.hasOwnProperty.call(loaders, name)) value = loaders[name]();
  else if (Object.prototype.hasOwnProperty.call(refusedReason, name))
    value = refusedModule(name, refusedReason[name], name.endsWith('/promises'));
  else {
    const e = new Error("Cannot find module '" + raw + "'");
    e.code = 'MODULE_NOT_FOUND';
    throw e;
  }
  cache.set(name, value);
  return value;
}

/** Global name → how to make it (run on first access, then the global is a plain writable property). */
const globals = {
  global: () => globalThis,
  process: () => require('./process'),
  Buffer: () => require('./buffer').Buffer,
  URL: () => require('./whatwg-url').URL,
  URLSearchParams: () => require('./whatwg-url').URLSearchParams,
  TextEncoder: () => require('./text').TextEncoder,
  TextDecoder: () => require('./text').TextDecoder,
  atob: () => require('./text').atob,
  btoa: () => require('./text').btoa,
  structuredClone: () => require('./clone').structuredClone,
  DOMException: () => require('./web-events').DOMException,
  Event: () => require('./web-events').Event,
  CustomEvent: () => require('./web-events').CustomEvent,
  EventTarget: () => require('./web-events').EventTarget,
  AbortController: () => require('./web-events').AbortController,
  AbortSignal: () => require('./web-events').AbortSignal,
  setTimeout: () => require('./timers').setTimeout,
  setInterval: () => require('./timers').setInterval,
  setImmediate: () => require('./timers').setImmediate,
  clearTimeout: () => require('./timers').clearTimeout,
  clearInterval: () => require('./timers').clearInterval,
  clearImmediate: () => require('./timers').clearImmediate,
  queueMicrotask: () => queueMicrotask,
  fetch: () => require('./fetch').fetch,
  Request: () => require('./fetch').Request,
  Response: () => require('./fetch').Response,
  Headers: () => require('./fetch').Headers,
  FormData: () => require('./fetch').FormData,
  Blob: () => require('./buffer').Blob,
  File: () => require('./buffer').File,
  ReadableStream: () => require('./web-streams').ReadableStream,
  crypto: () => require('./crypto').webcrypto,
  Crypto: () => require('./crypto').Crypto,
  CryptoKey: () => require('./crypto').CryptoKey,
  SubtleCrypto: () => require('./crypto').SubtleCrypto,
  performance: () => performance,
  navigator: () =>
    Object.freeze({
      hardwareConcurrency: 1,
      language: 'en-US',
      languages: ['en-US'],
      platform: 'linux',
      userAgent: 'Node.js/22',
    }),
};

function queueMicrotask(callback) {
  if (typeof callback !== 'function') {
    const e = new TypeError('The "callback" argument must be of type function');
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  Promise.resolve().then(() => callback());
}

const performance = {
  timeOrigin: 0, // set when the context's environment is created (this module is evaluated in a heap snapshot)
  now: () => bridge.sync('now'),
  mark: () => undefined,
  measure: () => undefined,
  clearMarks: () => undefined,
  clearMeasures: () => undefined,
  getEntries: () => [],
  getEntriesByName: () => [],
  getEntriesByType: () => [],
  toJSON() {
    return { timeOrigin: this.timeOrigin };
  },
};

function defineGlobals() {
  for (const name of Object.keys(globals)) {
    const make = globals[name];
    const settle = (value) => {
      Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
      return value;
    };
    Object.defineProperty(globalThis, name, {
      configurable: true,
      enumerable: false,
      get: () => settle(make()),
      set: settle,
    });
  }
}

module.exports = function nodeEnv(hostSync, hostAsync) {
  bridge.install(hostSync, hostAsync);
  performance.timeOrigin = Date.now();
  defineGlobals();
  return {
    require: nodeRequire,
    settle: bridge.settle,
    endRun: bridge.endRun,
  };
};
