'use strict';
/** structuredClone for the value kinds the HTML algorithm supports (cycles kept, functions and symbols refused). */
const { DOMException } = require('./web-events');

function structuredClone(value, options) {
  if (arguments.length === 0) throw new TypeError('The "value" argument must be specified');
  const seen = new Map();
  const fail = (what) => {
    throw new DOMException(what + ' could not be cloned.', 'DataCloneError');
  };
  const clone = (v) => {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) {
      if (typeof v === 'symbol') fail(String(v));
      return v;
    }
    if (typeof v === 'function') fail(String(v).slice(0, 40));
    if (seen.has(v)) return seen.get(v);
    let out;
    const tag = Object.prototype.toString.call(v);
    switch (tag) {
      case '[object Date]':
        out = new Date(v.getTime());
        break;
      case '[object RegExp]':
        out = new RegExp(v.source, v.flags);
        break;
      case '[object Boolean]':
        out = Object(v.valueOf());
        break;
      case '[object Number]':
        out = Object(v.valueOf());
        break;
      case '[object String]':
        out = Object(v.valueOf());
        break;
      case '[object BigInt]':
        out = Object(v.valueOf());
        break;
      case '[object ArrayBuffer]':
        out = v.slice(0);
        break;
      case '[object DataView]':
        out = new DataView(clone(v.buffer), v.byteOffset, v.byteLength);
        break;
      case '[object Map]':
        out = new Map();
        seen.set(v, out);
        for (const [k, x] of v) out.set(clone(k), clone(x));
        return out;
      case '[object Set]':
        out = new Set();
        seen.set(v, out);
        for (const x of v) out.add(clone(x));
        return out;
      case '[object Array]':
        out = new Array(v.length);
        seen.set(v, out);
        for (const k of Object.keys(v)) out[k] = clone(v[k]);
        return out;
      case '[object Error]': {
        const Ctor = { EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError }[v.name] || Error;
        out = Object.create(Ctor.prototype);
        seen.set(v, out);
        Object.defineProperty(out, 'message', { value: String(v.message), writable: true, configurable: true });
        if (v.stack !== undefined)
          Object.defineProperty(out, 'stack', { value: String(v.stack), writable: true, configurable: true });
        if ('cause' in v)
          Object.defineProperty(out, 'cause', { value: clone(v.cause), writable: true, configurable: true });
        return out;
      }
      default:
        if (ArrayBuffer.isView(v)) {
          const C = v.constructor;
          out = new C(clone(v.buffer), v.byteOffset, v.length);
          break;
        }
        if (tag !== '[object Object]' && !(v instanceof Object === false)) {
          if (
            tag === '[object WeakMap]' ||
            tag === '[object WeakSet]' ||
            tag === '[object Promise]' ||
            tag === '[object Symbol]'
          )
            fail(tag);
        }
        out = {};
        seen.set(v, out);
        for (const k of Object.keys(v)) out[k] = clone(v[k]);
        return out;
    }
    seen.set(v, out);
    return out;
  };
  void options;
  return clone(value);
}

module.exports = { structuredClone };
