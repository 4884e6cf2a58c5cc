'use strict';
/** WHATWG TextEncoder / TextDecoder (UTF-8, plus utf-16le and latin1 for decoding), atob / btoa. */

function encodeUtf8(input) {
  const s = String(input);
  const out = new Uint8Array(s.length * 3);
  let j = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out[j++] = c;
    else if (c < 0x800) {
      out[j++] = 0xc0 | (c >> 6);
      out[j++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      out[j++] = 0xe0 | (c >> 12);
      out[j++] = 0x80 | ((c >> 6) & 63);
      out[j++] = 0x80 | (c & 63);
    } else {
      out[j++] = 0xf0 | (c >> 18);
      out[j++] = 0x80 | ((c >> 12) & 63);
      out[j++] = 0x80 | ((c >> 6) & 63);
      out[j++] = 0x80 | (c & 63);
    }
  }
  return out.slice(0, j);
}

function decodeUtf8(bytes, fatal) {
  let out = '';
  const parts = [];
  let i = 0;
  const bad = () => {
    if (fatal) {
      const e = new TypeError('The encoded data was not valid for encoding utf-8');
      e.code = 'ERR_ENCODING_INVALID_ENCODED_DATA';
      throw e;
    }
    return 0xfffd;
  };
  const codes = [];
  while (i < bytes.length) {
    const b = bytes[i];
    let c;
    if (b < 0x80) {
      c = b;
      i++;
    } else if (b >= 0xc2 && b < 0xe0 && i + 1 < bytes.length && (bytes[i + 1] & 0xc0) === 0x80) {
      c = ((b & 31) << 6) | (bytes[i + 1] & 63);
      i += 2;
    } else if (
      b >= 0xe0 &&
      b < 0xf0 &&
      i + 2 < bytes.length &&
      (bytes[i + 1] & 0xc0) === 0x80 &&
      (bytes[i + 2] & 0xc0) === 0x80
    ) {
      c = ((b & 15) << 12) | ((bytes[i + 1] & 63) << 6) | (bytes[i + 2] & 63);
      if (c < 0x800 || (c >= 0xd800 && c <= 0xdfff)) c = bad();
      i += 3;
    } else if (
      b >= 0xf0 &&
      b < 0xf5 &&
      i + 3 < bytes.length &&
      (bytes[i + 1] & 0xc0) === 0x80 &&
      (bytes[i + 2] & 0xc0) === 0x80 &&
      (bytes[i + 3] & 0xc0) === 0x80
    ) {
      c = ((b & 7) << 18) | ((bytes[i + 1] & 63) << 12) | ((bytes[i + 2] & 63) << 6) | (bytes[i + 3] & 63);
      if (c < 0x10000 || c > 0x10ffff) c = bad();
      i += 4;
    } else {
      c = bad();
      i++;
    }
    if (c > 0xffff) {
      c -= 0x10000;
      codes.push(0xd800 + (c >> 10), 0xdc00 + (c & 1023));
    } else codes.push(c);
    if (codes.length > 8192) {
      parts.push(String.fromCharCode.apply(null, codes));
      codes.length = 0;
    }
  }
  parts.push(String.fromCharCode.apply(null, codes));
  out = parts.join('');
  return out;
}

function bytesOf(input) {
  if (input === undefined) return new Uint8Array(0);
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer) return new Uint8Array(input);
  throw new TypeError('The "input" argument must be an instance of ArrayBuffer or ArrayBufferView');
}

class TextEncoder {
  get encoding() {
    return 'utf-8';
  }
  encode(input = '') {
    return encodeUtf8(input);
  }
  encodeInto(src, dest) {
    const bytes = encodeUtf8(src);
    let read = 0;
    let written = 0;
    // Copy whole characters only.
    const s = String(src);
    for (let i = 0; i < s.length; i++) {
      const c = s.codePointAt(i);
      const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      if (written + n > dest.length) break;
      for (let k = 0; k < n; k++) dest[written + k] = bytes[written + k];
      written += n;
      const units = c > 0xffff ? 2 : 1;
      read += units;
      i += units - 1;
    }
    return { read, written };
  }
}

const LABELS = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16': 'utf-16le',
  latin1: 'latin1',
  'iso-8859-1': 'latin1',
  ascii: 'latin1',
  'us-ascii': 'latin1',
  'windows-1252': 'latin1',
};

class TextDecoder {
  constructor(label = 'utf-8', options = {}) {
    const enc = LABELS[String(label).trim().toLowerCase()];
    if (!enc) {
      const e = new RangeError('The "' + label + '" encoding is not supported');
      e.code = 'ERR_ENCODING_NOT_SUPPORTED';
      throw e;
    }
    this._encoding = enc;
    this._fatal = !!(options && options.fatal);
    this._ignoreBOM = !!(options && options.ignoreBOM);
    this._pending = new Uint8Array(0);
  }
  get encoding() {
    return this._encoding;
  }
  get fatal() {
    return this._fatal;
  }
  get ignoreBOM() {
    return this._ignoreBOM;
  }
  decode(input, options) {
    let bytes = bytesOf(input);
    if (this._pending.length) {
      const joined = new Uint8Array(this._pending.length + bytes.length);
      joined.set(this._pending);
      joined.set(bytes, this._pending.length);
      bytes = joined;
      this._pending = new Uint8Array(0);
    }
    if (options && options.stream && this._encoding === 'utf-8') {
      // Keep an incomplete trailing sequence for the next call.
      let k = bytes.length - 1,
        back = 0;
      while (k >= 0 && back < 3 && (bytes[k] & 0xc0) === 0x80) {
        k--;
        back++;
      }
      if (k >= 0 && bytes[k] >= 0xc0) {
        const need = bytes[k] >= 0xf0 ? 4 : bytes[k] >= 0xe0 ? 3 : 2;
        if (bytes.length - k < need) {
          this._pending = bytes.slice(k);
          bytes = bytes.subarray(0, k);
        }
      }
    }
    if (this._encoding === 'utf-16le') {
      let s = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
      return !this._ignoreBOM && s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
    }
    if (this._encoding === 'latin1') {
      let s = '';
      for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
      return s;
    }
    const start = !this._ignoreBOM && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    return decodeUtf8(start ? bytes.subarray(start) : bytes, this._fatal);
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function invalidCharacter(message) {
  const e = new Error(message);
  e.name = 'InvalidCharacterError';
  e.code = 5;
  return e;
}

function btoa(input) {
  if (arguments.length === 0) throw new TypeError('The "data" argument must be specified');
  const s = String(input);
  let out = '';
  for (let i = 0; i < s.length; i += 3) {
    const a = s.charCodeAt(i),
      b = s.charCodeAt(i + 1),
      c = s.charCodeAt(i + 2);
    if (a > 255 || b > 255 || c > 255) throw invalidCharacter('Invalid character');
    out += B64[a >> 2] + B64[((a & 3) << 4) | (i + 1 < s.length ? b >> 4 : 0)];
    out += i + 1 < s.length ? B64[((b & 15) << 2) | (i + 2 < s.length ? c >> 6 : 0)] : '=';
    out += i + 2 < s.length ? B64[c & 63] : '=';
  }
  return out;
}

function atob(input) {
  if (arguments.length === 0) throw new TypeError('The "data" argument must be specified');
  let s = String(input).replace(/[\t\n\f\r ]/g, '');
  if (s.length % 4 === 0) s = s.replace(/==?$/, '');
  if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s))
    throw invalidCharacter('The string to be decoded is not correctly encoded.');
  let out = '';
  let bits = 0,
    acc = 0;
  for (let i = 0; i < s.length; i++) {
    acc = (acc << 6) | B64.indexOf(s[i]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 255);
    }
  }
  return out;
}

module.exports = { TextEncoder, TextDecoder, atob, btoa, encodeUtf8, decodeUtf8 };
