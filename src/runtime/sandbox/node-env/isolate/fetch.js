'use strict';
/**
 * fetch, Headers, Request, Response, FormData over the host's outbound bridge (`http.request`): the host applies
 * the egress policy, follows redirects (re-checking each hop), bounds requests, bytes and time per execution, and
 * hands back the whole response body.
 */
const bridge = require('./bridge');
const { Buffer, Blob, File } = require('./buffer');
const { DOMException } = require('./web-events');
const { ReadableStream } = require('./web-streams');
const url = require('./whatwg-url');

const normName = (n) => {
  const s = String(n).toLowerCase();
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(s)) throw new TypeError('Invalid header name: "' + n + '"');
  return s;
};
const normValue = (v) => String(v).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');

class Headers {
  constructor(init) {
    this._map = new Map();
    if (init === undefined || init === null) return;
    if (init instanceof Headers) {
      for (const [k, v] of init._map) this._map.set(k, v.slice());
      return;
    }
    if (typeof init[Symbol.iterator] === 'function') {
      for (const pair of init) {
        const [k, v] = pair;
        this.append(k, v);
      }
      return;
    }
    for (const k of Object.keys(init)) this.append(k, init[k]);
  }
  append(name, value) {
    const k = normName(name);
    const list = this._map.get(k) || [];
    list.push(normValue(value));
    this._map.set(k, list);
  }
  set(name, value) {
    this._map.set(normName(name), [normValue(value)]);
  }
  get(name) {
    const list = this._map.get(normName(name));
    return list ? list.join(', ') : null;
  }
  getSetCookie() {
    return (this._map.get('set-cookie') || []).slice();
  }
  has(name) {
    return this._map.has(normName(name));
  }
  delete(name) {
    this._map.delete(normName(name));
  }
  forEach(callback, thisArg) {
    for (const [k, v] of this.entries()) Reflect.apply(callback, thisArg, [v, k, this]);
  }
  *entries() {
    for (const k of [...this._map.keys()].sort()) {
      if (k === 'set-cookie') for (const v of this._map.get(k)) yield [k, v];
      else yield [k, this.get(k)];
    }
  }
  *keys() {
    for (const [k] of this.entries()) yield k;
  }
  *values() {
    for (const [, v] of this.entries()) yield v;
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  get [Symbol.toStringTag]() {
    return 'Headers';
  }
  _pairs() {
    const out = [];
    for (const [k, list] of this._map) for (const v of list) out.push([k, v]);
    return out;
  }
}

class FormData {
  constructor() {
    this._entries = [];
  }
  append(name, value, filename) {
    this._entries.push([String(name), entryValue(value, filename)]);
  }
  set(name, value, filename) {
    this.delete(name);
    this.append(name, value, filename);
  }
  get(name) {
    const e = this._entries.find(([k]) => k === String(name));
    return e ? e[1] : null;
  }
  getAll(name) {
    return this._entries.filter(([k]) => k === String(name)).map(([, v]) => v);
  }
  has(name) {
    return this._entries.some(([k]) => k === String(name));
  }
  delete(name) {
    this._entries = this._entries.filter(([k]) => k !== String(name));
  }
  forEach(callback, thisArg) {
    for (const [k, v] of this._entries) Reflect.apply(callback, thisArg, [v, k, this]);
  }
  *entries() {
    yield* this._entries.map((e) => e.slice());
  }
  *keys() {
    for (const [k] of this._entries) yield k;
  }
  *values() {
    for (const [, v] of this._entries) yield v;
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  get [Symbol.toStringTag]() {
    return 'FormData';
  }
}
function entryValue(value, filename) {
  if (value instanceof Blob)
    return value instanceof File && filename === undefined
      ? value
      : new File([value], filename === undefined ? 'blob' : filename, { type: value.type });
  return String(value);
}

/** [bytes, content type] of a body init. */
function extract(body) {
  if (body === undefined || body === null) return [null, null];
  if (typeof body === 'string') return [Buffer.from(body), 'text/plain;charset=UTF-8'];
  if (body instanceof url.URLSearchParams)
    return [Buffer.from(body.toString()), 'application/x-www-form-urlencoded;charset=UTF-8'];
  if (body instanceof Blob) return [Buffer.from(body._bytes), body.type || null];
  if (body instanceof ArrayBuffer) return [Buffer.from(body.slice(0)), null];
  if (ArrayBuffer.isView(body))
    return [Buffer.from(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)), null];
  if (body instanceof FormData) {
    const boundary =
      '----formdata-actions-' + Math.random().toString(16).slice(2) + Math.random().toString(16).slice(2);
    const parts = [];
    const esc = (s) => s.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
    for (const [name, value] of body._entries) {
      if (typeof value === 'string')
        parts.push(
          Buffer.from(
            '--' + boundary + '\r\nContent-Disposition: form-data; name="' + esc(name) + '"\r\n\r\n' + value + '\r\n',
          ),
        );
      else
        parts.push(
          Buffer.from(
            '--' +
              boundary +
              '\r\nContent-Disposition: form-data; name="' +
              esc(name) +
              '"; filename="' +
              esc(value.name) +
              '"\r\nContent-Type: ' +
              (value.type || 'application/octet-stream') +
              '\r\n\r\n',
          ),
          value._bytes,
          Buffer.from('\r\n'),
        );
    }
    parts.push(Buffer.from('--' + boundary + '--\r\n'));
    return [Buffer.concat(parts), 'multipart/form-data; boundary=' + boundary];
  }
  if (body instanceof ReadableStream) {
    const s = body;
    return [{ stream: s }, null];
  }
  return [Buffer.from(String(body)), 'text/plain;charset=UTF-8'];
}

async function drain(stream) {
  const chunks = [];
  for await (const c of stream)
    chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength));
  return Buffer.concat(chunks);
}

class Body {
  _initBody(body, headers) {
    const [bytes, type] = extract(body);
    this._bytes = bytes;
    this._used = false;
    if (type && !headers.has('content-type')) headers.set('content-type', type);
  }
  get body() {
    if (this._bytes === null) return null;
    if (this._stream) return this._stream;
    if (this._bytes.stream) return (this._stream = this._bytes.stream);
    this._stream = ReadableStream._of(new Uint8Array(this._bytes));
    return this._stream;
  }
  get bodyUsed() {
    return this._used;
  }
  async _consume() {
    if (this._used) throw new TypeError('Body is unusable: Body has already been read');
    this._used = true;
    if (this._bytes === null) return Buffer.alloc(0);
    if (this._bytes.stream) return drain(this._bytes.stream);
    return this._bytes;
  }
  async arrayBuffer() {
    const b = await this._consume();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
  }
  async bytes() {
    return new Uint8Array(await this.arrayBuffer());
  }
  async text() {
    return (await this._consume()).toString('utf8');
  }
  async json() {
    return JSON.parse(await this.text());
  }
  async blob() {
    const b = await this._consume();
    return new Blob([b], { type: this.headers.get('content-type') || '' });
  }
  async formData() {
    const type = this.headers.get('content-type') || '';
    const text = await this.text();
    const fd = new FormData();
    if (/application\/x-www-form-urlencoded/.test(type)) {
      for (const [k, v] of new url.URLSearchParams(text)) fd.append(k, v);
      return fd;
    }
    throw new TypeError('Response.formData: unsupported content type "' + type + '"');
  }
}

class Request extends Body {
  constructor(input, init = {}) {
    super();
    const from = input instanceof Request ? input : null;
    const parsed = new url.URL(from ? from.url : String(input instanceof url.URL ? input.href : input));
    if (parsed.username || parsed.password)
      throw new TypeError('Request cannot be constructed from a URL that includes credentials: ' + parsed.href);
    this._url = parsed.href;
    this._method = String(init.method || (from ? from.method : 'GET')).toUpperCase();
    this._headers = new Headers(init.headers || (from ? from.headers : undefined));
    this._redirect = init.redirect || (from ? from.redirect : 'follow');
    this._signal = init.signal || (from ? from.signal : null);
    const body = init.body !== undefined ? init.body : from ? from._bytes : null;
    if (body !== null && body !== undefined && (this._method === 'GET' || this._method === 'HEAD'))
      throw new TypeError('Request with GET/HEAD method cannot have body.');
    if (from && init.body === undefined) {
      this._bytes = from._bytes;
      this._used = false;
    } else this._initBody(body, this._headers);
  }
  get url() {
    return this._url;
  }
  get method() {
    return this._method;
  }
  get headers() {
    return this._headers;
  }
  get redirect() {
    return this._redirect;
  }
  get signal() {
    return this._signal;
  }
  get credentials() {
    return 'same-origin';
  }
  get mode() {
    return 'cors';
  }
  get cache() {
    return 'default';
  }
  get keepalive() {
    return false;
  }
  clone() {
    if (this._used) throw new TypeError('Request.clone: Body has already been consumed.');
    return new Request(this);
  }
  get [Symbol.toStringTag]() {
    return 'Request';
  }
}

const STATUS_TEXT = require('./http-status');

class Response extends Body {
  constructor(body = null, init = {}) {
    super();
    const status = init.status === undefined ? 200 : Number(init.status);
    if (!(status >= 200 && status <= 599))
      throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
    this._status = status;
    this._statusText = init.statusText === undefined ? '' : String(init.statusText);
    this._headers = new Headers(init.headers);
    this._url = '';
    this._redirected = false;
    this._type = 'default';
    this._initBody(body, this._headers);
  }
  static json(data, init = {}) {
    const h = new Headers(init.headers);
    if (!h.has('content-type')) h.set('content-type', 'application/json');
    return new Response(JSON.stringify(data), { ...init, headers: h });
  }
  static error() {
    const r = new Response(null, { status: 200 });
    r._status = 0;
    r._type = 'error';
    return r;
  }
  static redirect(location, status = 302) {
    return new Response(null, { status, headers: { location: new url.URL(location).href } });
  }
  get status() {
    return this._status;
  }
  get ok() {
    return this._status >= 200 && this._status < 300;
  }
  get statusText() {
    return this._statusText;
  }
  get headers() {
    return this._headers;
  }
  get url() {
    return this._url;
  }
  get redirected() {
    return this._redirected;
  }
  get type() {
    return this._type;
  }
  clone() {
    if (this._used) throw new TypeError('Response.clone: Body has already been consumed.');
    const r = new Response(null, {
      status: this._status === 0 ? 200 : this._status,
      statusText: this._statusText,
      headers: this._headers,
    });
    Object.assign(r, {
      _bytes: this._bytes,
      _url: this._url,
      _redirected: this._redirected,
      _type: this._type,
      _status: this._status,
    });
    return r;
  }
  get [Symbol.toStringTag]() {
    return 'Response';
  }
}

function abortReason(signal) {
  return signal.reason !== undefined ? signal.reason : new DOMException('This operation was aborted', 'AbortError');
}

async function fetch(input, init = undefined) {
  const request = new Request(input, init);
  const signal = request.signal;
  if (signal && signal.aborted) throw abortReason(signal);
  let body = request._bytes;
  if (body && body.stream) body = await drain(body.stream);
  let id;
  const call = bridge.async(
    'http.request',
    [
      {
        method: request.method,
        url: request.url,
        headers: request.headers._pairs(),
        body: body === null ? null : new Uint8Array(body),
        redirect: request.redirect,
        decompress: true,
      },
    ],
    (x) => {
      id = x;
    },
  );
  let onAbort;
  const aborted = signal
    ? new Promise((_, reject) => {
        onAbort = () => {
          if (id !== undefined) bridge.cancel(id);
          reject(abortReason(signal));
        };
        signal.addEventListener('abort', onAbort, { once: true });
      })
    : null;
  let r;
  try {
    r = await (aborted ? Promise.race([call, aborted]) : call);
  } catch (e) {
    if (signal && signal.aborted) throw abortReason(signal);
    throw new TypeError('fetch failed', { cause: e });
  } finally {
    if (signal && onAbort) signal.removeEventListener('abort', onAbort);
  }
  const response = new Response(null, {
    status: r.status >= 200 && r.status <= 599 ? r.status : 200,
    statusText: r.statusText || STATUS_TEXT[r.status] || '',
    headers: r.headers,
  });
  response._status = r.status;
  response._bytes =
    request.method === 'HEAD' || r.status === 204 || r.status === 304
      ? null
      : Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength);
  response._url = r.url;
  response._redirected = !!r.redirected;
  response._type = 'basic';
  if (request.redirect === 'manual' && r.status >= 300 && r.status < 400) response._type = 'opaqueredirect';
  return response;
}

module.exports = { fetch, Headers, Request, Response, FormData, Blob, File };
