'use strict';
/**
 * A minimal `process`: no environment (`env` is empty), no exit, no streams to the host. `nextTick` queues a
 * microtask; `hrtime` and `uptime` read the isolate's clock.
 */
const EventEmitter = require('events');

const NODE_VERSION = 'v22.11.0';
const started = Date.now();

function hrtime(previous) {
  const now = performance.now();
  let sec = Math.floor(now / 1000);
  let ns = Math.floor((now % 1000) * 1e6);
  if (previous) {
    sec -= previous[0];
    ns -= previous[1];
    if (ns < 0) {
      sec--;
      ns += 1e9;
    }
  }
  return [sec, ns];
}
hrtime.bigint = () => BigInt(Math.floor(performance.now() * 1e6));

const process = new EventEmitter();
Object.assign(process, {
  title: 'node',
  version: NODE_VERSION,
  versions: { node: NODE_VERSION.slice(1), v8: '12.4.254.21-node.21', uv: '1.48.0', modules: '127', openssl: '3.0.15' },
  platform: 'linux',
  arch: 'x64',
  release: { name: 'node', lts: 'Jod' },
  env: {},
  argv: ['/usr/local/bin/node'],
  argv0: 'node',
  execArgv: [],
  execPath: '/usr/local/bin/node',
  pid: 1,
  ppid: 0,
  exitCode: undefined,
  browser: false,
  features: {},
  config: { variables: {} },
  nextTick(callback, ...args) {
    if (typeof callback !== 'function') {
      const e = new TypeError('The "callback" argument must be of type function');
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    queueMicrotask(() => Reflect.apply(callback, undefined, args));
  },
  hrtime,
  uptime: () => (Date.now() - started) / 1000,
  cwd: () => '/',
  chdir: () => {
    throw new Error('process.chdir is not available in actions');
  },
  umask: () => 0o22,
  exit: (code) => {
    throw new Error(
      'process.exit(' +
        (code === undefined ? '' : code) +
        ') is not available in actions: return from the handler instead',
    );
  },
  abort: () => {
    throw new Error('process.abort is not available in actions');
  },
  kill: () => {
    throw new Error('process.kill is not available in actions');
  },
  memoryUsage: Object.assign(() => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }), {
    rss: () => 0,
  }),
  cpuUsage: () => ({ user: 0, system: 0 }),
  resourceUsage: () => ({}),
  emitWarning: (warning) => {
    console.warn(
      typeof warning === 'string'
        ? 'Warning: ' + warning
        : String(warning && warning.stack ? warning.name + ': ' + warning.message : warning),
    );
  },
  binding: () => {
    throw new Error('process.binding is not available in actions');
  },
  getuid: () => 1000,
  getgid: () => 1000,
  geteuid: () => 1000,
  getegid: () => 1000,
  stdout: {
    write: (s) => {
      console.log(String(s).replace(/\n$/, ''));
      return true;
    },
    isTTY: false,
    fd: 1,
  },
  stderr: {
    write: (s) => {
      console.error(String(s).replace(/\n$/, ''));
      return true;
    },
    isTTY: false,
    fd: 2,
  },
});

// Libraries tell Node apart by Object.prototype.toString.call(process) === '[object process]' (axios 0.x).
Object.defineProperty(process, Symbol.toStringTag, { value: 'process', configurable: true });

module.exports = process;
