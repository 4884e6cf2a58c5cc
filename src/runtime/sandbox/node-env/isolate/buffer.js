'use strict';
/** Node's `buffer` module: the `buffer` package's Buffer, with base64url (Node's, missing there), Blob, atob/btoa. */
const base = require('buffer/');
const { atob, btoa } = require('./text');

const Buffer = base.Buffer;
const toBase64 = (s) => {
  let t = String(s).replace(/-/g, '+').replace(/_/g, '/');
  while (t.length % 4) t += '=';
  return t;
};
const toBase64Url = (s) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const isUrl = (e) => typeof e === 'string' && e.toLowerCase() === 'base64url';

const from = Buffer.from;
Buffer.from = function (value, encodingOrOffset, length) {
  if (typeof value === 'string' && isUrl(encodingOrOffset)) return from(toBase64(value), 'base64');
  return from(value, encodingOrOffset, length);
};
const bufferToString = Buffer.prototype.toString;
Buffer.prototype.toString = function (encoding, start, end) {
  if (isUrl(encoding)) return toBase64Url(bufferToString.call(this, 'base64', start, end));
  return Reflect.apply(bufferToString, this, arguments);
};
Buffer.prototype.toLocaleString = Buffer.prototype.toString;
const byteLength = Buffer.byteLength;
Buffer.byteLength = function (value, encoding) {
  if (typeof value === 'string' && isUrl(encoding)) return byteLength(toBase64(value), 'base64');
  return byteLength(value, encoding);
};
const write = Buffer.prototype.write;
Buffer.prototype.write = function (string, _offset, _length, _encoding) {
  const args = Array.prototype.slice.call(arguments);
  const last = args.length - 1;
  if (last > 0 && isUrl(args[last])) {
    args[0] = toBase64(string);
    args[last] = 'base64';
  }
  return Reflect.apply(write, this, args);
};
const isEncoding = Buffer.isEncoding;
Buffer.isEncoding = (e) => isUrl(e) || isEncoding(e);

class Blob {
  constructor(parts = [], options = {}) {
    const chunks = [];
    for (const p of parts) {
      if (p instanceof Blob) chunks.push(p._bytes);
      else if (p instanceof ArrayBuffer) chunks.push(new Uint8Array(p.slice(0)));
      else if (ArrayBuffer.isView(p))
        chunks.push(new Uint8Array(p.buffer.slice(p.byteOffset, p.byteOffset + p.byteLength)));
      else chunks.push(from(String(p), 'utf8'));
    }
    this._bytes = Buffer.concat(chunks.map((c) => from(c.buffer, c.byteOffset, c.byteLength)));
    this._type = options.type ? String(options.type).toLowerCase() : '';
  }
  get size() {
    return this._bytes.length;
  }
  get type() {
    return this._type;
  }
  async text() {
    return this._bytes.toString('utf8');
  }
  async arrayBuffer() {
    return this._bytes.buffer.slice(this._bytes.byteOffset, this._bytes.byteOffset + this._bytes.length);
  }
  async bytes() {
    return new Uint8Array(await this.arrayBuffer());
  }
  slice(start, end, type) {
    const b = new Blob([], { type });
    b._bytes = from(this._bytes.subarray(start, end));
    return b;
  }
  stream() {
    const { ReadableStream } = require('./web-streams');
    return ReadableStream._of(new Uint8Array(this._bytes));
  }
  get [Symbol.toStringTag]() {
    return 'Blob';
  }
}

class File extends Blob {
  constructor(parts, name, options = {}) {
    super(parts, options);
    this._name = String(name);
    this._lastModified = options.lastModified === undefined ? Date.now() : Number(options.lastModified);
  }
  get name() {
    return this._name;
  }
  get lastModified() {
    return this._lastModified;
  }
  get [Symbol.toStringTag]() {
    return 'File';
  }
}

const isUtf8 = (input) => {
  try {
    new (require('./text').TextDecoder)('utf-8', { fatal: true }).decode(input);
    return true;
  } catch (e) {
    return false;
  }
};
const isAscii = (input) => {
  const b = new Uint8Array(input.buffer || input, input.byteOffset || 0, input.byteLength);
  for (let i = 0; i < b.length; i++) if (b[i] > 127) return false;
  return true;
};

module.exports = {
  Buffer,
  SlowBuffer: base.SlowBuffer,
  kMaxLength: base.kMaxLength,
  kStringMaxLength: (1 << 29) - 24,
  INSPECT_MAX_BYTES: base.INSPECT_MAX_BYTES,
  constants: { MAX_LENGTH: base.kMaxLength, MAX_STRING_LENGTH: (1 << 29) - 24 },
  Blob,
  File,
  atob,
  btoa,
  isUtf8,
  isAscii,
};
