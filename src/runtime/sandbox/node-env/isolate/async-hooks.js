'use strict';
/** `async_hooks`: AsyncLocalStorage without propagation across awaits (run() scopes synchronously), AsyncResource. */
class AsyncLocalStorage {
  constructor() {
    this._store = undefined;
    this._enabled = false;
  }
  getStore() {
    return this._enabled ? this._store : undefined;
  }
  run(store, callback, ...args) {
    const prev = this._store;
    const was = this._enabled;
    this._store = store;
    this._enabled = true;
    try {
      return callback(...args);
    } finally {
      this._store = prev;
      this._enabled = was;
    }
  }
  enterWith(store) {
    this._store = store;
    this._enabled = true;
  }
  exit(callback, ...args) {
    const prev = this._store;
    this._store = undefined;
    try {
      return callback(...args);
    } finally {
      this._store = prev;
    }
  }
  disable() {
    this._enabled = false;
    this._store = undefined;
  }
  static bind(fn) {
    return fn;
  }
  static snapshot() {
    return (fn, ...args) => fn(...args);
  }
}
class AsyncResource {
  constructor(type) {
    this.type = type;
  }
  runInAsyncScope(fn, thisArg, ...args) {
    return Reflect.apply(fn, thisArg, args);
  }
  emitDestroy() {
    return this;
  }
  bind(fn) {
    return fn.bind(this);
  }
  static bind(fn) {
    return fn;
  }
  asyncId() {
    return 1;
  }
  triggerAsyncId() {
    return 0;
  }
}
module.exports = {
  AsyncLocalStorage,
  AsyncResource,
  createHook: () => ({
    enable() {
      return this;
    },
    disable() {
      return this;
    },
  }),
  executionAsyncId: () => 1,
  triggerAsyncId: () => 0,
  executionAsyncResource: () => ({}),
};
