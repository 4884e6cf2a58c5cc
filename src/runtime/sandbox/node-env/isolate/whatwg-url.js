'use strict';
/**
 * WHATWG URL and URLSearchParams. Parsing and serialising a URL is done by the host's URL implementation through
 * the bridge (strings in, strings out: a microsecond call, where a full pure-JS parser with its IDNA tables costs
 * tens of milliseconds to load in every new context); URLSearchParams is implemented here.
 */
const bridge = require('./bridge');

const { URL_FIELDS: FIELDS } = require('./bridge-names');
const STATE = Symbol('url');

function invalidUrl(input) {
  const e = new TypeError('Invalid URL');
  e.code = 'ERR_INVALID_URL';
  e.input = input;
  return e;
}

function parse(input, base) {
  const r = bridge.sync('url.parse', base === undefined ? [String(input)] : [String(input), String(base)]);
  return r;
}

const encodeForm = (s) =>
  encodeURIComponent(s)
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const decodeForm = (s) => {
  const t = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(t);
  } catch (e) {
    return t.replace(/%([0-9a-f]{2})/gi, (m, h) => String.fromCharCode(parseInt(h, 16)));
  }
};

class URLSearchParams {
  constructor(init) {
    this._list = [];
    this._url = null;
    if (init === undefined || init === null) return;
    if (typeof init === 'object' || typeof init === 'function') {
      if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const p = [...pair];
          if (p.length !== 2) {
            const e = new TypeError('Each query pair must be an iterable [name, value] tuple');
            e.code = 'ERR_INVALID_TUPLE';
            throw e;
          }
          this._list.push([String(p[0]), String(p[1])]);
        }
      } else for (const k of Object.keys(init)) this._list.push([k, String(init[k])]);
      return;
    }
    this._parse(String(init));
  }
  _parse(s) {
    this._list = [];
    const q = s.startsWith('?') ? s.slice(1) : s;
    for (const part of q.split('&')) {
      if (!part) continue;
      const i = part.indexOf('=');
      this._list.push(i < 0 ? [decodeForm(part), ''] : [decodeForm(part.slice(0, i)), decodeForm(part.slice(i + 1))]);
    }
  }
  _update() {
    if (this._url) this._url._setSearchFromParams(this.toString());
  }
  get size() {
    return this._list.length;
  }
  append(name, value) {
    this._list.push([String(name), String(value)]);
    this._update();
  }
  delete(name, value) {
    const n = String(name);
    this._list = this._list.filter(([k, v]) => k !== n || (value !== undefined && v !== String(value)));
    this._update();
  }
  get(name) {
    const e = this._list.find(([k]) => k === String(name));
    return e ? e[1] : null;
  }
  getAll(name) {
    return this._list.filter(([k]) => k === String(name)).map(([, v]) => v);
  }
  has(name, value) {
    return this._list.some(([k, v]) => k === String(name) && (value === undefined || v === String(value)));
  }
  set(name, value) {
    const n = String(name);
    const i = this._list.findIndex(([k]) => k === n);
    if (i < 0) this._list.push([n, String(value)]);
    else {
      this._list[i][1] = String(value);
      this._list = this._list.filter(([k], j) => k !== n || j === i);
    }
    this._update();
  }
  sort() {
    this._list = this._list
      .map((e, i) => [e, i])
      .sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]))
      .map(([e]) => e);
    this._update();
  }
  forEach(callback, thisArg) {
    for (const [k, v] of this._list) Reflect.apply(callback, thisArg, [v, k, this]);
  }
  *entries() {
    for (const [k, v] of this._list) yield [k, v];
  }
  *keys() {
    for (const [k] of this._list) yield k;
  }
  *values() {
    for (const [, v] of this._list) yield v;
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  toString() {
    return this._list.map(([k, v]) => encodeForm(k) + '=' + encodeForm(v)).join('&');
  }
  get [Symbol.toStringTag]() {
    return 'URLSearchParams';
  }
}

class URL {
  constructor(input, base) {
    if (arguments.length === 0) {
      const e = new TypeError('The "url" argument must be specified');
      e.code = 'ERR_MISSING_ARGS';
      throw e;
    }
    const r = parse(
      input instanceof URL ? input.href : input,
      base === undefined ? undefined : base instanceof URL ? base.href : base,
    );
    if (r === null) throw invalidUrl(String(input));
    this[STATE] = r;
    this._params = null;
  }
  static canParse(input, base) {
    return parse(input, base) !== null;
  }
  static parse(input, base) {
    try {
      return new URL(input, base);
    } catch (e) {
      return null;
    }
  }
  static createObjectURL() {
    throw new Error('URL.createObjectURL is not available in actions');
  }
  static revokeObjectURL() {}
  get searchParams() {
    if (!this._params) {
      this._params = new URLSearchParams(this[STATE].search);
      this._params._url = this;
    }
    return this._params;
  }
  _set(field, value) {
    const r = bridge.sync('url.set', [this[STATE].href, field, String(value)]);
    if (r) this[STATE] = r;
    if (this._params && field !== 'hash') this._params._parse(this[STATE].search);
  }
  _setSearchFromParams(query) {
    const r = bridge.sync('url.set', [this[STATE].href, 'search', query]);
    if (r) this[STATE] = r;
    if (query === '') {
      const r2 = bridge.sync('url.set', [this[STATE].href, 'search', '']);
      if (r2) this[STATE] = r2;
    }
  }
  toString() {
    return this[STATE].href;
  }
  toJSON() {
    return this[STATE].href;
  }
  get [Symbol.toStringTag]() {
    return 'URL';
  }
}
for (const f of FIELDS) {
  const desc = {
    get() {
      return this[STATE][f];
    },
    enumerable: true,
    configurable: true,
  };
  if (f === 'href')
    desc.set = function (v) {
      const r = parse(v);
      if (r === null) throw invalidUrl(String(v));
      this[STATE] = r;
      if (this._params) this._params._parse(r.search);
    };
  else if (f !== 'origin')
    desc.set = function (v) {
      this._set(f, v);
    };
  Object.defineProperty(URL.prototype, f, desc);
}

module.exports = { URL, URLSearchParams };
