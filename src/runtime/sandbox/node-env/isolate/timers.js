'use strict';
/**
 * Node's timers over the host's clock: a timer is a host sleep the host settles (never past the execution's
 * deadline; pending timers are dropped when the execution ends, so none fires into a later execution).
 * Return values are isolate objects (Timeout / Immediate) with Node's ref/unref/hasRef/refresh/close.
 */
const bridge = require('./bridge');

let nextNumber = 1;
const active = new Map();

class Timeout {
  constructor(callback, delay, args, repeat) {
    this._callback = callback;
    this._delay = delay;
    this._args = args;
    this._repeat = repeat;
    this._number = nextNumber++;
    this._hostId = undefined;
    this._ref = true;
    this._destroyed = false;
    active.set(this._number, this);
    this._arm();
  }
  _arm() {
    const run = bridge.currentRun();
    bridge
      .async('timer', [this._delay], (id) => {
        this._hostId = id;
      })
      .then(
        () => {
          if (this._destroyed || run !== bridge.currentRun()) return;
          if (!this._repeat) this._clear();
          else this._arm();
          try {
            Reflect.apply(this._callback, undefined, this._args);
          } catch (e) {
            // Node would crash the process; here the execution goes on and the error shows in its logs.
            console.error('Uncaught exception in a timer callback: ' + (e && e.stack ? e.stack : String(e)));
          }
        },
        () => this._clear(),
      );
  }
  _clear() {
    this._destroyed = true;
    active.delete(this._number);
    if (this._hostId !== undefined) bridge.cancel(this._hostId);
  }
  ref() {
    this._ref = true;
    return this;
  }
  unref() {
    this._ref = false;
    return this;
  }
  hasRef() {
    return this._ref;
  }
  refresh() {
    if (this._destroyed) return this;
    if (this._hostId !== undefined) bridge.cancel(this._hostId);
    this._arm();
    return this;
  }
  close() {
    this._clear();
    return this;
  }
  [Symbol.toPrimitive]() {
    return this._number;
  }
}

class Immediate extends Timeout {}

function delayOf(ms) {
  const n = Number(ms);
  return n >= 1 && n <= 2147483647 ? n : 1;
}

function check(callback) {
  if (typeof callback !== 'function') {
    const e = new TypeError(
      'The "callback" argument must be of type function. Received ' + (callback === null ? 'null' : typeof callback),
    );
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
}

function setTimeout(callback, ms, ...args) {
  check(callback);
  return new Timeout(callback, delayOf(ms), args, false);
}
function setInterval(callback, ms, ...args) {
  check(callback);
  return new Timeout(callback, delayOf(ms), args, true);
}
function setImmediate(callback, ...args) {
  check(callback);
  return new Immediate(callback, 0, args, false);
}
function clear(t) {
  if (t instanceof Timeout) return t._clear();
  if (typeof t === 'number' || typeof t === 'string') {
    const found = active.get(Number(t));
    if (found) found._clear();
  }
}

/** Called when an execution ends: every timer it left is gone. */
function clearAll() {
  if (active.size === 0) return;
  for (const t of active.values()) t._destroyed = true;
  active.clear();
}
bridge.onEndRun(clearAll);

const promises = {
  setTimeout: (ms, value, options) =>
    new Promise((resolve, reject) => {
      const signal = options && options.signal;
      if (signal && signal.aborted) return reject(abortError(signal));
      const t = setTimeout(() => resolve(value), ms);
      if (signal)
        signal.addEventListener(
          'abort',
          () => {
            clear(t);
            reject(abortError(signal));
          },
          { once: true },
        );
    }),
  setImmediate: (value) => new Promise((resolve) => setImmediate(() => resolve(value))),
  setInterval: async function* (ms, value) {
    for (;;) {
      await promises.setTimeout(ms);
      yield value;
    }
  },
  scheduler: {
    wait: (ms, options) => promises.setTimeout(ms, undefined, options),
    yield: () => promises.setImmediate(),
  },
};

for (const [fn, promised] of [
  [setTimeout, promises.setTimeout],
  [setImmediate, promises.setImmediate],
]) {
  fn[require('util/').promisify.custom] = promised;
  fn[Symbol.for('nodejs.util.promisify.custom')] = promised;
}

function abortError(signal) {
  const e = new Error('The operation was aborted', { cause: signal.reason });
  e.name = 'AbortError';
  e.code = 'ABORT_ERR';
  return e;
}

module.exports = {
  setTimeout,
  setInterval,
  setImmediate,
  clearTimeout: clear,
  clearInterval: clear,
  clearImmediate: clear,
  clearAll,
  promises,
  Timeout,
  Immediate,
};
