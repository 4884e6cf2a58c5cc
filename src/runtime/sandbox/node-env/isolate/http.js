'use strict';
/**
 * Node's `http` / `https` client side over the same host bridge as fetch (the egress policy, bounds and logging
 * apply). A request body is collected and sent when the request ends; the whole response body is delivered to
 * an IncomingMessage stream at once. The host follows no redirects here (Node's http does not) and undoes any
 * content-encoding (the response reaches the action without content-encoding / content-length headers).
 * Servers (`createServer`) are refused.
 */
const bridge = require('./bridge');
const { Buffer } = require('./buffer');
const EventEmitter = require('events');
const stream = require('./stream');
const url = require('./url');
const STATUS_CODES = require('./http-status');

const METHODS = [
  'ACL',
  'BIND',
  'CHECKOUT',
  'CONNECT',
  'COPY',
  'DELETE',
  'GET',
  'HEAD',
  'LINK',
  'LOCK',
  'M-SEARCH',
  'MERGE',
  'MKACTIVITY',
  'MKCALENDAR',
  'MKCOL',
  'MOVE',
  'NOTIFY',
  'OPTIONS',
  'PATCH',
  'POST',
  'PROPFIND',
  'PROPPATCH',
  'PURGE',
  'PUT',
  'REBIND',
  'REPORT',
  'SEARCH',
  'SOURCE',
  'SUBSCRIBE',
  'TRACE',
  'UNBIND',
  'UNLINK',
  'UNLOCK',
  'UNSUBSCRIBE',
];

class Agent extends EventEmitter {
  constructor(options = {}) {
    super();
    this.options = { ...options };
    this.keepAlive = !!options.keepAlive;
    this.maxSockets = options.maxSockets || Infinity;
    this.maxFreeSockets = options.maxFreeSockets || 256;
    this.sockets = {};
    this.freeSockets = {};
    this.requests = {};
    this.defaultPort = 80;
    this.protocol = 'http:';
  }
  destroy() {}
  getName(o = {}) {
    return (o.host || 'localhost') + ':' + (o.port || '') + ':' + (o.localAddress || '');
  }
}

class FakeSocket extends EventEmitter {
  constructor() {
    super();
    this.remoteAddress = undefined;
    this.remotePort = undefined;
    this.encrypted = false;
    this.readable = true;
    this.writable = true;
  }
  setKeepAlive() {
    return this;
  }
  setNoDelay() {
    return this;
  }
  setTimeout(ms, cb) {
    if (cb) this.once('timeout', cb);
    return this;
  }
  ref() {
    return this;
  }
  unref() {
    return this;
  }
  destroy() {
    return this;
  }
  end() {
    return this;
  }
  address() {
    return {};
  }
}

class IncomingMessage extends stream.Readable {
  constructor(socket) {
    super();
    this.socket = socket;
    this.connection = socket;
    this.httpVersion = '1.1';
    this.httpVersionMajor = 1;
    this.httpVersionMinor = 1;
    this.headers = {};
    this.headersDistinct = {};
    this.rawHeaders = [];
    this.trailers = {};
    this.rawTrailers = [];
    this.statusCode = null;
    this.statusMessage = null;
    this.aborted = false;
    this.complete = false;
    this.url = '';
    this.method = null;
  }
  _read() {}
  setTimeout(ms, cb) {
    if (cb) this.once('timeout', cb);
    return this;
  }
}

function headerObject(pairs) {
  const headers = {};
  const distinct = {};
  const raw = [];
  for (const [k, v] of pairs) {
    raw.push(k, v);
    (distinct[k] = distinct[k] || []).push(v);
    if (k === 'set-cookie') (headers[k] = headers[k] || []).push(v);
    else if (headers[k] === undefined) headers[k] = v;
    else if (
      k !== 'content-type' &&
      k !== 'content-length' &&
      k !== 'user-agent' &&
      k !== 'authorization' &&
      k !== 'host' &&
      k !== 'location'
    )
      headers[k] += ', ' + v;
  }
  return { headers, distinct, raw };
}

class ClientRequest extends stream.Writable {
  constructor(target, options, callback, defaultProtocol) {
    super();
    this._target = target;
    this.method = String(options.method || 'GET').toUpperCase();
    this.path = target.pathname + target.search;
    this.host = target.hostname;
    this.protocol = target.protocol;
    this.agent = options.agent;
    this._headers = new Map();
    const h = options.headers || {};
    if (Array.isArray(h)) {
      for (let i = 0; i + 1 < h.length; i += 2) this.setHeader(h[i], h[i + 1]);
    } else for (const k of Object.keys(h)) if (h[k] !== undefined) this.setHeader(k, h[k]);
    if (options.auth && !this.hasHeader('authorization'))
      this.setHeader('Authorization', 'Basic ' + Buffer.from(options.auth).toString('base64'));
    this._chunks = [];
    this._timeoutMs = options.timeout;
    this.aborted = false;
    this.destroyed = false;
    this.finished = false;
    this.reusedSocket = false;
    this.headersSent = false;
    this.socket = new FakeSocket();
    this.connection = this.socket;
    if (options.signal) {
      if (options.signal.aborted) Promise.resolve().then(() => this.destroy(abortError()));
      else options.signal.addEventListener('abort', () => this.destroy(abortError()), { once: true });
    }
    if (typeof callback === 'function') this.once('response', callback);
    Promise.resolve().then(() => {
      if (!this.destroyed) this.emit('socket', this.socket);
    });
    this.once('finish', () => this._send());
    void defaultProtocol;
  }
  setHeader(name, value) {
    this._headers.set(String(name).toLowerCase(), [String(name), value]);
    return this;
  }
  getHeader(name) {
    const e = this._headers.get(String(name).toLowerCase());
    return e ? e[1] : undefined;
  }
  getHeaders() {
    const o = {};
    for (const [k, [, v]] of this._headers) o[k] = v;
    return o;
  }
  getHeaderNames() {
    return [...this._headers.keys()];
  }
  getRawHeaderNames() {
    return [...this._headers.values()].map(([n]) => n);
  }
  hasHeader(name) {
    return this._headers.has(String(name).toLowerCase());
  }
  removeHeader(name) {
    this._headers.delete(String(name).toLowerCase());
  }
  flushHeaders() {}
  setNoDelay() {}
  setSocketKeepAlive() {}
  setTimeout(ms, cb) {
    this._timeoutMs = ms;
    if (cb) this.once('timeout', cb);
    return this;
  }
  abort() {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
    this.destroy();
  }
  _write(chunk, encoding, callback) {
    this._chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding));
    callback();
  }
  _destroy(err, callback) {
    if (this._hostId !== undefined) bridge.cancel(this._hostId);
    if (this._response && !this._response.complete) {
      this._response.aborted = true;
      this._response.emit('aborted');
      this._response.destroy(err || connReset());
    }
    callback(err || (this._response ? null : connReset()));
  }
  _send() {
    if (this.destroyed) return;
    this.headersSent = true;
    const headers = [];
    for (const [, [name, value]] of this._headers) {
      if (Array.isArray(value)) for (const v of value) headers.push([name, String(v)]);
      else headers.push([name, String(value)]);
    }
    const body = this._chunks.length ? new Uint8Array(Buffer.concat(this._chunks)) : null;
    let timer;
    if (this._timeoutMs > 0) {
      const timers = require('./timers');
      timer = timers.setTimeout(() => {
        this.emit('timeout');
        this.socket.emit('timeout');
      }, this._timeoutMs);
    }
    bridge
      .async(
        'http.request',
        [
          {
            method: this.method,
            url: this._target.href,
            headers,
            body,
            redirect: 'manual',
            decompress: true,
            stripEncoding: true,
          },
        ],
        (id) => {
          this._hostId = id;
        },
      )
      .then(
        (r) => {
          if (timer) require('./timers').clearTimeout(timer);
          if (this.destroyed) return;
          const res = new IncomingMessage(this.socket);
          const h = headerObject(r.headers);
          res.statusCode = r.status;
          res.statusMessage = r.statusText || STATUS_CODES[r.status] || '';
          res.headers = h.headers;
          res.headersDistinct = h.distinct;
          res.rawHeaders = h.raw;
          res.req = this;
          res.url = r.url;
          res.responseUrl = r.url;
          this.res = res;
          this._response = res;
          this.finished = true;
          this.emit('response', res);
          if (r.body && r.body.byteLength) res.push(Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength));
          res.complete = true;
          res.push(null);
          this.emit('close');
        },
        (e) => {
          if (timer) require('./timers').clearTimeout(timer);
          if (!this.destroyed) this.destroy(e);
        },
      );
  }
}

function abortError() {
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  e.code = 'ABORT_ERR';
  return e;
}
function connReset() {
  const e = new Error('socket hang up');
  e.code = 'ECONNRESET';
  return e;
}

function makeRequest(protocol) {
  return function request(input, options, callback) {
    let target;
    if (typeof input === 'string' || input instanceof url.URL) {
      target = new url.URL(String(input instanceof url.URL ? input.href : input));
      if (typeof options === 'function') {
        callback = options;
        options = {};
      }
      options = Object.assign({}, url.urlToHttpOptions(target), options || {});
    } else {
      callback = options;
      options = Object.assign({}, input);
    }
    const proto = options.protocol || protocol;
    if (proto !== protocol) {
      const e = new TypeError('Protocol "' + proto + '" not supported. Expected "' + protocol + '"');
      e.code = 'ERR_INVALID_PROTOCOL';
      throw e;
    }
    let host = options.hostname || options.host || 'localhost';
    if (!options.hostname && typeof options.host === 'string' && /^[^[\]]+:\d+$/.test(options.host))
      host = options.host.replace(/:\d+$/, '');
    if (host.includes(':') && !host.startsWith('[')) host = '[' + host + ']';
    const port = options.port || options.defaultPort || (protocol === 'https:' ? 443 : 80);
    target = new url.URL(protocol + '//' + host + ':' + port + (options.path || '/'));
    return new ClientRequest(target, options, callback, protocol);
  };
}

function refusedServer() {
  const e = new Error('http.createServer is not available in actions: an action cannot listen for connections');
  e.code = 'ERR_ACTIONS_REFUSED';
  throw e;
}

function makeModule(protocol) {
  const request = makeRequest(protocol);
  const get = (input, options, callback) => {
    const req = request(input, options, callback);
    req.end();
    return req;
  };
  const globalAgent = new Agent({ keepAlive: true });
  globalAgent.protocol = protocol;
  globalAgent.defaultPort = protocol === 'https:' ? 443 : 80;
  return {
    request,
    get,
    Agent,
    globalAgent,
    ClientRequest,
    IncomingMessage,
    STATUS_CODES,
    METHODS,
    maxHeaderSize: 16384,
    OutgoingMessage: stream.Writable,
    Server: refusedServer,
    createServer: refusedServer,
    validateHeaderName: (n) => {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(String(n))) {
        const e = new TypeError('Header name must be a valid HTTP token ["' + n + '"]');
        e.code = 'ERR_INVALID_HTTP_TOKEN';
        throw e;
      }
    },
    validateHeaderValue: () => undefined,
    setMaxIdleHTTPParsers: () => undefined,
  };
}

module.exports = { http: makeModule('http:'), https: makeModule('https:') };
