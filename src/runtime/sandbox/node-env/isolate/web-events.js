'use strict';
/** DOMException, Event, EventTarget, AbortController and AbortSignal (abort, timeout, any), as Node has them. */

const NAMES = {
  IndexSizeError: 1,
  NotFoundError: 8,
  NotSupportedError: 9,
  InvalidStateError: 11,
  SyntaxError: 12,
  InvalidAccessError: 15,
  TypeMismatchError: 17,
  SecurityError: 18,
  NetworkError: 19,
  AbortError: 20,
  TimeoutError: 23,
  DataCloneError: 25,
  InvalidCharacterError: 5,
  OperationError: 0,
  DataError: 0,
};

class DOMException extends Error {
  constructor(message = '', options) {
    super(message, typeof options === 'object' && options && 'cause' in options ? { cause: options.cause } : undefined);
    this._name = typeof options === 'string' ? options : (options && options.name) || 'Error';
  }
  get name() {
    return this._name;
  }
  get code() {
    return NAMES[this._name] || 0;
  }
}

class Event {
  constructor(type, init = {}) {
    if (arguments.length === 0) throw new TypeError('The "type" argument must be specified');
    this._type = String(type);
    this._bubbles = !!init.bubbles;
    this._cancelable = !!init.cancelable;
    this._composed = !!init.composed;
    this._defaultPrevented = false;
    this._stop = false;
    this._target = null;
    this._timeStamp = Date.now();
  }
  get type() {
    return this._type;
  }
  get bubbles() {
    return this._bubbles;
  }
  get cancelable() {
    return this._cancelable;
  }
  get composed() {
    return this._composed;
  }
  get defaultPrevented() {
    return this._cancelable && this._defaultPrevented;
  }
  get target() {
    return this._target;
  }
  get currentTarget() {
    return this._target;
  }
  get srcElement() {
    return this._target;
  }
  get timeStamp() {
    return this._timeStamp;
  }
  get isTrusted() {
    return false;
  }
  get eventPhase() {
    return this._target ? 2 : 0;
  }
  get returnValue() {
    return !this.defaultPrevented;
  }
  composedPath() {
    return this._target ? [this._target] : [];
  }
  preventDefault() {
    this._defaultPrevented = true;
  }
  stopPropagation() {}
  stopImmediatePropagation() {
    this._stop = true;
  }
}
Event.NONE = 0;
Event.CAPTURING_PHASE = 1;
Event.AT_TARGET = 2;
Event.BUBBLING_PHASE = 3;

class CustomEvent extends Event {
  constructor(type, init = {}) {
    super(type, init);
    this._detail = init.detail === undefined ? null : init.detail;
  }
  get detail() {
    return this._detail;
  }
}

const listenersOf = new WeakMap();

class EventTarget {
  constructor() {
    listenersOf.set(this, new Map());
  }
  addEventListener(type, listener, options) {
    if (listener === null || listener === undefined) return;
    const all = listenersOf.get(this);
    const once = typeof options === 'object' && options !== null && !!options.once;
    const signal = typeof options === 'object' && options !== null ? options.signal : undefined;
    if (signal && signal.aborted) return;
    const list = all.get(type) || [];
    if (list.some((l) => l.listener === listener)) return;
    const entry = { listener, once };
    list.push(entry);
    all.set(type, list);
    if (signal) signal.addEventListener('abort', () => this.removeEventListener(type, listener), { once: true });
  }
  removeEventListener(type, listener) {
    const list = listenersOf.get(this).get(type);
    if (!list) return;
    const i = list.findIndex((l) => l.listener === listener);
    if (i >= 0) list.splice(i, 1);
  }
  dispatchEvent(event) {
    if (!(event instanceof Event)) throw new TypeError('The "event" argument must be an instance of Event');
    event._target = this;
    const list = (listenersOf.get(this).get(event.type) || []).slice();
    const handler = this['on' + event.type];
    if (typeof handler === 'function' && !list.some((l) => l.listener === handler))
      list.push({ listener: handler, once: false, property: true });
    for (const l of list) {
      if (l.once) this.removeEventListener(event.type, l.listener);
      try {
        if (typeof l.listener === 'function') Reflect.apply(l.listener, this, [event]);
        else if (l.listener && typeof l.listener.handleEvent === 'function') l.listener.handleEvent(event);
      } catch (e) {
        Promise.reject(e);
      }
      if (event._stop) break;
    }
    return !event.defaultPrevented;
  }
}

const CONSTRUCT = Symbol('construct');

class AbortSignal extends EventTarget {
  constructor(key) {
    if (key !== CONSTRUCT) throw new TypeError('Illegal constructor');
    super();
    this._aborted = false;
    this._reason = undefined;
    this.onabort = null;
  }
  get aborted() {
    return this._aborted;
  }
  get reason() {
    return this._reason;
  }
  throwIfAborted() {
    if (this._aborted) throw this._reason;
  }
  static abort(reason) {
    const s = new AbortSignal(CONSTRUCT);
    s._aborted = true;
    s._reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
    return s;
  }
  static timeout(ms) {
    const s = new AbortSignal(CONSTRUCT);
    require('./timers').setTimeout(
      () => abortSignal(s, new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
      ms,
    );
    return s;
  }
  static any(signals) {
    const s = new AbortSignal(CONSTRUCT);
    for (const x of signals) {
      if (x.aborted) {
        abortSignal(s, x.reason);
        return s;
      }
    }
    for (const x of signals) x.addEventListener('abort', () => abortSignal(s, x.reason), { once: true });
    return s;
  }
}

function abortSignal(signal, reason) {
  if (signal._aborted) return;
  signal._aborted = true;
  signal._reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
  signal.dispatchEvent(new Event('abort'));
}

class AbortController {
  constructor() {
    this._signal = new AbortSignal(CONSTRUCT);
  }
  get signal() {
    return this._signal;
  }
  abort(reason) {
    abortSignal(this._signal, reason);
  }
}

module.exports = { DOMException, Event, CustomEvent, EventTarget, AbortController, AbortSignal };
