'use strict';
/**
 * Node's `crypto` and the web `crypto` global. Hashes and HMACs of small inputs (up to 8 kB: tokens, signatures,
 * ids) are computed in the isolate with @noble/hashes, which saves a bridge round trip (measured 2.2 µs vs ~100 µs
 * for sha256 of 32 bytes, 22 vs 69 µs for an HMAC of 300 bytes on a loaded machine); larger inputs and everything
 * else (key derivation, ciphers, signing, key parsing) run on the host (node:crypto) through the bridge: inputs go over as bytes, results come back as bytes; keys live
 * in the isolate as KeyObject / CryptoKey wrappers around their exported form, never as host handles.
 */
const bridge = require('./bridge');
const { Buffer } = require('./buffer');
const { DOMException } = require('./web-events');

const bytes = (data, encoding) => {
  if (typeof data === 'string') return new Uint8Array(Buffer.from(data, encoding || 'utf8'));
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  const e = new TypeError(
    'The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView.',
  );
  e.code = 'ERR_INVALID_ARG_TYPE';
  throw e;
};
const out = (u8, encoding) => {
  const b = Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
  return encoding && encoding !== 'buffer' ? b.toString(encoding) : b;
};
const concat = (chunks) => {
  let n = 0;
  for (const c of chunks) n += c.length;
  const all = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    all.set(c, o);
    o += c.length;
  }
  return all;
};

// ---- keys ----
const KEY = Symbol('key');
class KeyObject {
  constructor(type, descriptor, info) {
    if (type !== 'secret' && type !== 'public' && type !== 'private') throw new TypeError('Invalid key type');
    this[KEY] = descriptor;
    this._type = type;
    this._info = info || {};
  }
  get type() {
    return this._type;
  }
  get asymmetricKeyType() {
    return this._info.asymmetricKeyType;
  }
  get asymmetricKeyDetails() {
    return this._info.asymmetricKeyDetails;
  }
  get symmetricKeySize() {
    return this._type === 'secret' ? this[KEY].key.length : undefined;
  }
  export(options) {
    if (this._type === 'secret') {
      if (options && options.format === 'jwk')
        return { kty: 'oct', k: Buffer.from(this[KEY].key).toString('base64url') };
      return Buffer.from(this[KEY].key);
    }
    const v = bridge.sync('crypto.export', [this[KEY], this._type, options || {}]);
    return v instanceof Uint8Array ? Buffer.from(v) : v;
  }
  equals(other) {
    if (!(other instanceof KeyObject) || other._type !== this._type) return false;
    return Buffer.from(
      this.export(this._type === 'secret' ? undefined : { format: 'jwk' }) instanceof Uint8Array
        ? this.export()
        : JSON.stringify(this.export({ format: 'jwk' })),
    ).equals(Buffer.from(other._type === 'secret' ? other.export() : JSON.stringify(other.export({ format: 'jwk' }))));
  }
  toCryptoKey() {
    throw new Error('KeyObject.toCryptoKey is not supported');
  }
  static from(key) {
    if (!(key instanceof CryptoKey)) throw new TypeError('The "key" argument must be an instance of CryptoKey.');
    if (key.type === 'secret') return new KeyObject('secret', { key: bytes(Buffer.from(key[KEY].k, 'base64url')) });
    return keyFrom({ key: key[KEY], format: 'jwk' }, key.type);
  }
}

/** What the host gets for a key argument (strings, bytes, {key, format, type, passphrase}, KeyObject). */
function describeKey(key) {
  if (key instanceof KeyObject) return { keyObject: key._type, ...key[KEY] };
  if (key instanceof CryptoKey) return describeKey(KeyObject.from(key));
  if (typeof key === 'string' || ArrayBuffer.isView(key) || key instanceof ArrayBuffer)
    return { key: typeof key === 'string' ? key : bytes(key) };
  if (key && typeof key === 'object') {
    const d = {};
    for (const k of ['format', 'type', 'passphrase', 'padding', 'saltLength', 'dsaEncoding', 'encoding'])
      if (key[k] !== undefined) d[k] = ArrayBuffer.isView(key[k]) ? bytes(key[k]) : key[k];
    if (key.key instanceof KeyObject || key.key instanceof CryptoKey) return { ...describeKey(key.key), ...d };
    if (key.format === 'jwk') d.key = key.key;
    else if (key.key !== undefined) d.key = typeof key.key === 'string' ? key.key : bytes(key.key);
    else if (key.kty) {
      d.key = key;
      d.format = 'jwk';
    }
    return d;
  }
  const e = new TypeError(
    'The "key" argument must be of type string or an instance of Buffer, TypedArray, DataView, KeyObject or CryptoKey.',
  );
  e.code = 'ERR_INVALID_ARG_TYPE';
  throw e;
}

function keyFrom(key, kind) {
  const info = bridge.sync('crypto.key', [describeKey(key), kind]);
  return new KeyObject(info.type, info.descriptor, info);
}
const createPublicKey = (key) => keyFrom(key, 'public');
const createPrivateKey = (key) => keyFrom(key, 'private');
const createSecretKey = (key, encoding) => new KeyObject('secret', { key: bytes(key, encoding) });

// ---- hashes ----
/** Inputs up to this size are hashed in the isolate (above it the host is faster: 6 ms vs 25 ms for 1 MB). */
const LOCAL_HASH_MAX = 8192;
let local;
function localHash(algorithm) {
  if (!local) {
    const sha2 = require('@noble/hashes/sha2');
    const { sha1, md5 } = require('@noble/hashes/legacy');
    local = {
      hmac: require('@noble/hashes/hmac').hmac,
      fns: {
        sha1,
        md5,
        sha224: sha2.sha224,
        sha256: sha2.sha256,
        sha384: sha2.sha384,
        sha512: sha2.sha512,
      },
    };
  }
  return local.fns[String(algorithm).toLowerCase()];
}
let hashNames;
const knownHash = (algorithm) =>
  (hashNames || (hashNames = new Set(bridge.sync('crypto.list', ['hashes']).map((h) => h.toLowerCase())))).has(
    String(algorithm).toLowerCase(),
  );
class Hash {
  constructor(algorithm, options, hmacKey) {
    this._algorithm = String(algorithm);
    this._chunks = [];
    this._key = hmacKey;
    this._done = false;
    this._outputLength = options && options.outputLength;
    if (!knownHash(this._algorithm)) {
      const e = new Error('Digest method not supported');
      e.code = 'ERR_CRYPTO_INVALID_DIGEST';
      throw e;
    }
  }
  update(data, encoding) {
    if (this._done) {
      const e = new Error('Digest already called');
      e.code = 'ERR_CRYPTO_HASH_FINALIZED';
      throw e;
    }
    this._chunks.push(bytes(data, encoding));
    return this;
  }
  digest(encoding) {
    if (this._done) {
      const e = new Error('Digest already called');
      e.code = 'ERR_CRYPTO_HASH_FINALIZED';
      throw e;
    }
    this._done = true;
    const data = concat(this._chunks);
    const fn =
      data.length <= LOCAL_HASH_MAX && this._outputLength === undefined ? localHash(this._algorithm) : undefined;
    let r;
    if (fn) r = this._key === undefined ? fn(data) : local.hmac(fn, this._key, data);
    else
      r =
        this._key === undefined
          ? bridge.sync('crypto.hash', [this._algorithm, data, this._outputLength])
          : bridge.sync('crypto.hmac', [this._algorithm, this._key, data]);
    return out(r, encoding);
  }
  copy() {
    const h = new Hash(this._algorithm, undefined, this._key);
    h._chunks = this._chunks.slice();
    return h;
  }
}
const createHash = (algorithm, options) => new Hash(algorithm, options);
const createHmac = (algorithm, key, options) => {
  const k = key instanceof KeyObject ? key[KEY].key : bytes(key, options && options.encoding);
  return new Hash(algorithm, undefined, k);
};
const hash = (algorithm, data, encoding = 'hex') => createHash(algorithm).update(data).digest(encoding);

// ---- random ----
const MAX_RANDOM = 65536;
function randomFillSync(buf, offset = 0, size) {
  const view =
    buf instanceof ArrayBuffer ? new Uint8Array(buf) : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = size === undefined ? view.length - offset : size;
  for (let done = 0; done < n; done += MAX_RANDOM)
    view.set(bridge.sync('crypto.random', [Math.min(MAX_RANDOM, n - done)]), offset + done);
  return buf;
}
function randomBytes(size, callback) {
  if (typeof size !== 'number' || size < 0 || size > 2147483647 || !Number.isInteger(size)) {
    const e = new RangeError('The value of "size" is out of range.');
    e.code = 'ERR_OUT_OF_RANGE';
    throw e;
  }
  const b = randomFillSync(Buffer.alloc(size));
  if (typeof callback === 'function') {
    Promise.resolve().then(() => callback(null, b));
    return undefined;
  }
  return b;
}
function randomFill(buf, offset, size, callback) {
  const cb = [offset, size, callback].find((x) => typeof x === 'function');
  randomFillSync(buf, typeof offset === 'number' ? offset : 0, typeof size === 'number' ? size : undefined);
  Promise.resolve().then(() => cb(null, buf));
}
function randomInt(min, max, callback) {
  if (typeof max !== 'number') {
    callback = max;
    max = min;
    min = 0;
  }
  const range = max - min;
  if (!(range > 0) || range > 2 ** 48) {
    const e = new RangeError('The value of "max" is out of range.');
    e.code = 'ERR_OUT_OF_RANGE';
    throw e;
  }
  const limit = 2 ** 48 - (2 ** 48 % range);
  let x;
  do {
    const b = randomBytes(6);
    x = b.readUIntBE(0, 6);
  } while (x >= limit);
  const n = min + (x % range);
  if (typeof callback === 'function') {
    Promise.resolve().then(() => callback(null, n));
    return undefined;
  }
  return n;
}
const randomUUID = () => bridge.sync('crypto.uuid');
function getRandomValues(array) {
  if (
    !ArrayBuffer.isView(array) ||
    array instanceof Float32Array ||
    array instanceof Float64Array ||
    array instanceof DataView
  )
    throw new DOMException('The data argument must be an integer-type TypedArray', 'TypeMismatchError');
  if (array.byteLength > 65536)
    throw new DOMException(
      "The ArrayBufferView's byte length (" +
        array.byteLength +
        ') exceeds the number of bytes of entropy available via this API (65536)',
      'QuotaExceededError',
    );
  return randomFillSync(array);
}

// ---- derivation ----
function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  return Buffer.from(bridge.sync('crypto.pbkdf2', [bytes(password), bytes(salt), iterations, keylen, digest]));
}
function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  if (typeof digest === 'function') {
    callback = digest;
    digest = undefined;
  }
  bridge.async('crypto.pbkdf2', [bytes(password), bytes(salt), iterations, keylen, digest]).then(
    (v) => callback(null, Buffer.from(v)),
    (e) => callback(e),
  );
}
function hkdfSync(digest, ikm, salt, info, keylen) {
  const k = ikm instanceof KeyObject ? ikm[KEY].key : bytes(ikm);
  return bridge.sync('crypto.hkdf', [digest, k, bytes(salt), bytes(info), keylen]).buffer;
}
function hkdf(digest, ikm, salt, info, keylen, callback) {
  let r;
  try {
    r = hkdfSync(digest, ikm, salt, info, keylen);
  } catch (e) {
    Promise.resolve().then(() => callback(e));
    return;
  }
  Promise.resolve().then(() => callback(null, r));
}
function scryptSync(password, salt, keylen, options) {
  return Buffer.from(bridge.sync('crypto.scrypt', [bytes(password), bytes(salt), keylen, options || {}]));
}
function scrypt(password, salt, keylen, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  bridge.async('crypto.scrypt', [bytes(password), bytes(salt), keylen, options || {}]).then(
    (v) => callback(null, Buffer.from(v)),
    (e) => callback(e),
  );
}

// ---- signatures ----
function sign(algorithm, data, key, callback) {
  const sig = Buffer.from(
    bridge.sync('crypto.sign', [algorithm === undefined ? null : algorithm, bytes(data), describeKey(key)]),
  );
  if (typeof callback === 'function') {
    Promise.resolve().then(() => callback(null, sig));
    return undefined;
  }
  return sig;
}
function verify(algorithm, data, key, signature, callback) {
  const ok = bridge.sync('crypto.verify', [
    algorithm === undefined ? null : algorithm,
    bytes(data),
    describeKey(key),
    bytes(signature),
  ]);
  if (typeof callback === 'function') {
    Promise.resolve().then(() => callback(null, ok));
    return undefined;
  }
  return ok;
}
class Sign {
  constructor(algorithm) {
    this._algorithm = String(algorithm);
    this._chunks = [];
  }
  update(data, encoding) {
    this._chunks.push(bytes(data, encoding));
    return this;
  }
  sign(key, encoding) {
    return out(bridge.sync('crypto.sign', [this._algorithm, concat(this._chunks), describeKey(key)]), encoding);
  }
  write(data, encoding) {
    this.update(data, encoding);
    return true;
  }
  end(data, encoding) {
    if (data !== undefined) this.update(data, encoding);
  }
}
class Verify {
  constructor(algorithm) {
    this._algorithm = String(algorithm);
    this._chunks = [];
  }
  update(data, encoding) {
    this._chunks.push(bytes(data, encoding));
    return this;
  }
  verify(key, signature, encoding) {
    return bridge.sync('crypto.verify', [
      this._algorithm,
      concat(this._chunks),
      describeKey(key),
      bytes(signature, encoding),
    ]);
  }
  write(data, encoding) {
    this.update(data, encoding);
    return true;
  }
  end(data, encoding) {
    if (data !== undefined) this.update(data, encoding);
  }
}
const createSign = (algorithm) => new Sign(algorithm);
const createVerify = (algorithm) => new Verify(algorithm);

function asymmetric(op) {
  return (key, buffer) => Buffer.from(bridge.sync('crypto.' + op, [describeKey(key), bytes(buffer)]));
}

// ---- ciphers (the whole input goes over at final(); update() returns what is ready: nothing) ----
class Cipher {
  constructor(decipher, algorithm, key, iv, options) {
    this._args = {
      decipher,
      algorithm: String(algorithm),
      key: key instanceof KeyObject ? key[KEY].key : bytes(key),
      iv: iv === null || iv === undefined ? null : bytes(iv),
      authTagLength: options && options.authTagLength,
    };
    this._chunks = [];
    this._done = false;
  }
  update(data, inputEncoding, outputEncoding) {
    this._chunks.push(bytes(data, inputEncoding));
    return outputEncoding && outputEncoding !== 'buffer' ? '' : Buffer.alloc(0);
  }
  final(outputEncoding) {
    if (this._done) throw new Error('Unsupported state');
    this._done = true;
    const r = bridge.sync('crypto.cipher', [{ ...this._args, data: concat(this._chunks) }]);
    if (r.authTag) this._authTagOut = Buffer.from(r.authTag);
    return out(r.data, outputEncoding);
  }
  setAAD(aad) {
    this._args.aad = bytes(aad);
    return this;
  }
  setAuthTag(tag) {
    this._args.authTag = bytes(tag);
    return this;
  }
  getAuthTag() {
    return this._authTagOut;
  }
  setAutoPadding(on = true) {
    this._args.autoPadding = !!on;
    return this;
  }
}
const createCipheriv = (algorithm, key, iv, options) => new Cipher(false, algorithm, key, iv, options);
const createDecipheriv = (algorithm, key, iv, options) => new Cipher(true, algorithm, key, iv, options);

function timingSafeEqual(a, b) {
  const x = bytes(a);
  const y = bytes(b);
  if (x.length !== y.length) {
    const e = new RangeError('Input buffers must have the same byte length');
    e.code = 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH';
    throw e;
  }
  let d = 0;
  for (let i = 0; i < x.length; i++) d |= x[i] ^ y[i];
  return d === 0;
}

function generateKeyPairSync(type, options) {
  return wrapPair(bridge.sync('crypto.generateKeyPair', [type, options || {}]));
}
function wrapPair(r) {
  const wrap = (part, kind) =>
    part.descriptor
      ? new KeyObject(kind, part.descriptor, part)
      : typeof part.value === 'string'
        ? part.value
        : Buffer.from(part.value);
  return { publicKey: wrap(r.publicKey, 'public'), privateKey: wrap(r.privateKey, 'private') };
}
/** On the host's thread pool (not its main thread): larger RSA keys are allowed than with generateKeyPairSync. */
function generateKeyPair(type, options, callback) {
  bridge.async('crypto.generateKeyPair', [type, options || {}]).then(
    (r) => {
      const p = wrapPair(r);
      callback(null, p.publicKey, p.privateKey);
    },
    (e) => callback(e),
  );
}
// util.promisify(generateKeyPair) resolves to { publicKey, privateKey }, as in Node.
const promisifiedPair = (type, options) =>
  new Promise((resolve, reject) =>
    generateKeyPair(type, options, (e, publicKey, privateKey) => (e ? reject(e) : resolve({ publicKey, privateKey }))),
  );
generateKeyPair[require('util/').promisify.custom] = promisifiedPair;
generateKeyPair[Symbol.for('nodejs.util.promisify.custom')] = promisifiedPair;
function generateKeySync(type, options) {
  return createSecretKey(randomBytes(Math.floor(((options && options.length) || 256) / 8)));
}

// ---- Web Crypto ----
class CryptoKey {
  constructor(key, jwk, info) {
    if (key !== KEY) throw new TypeError('Illegal constructor');
    this[KEY] = jwk;
    this._type = info.type;
    this._extractable = info.extractable;
    this._algorithm = info.algorithm;
    this._usages = info.usages;
  }
  get type() {
    return this._type;
  }
  get extractable() {
    return this._extractable;
  }
  get algorithm() {
    return this._algorithm;
  }
  get usages() {
    return this._usages;
  }
  get [Symbol.toStringTag]() {
    return 'CryptoKey';
  }
}
const cryptoKey = (r) => new CryptoKey(KEY, r.jwk, r);
const normAlg = (a) => {
  if (typeof a === 'string') return { name: a };
  const o = {};
  for (const k of Object.keys(a)) {
    const v = a[k];
    o[k] =
      ArrayBuffer.isView(v) || v instanceof ArrayBuffer
        ? bytes(v)
        : v instanceof CryptoKey
          ? { cryptoKey: v[KEY], algorithm: v.algorithm, type: v.type }
          : v && typeof v === 'object'
            ? normAlg(v)
            : v;
  }
  return o;
};
const keyArg = (k) => {
  if (!(k instanceof CryptoKey)) throw new TypeError('The "key" argument must be an instance of CryptoKey.');
  return { jwk: k[KEY], algorithm: k.algorithm, type: k.type, usages: k.usages };
};
const toBuffer = (u8) => u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength);
const subtleCall = (method, args) =>
  bridge.async('crypto.subtle', [method, args]).catch((e) => {
    throw new DOMException(e.message, e.name && e.name !== 'Error' ? e.name : 'OperationError');
  });
const usable = (key, usage) => {
  if (!key.usages.includes(usage)) throw new DOMException('Unable to use this key to ' + usage, 'InvalidAccessError');
};

const subtle = {
  async digest(algorithm, data) {
    return toBuffer(await subtleCall('digest', [normAlg(algorithm), bytes(data)]));
  },
  async importKey(format, keyData, algorithm, extractable, usages) {
    const data = format === 'jwk' ? keyData : bytes(keyData);
    return cryptoKey({
      ...(await subtleCall('importKey', [format, data, normAlg(algorithm), usages])),
      extractable: !!extractable,
    });
  },
  async exportKey(format, key) {
    if (!key.extractable) throw new DOMException('key is not extractable', 'InvalidAccessError');
    const r = await subtleCall('exportKey', [format, keyArg(key)]);
    return format === 'jwk' ? r : toBuffer(r);
  },
  async generateKey(algorithm, extractable, usages) {
    const r = await subtleCall('generateKey', [normAlg(algorithm), usages]);
    if (r.privateKey)
      return {
        publicKey: cryptoKey({ ...r.publicKey, extractable: true }),
        privateKey: cryptoKey({ ...r.privateKey, extractable: !!extractable }),
      };
    return cryptoKey({ ...r, extractable: !!extractable });
  },
  async sign(algorithm, key, data) {
    usable(key, 'sign');
    return toBuffer(await subtleCall('sign', [normAlg(algorithm), keyArg(key), bytes(data)]));
  },
  async verify(algorithm, key, signature, data) {
    usable(key, 'verify');
    return subtleCall('verify', [normAlg(algorithm), keyArg(key), bytes(signature), bytes(data)]);
  },
  async encrypt(algorithm, key, data) {
    usable(key, 'encrypt');
    return toBuffer(await subtleCall('encrypt', [normAlg(algorithm), keyArg(key), bytes(data)]));
  },
  async decrypt(algorithm, key, data) {
    usable(key, 'decrypt');
    return toBuffer(await subtleCall('decrypt', [normAlg(algorithm), keyArg(key), bytes(data)]));
  },
  async deriveBits(algorithm, key, length) {
    usable(key, 'deriveBits');
    return toBuffer(
      await subtleCall('deriveBits', [normAlg(algorithm), keyArg(key), length === undefined ? null : length]),
    );
  },
  async deriveKey(algorithm, key, derivedAlgorithm, extractable, usages) {
    usable(key, 'deriveKey');
    return cryptoKey({
      ...(await subtleCall('deriveKey', [normAlg(algorithm), keyArg(key), normAlg(derivedAlgorithm), usages])),
      extractable: !!extractable,
    });
  },
  async wrapKey() {
    throw new DOMException('wrapKey is not supported in actions', 'NotSupportedError');
  },
  async unwrapKey() {
    throw new DOMException('unwrapKey is not supported in actions', 'NotSupportedError');
  },
};
Object.setPrototypeOf(subtle, { [Symbol.toStringTag]: 'SubtleCrypto' });
class SubtleCrypto {
  constructor() {
    throw new TypeError('Illegal constructor');
  }
}
class Crypto {
  constructor() {
    throw new TypeError('Illegal constructor');
  }
}
const webcrypto = Object.create(Crypto.prototype, {
  subtle: { value: subtle, enumerable: true },
  getRandomValues: { value: getRandomValues, enumerable: true, writable: true },
  randomUUID: { value: randomUUID, enumerable: true, writable: true },
  [Symbol.toStringTag]: { value: 'Crypto' },
});

const getHashes = () => bridge.sync('crypto.list', ['hashes']);
const getCiphers = () => bridge.sync('crypto.list', ['ciphers']);
const getCurves = () => bridge.sync('crypto.list', ['curves']);
const constants = {
  RSA_PKCS1_PADDING: 1,
  RSA_NO_PADDING: 3,
  RSA_PKCS1_OAEP_PADDING: 4,
  RSA_PKCS1_PSS_PADDING: 6,
  RSA_PSS_SALTLEN_DIGEST: -1,
  RSA_PSS_SALTLEN_MAX_SIGN: -2,
  RSA_PSS_SALTLEN_AUTO: -2,
  POINT_CONVERSION_COMPRESSED: 2,
  POINT_CONVERSION_UNCOMPRESSED: 4,
};

module.exports = {
  createHash,
  createHmac,
  hash,
  Hash,
  Hmac: Hash,
  randomBytes,
  pseudoRandomBytes: randomBytes,
  randomFillSync,
  randomFill,
  randomInt,
  randomUUID,
  getRandomValues,
  pbkdf2,
  pbkdf2Sync,
  hkdf,
  hkdfSync,
  scrypt,
  scryptSync,
  sign,
  verify,
  createSign,
  createVerify,
  Sign,
  Verify,
  publicEncrypt: asymmetric('publicEncrypt'),
  privateDecrypt: asymmetric('privateDecrypt'),
  privateEncrypt: asymmetric('privateEncrypt'),
  publicDecrypt: asymmetric('publicDecrypt'),
  createCipheriv,
  createDecipheriv,
  timingSafeEqual,
  createPublicKey,
  createPrivateKey,
  createSecretKey,
  KeyObject,
  generateKeyPair,
  generateKeyPairSync,
  generateKeySync,
  webcrypto,
  subtle,
  CryptoKey,
  SubtleCrypto,
  Crypto,
  getHashes,
  getCiphers,
  getCurves,
  constants,
  getFips: () => 0,
  setFips: () => undefined,
};
