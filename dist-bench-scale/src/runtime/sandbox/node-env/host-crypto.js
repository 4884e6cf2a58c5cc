"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.cryptoSync = cryptoSync;
exports.cryptoAsync = cryptoAsync;
/**
 * The host half of the isolate's `crypto`: node:crypto operations on bytes and key descriptions that came over
 * the bridge. Nothing returned is a host object: bytes, strings, booleans and plain JSON only (keys go back in
 * an exported form — PEM / JWK — that the isolate wraps). Work that could hold the host's event loop is bounded.
 */
const crypto = __importStar(require("node:crypto"));
/**
 * Work above these bounds is refused: a synchronous call runs on the host's thread (every tenant waits), so the
 * synchronous bounds are lower than the asynchronous ones (those run on libuv's thread pool).
 */
const MAX_PBKDF2_ITERATIONS_SYNC = 600_000;
const MAX_PBKDF2_ITERATIONS = 2_000_000;
const MAX_DERIVED_BYTES = 1024;
const MAX_SCRYPT_N = 2 ** 17;
const MAX_RSA_BITS_SYNC = 2048;
const MAX_RSA_BITS = 4096;
const u8 = (b) => (b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength).slice());
const buf = (v) => (typeof v === 'string' ? Buffer.from(v) : Buffer.from(v));
function keyInput(d) {
    const out = {};
    for (const k of ['format', 'type', 'encoding'])
        if (d[k] !== undefined)
            out[k] = d[k];
    if (d.passphrase !== undefined)
        out.passphrase = typeof d.passphrase === 'string' ? d.passphrase : Buffer.from(d.passphrase);
    out.key = d.format === 'jwk' ? d.key : typeof d.key === 'string' ? d.key : Buffer.from(d.key);
    return out;
}
function hostKey(d, kind) {
    const want = d.keyObject ?? kind;
    if (want === 'secret')
        return crypto.createSecretKey(Buffer.from(d.key));
    if (want === 'private')
        return crypto.createPrivateKey(keyInput(d));
    if (want === 'public')
        return crypto.createPublicKey(keyInput(d));
    // A bare key for sign(): private; for verify(): public (a private key verifies too).
    try {
        return crypto.createPrivateKey(keyInput(d));
    }
    catch {
        return crypto.createPublicKey(keyInput(d));
    }
}
/** How the isolate keeps a key: its PEM (asymmetric) with facts about it. */
function describe(k) {
    const descriptor = k.type === 'private'
        ? { format: 'pem', type: 'pkcs8', key: k.export({ format: 'pem', type: 'pkcs8' }) }
        : { format: 'pem', type: 'spki', key: k.export({ format: 'pem', type: 'spki' }) };
    const details = k.asymmetricKeyDetails ? { ...k.asymmetricKeyDetails } : undefined;
    if (details?.publicExponent !== undefined)
        details.publicExponent = Number(details.publicExponent);
    return { type: k.type, asymmetricKeyType: k.asymmetricKeyType, asymmetricKeyDetails: details, descriptor };
}
function signOptions(d, key) {
    const o = { key };
    if (d.padding !== undefined)
        o.padding = d.padding;
    if (d.saltLength !== undefined)
        o.saltLength = d.saltLength;
    if (d.dsaEncoding !== undefined)
        o.dsaEncoding = d.dsaEncoding;
    return o;
}
function cryptoSync(op, args) {
    switch (op) {
        case 'crypto.random': {
            const n = Number(args[0]);
            if (!(n >= 0 && n <= 65536))
                throw new RangeError('at most 65536 random bytes per call');
            return u8(crypto.randomBytes(n));
        }
        case 'crypto.uuid':
            return crypto.randomUUID();
        case 'crypto.hash':
            return u8(crypto.createHash(String(args[0]), args[2] === undefined || args[2] === null ? undefined : { outputLength: Number(args[2]) }).update(buf(args[1])).digest());
        case 'crypto.hmac':
            return u8(crypto.createHmac(String(args[0]), buf(args[1])).update(buf(args[2])).digest());
        case 'crypto.pbkdf2':
            return u8(crypto.pbkdf2Sync(buf(args[0]), buf(args[1]), boundedIterations(args[2], MAX_PBKDF2_ITERATIONS_SYNC), boundedLength(args[3]), String(args[4] ?? 'sha1')));
        case 'crypto.hkdf':
            return u8(Buffer.from(crypto.hkdfSync(String(args[0]), buf(args[1]), buf(args[2]), buf(args[3]), boundedLength(args[4]))));
        case 'crypto.scrypt': {
            // Only the cost parameters pass; maxmem stays Node's default (32 MB), which bounds N × r.
            const o = (args[3] ?? {});
            const options = {};
            const N = Number(o.N ?? o.cost ?? 16384);
            if (!(N <= MAX_SCRYPT_N))
                throw new RangeError(`scrypt cost above ${MAX_SCRYPT_N} is not allowed in actions`);
            options.N = N;
            const r = o.r ?? o.blockSize;
            const par = o.p ?? o.parallelization;
            if (r !== undefined)
                options.r = Number(r);
            if (par !== undefined)
                options.p = Number(par);
            return u8(crypto.scryptSync(buf(args[0]), buf(args[1]), boundedLength(args[2]), options));
        }
        case 'crypto.key': {
            const k = hostKey(args[0], args[1]);
            return describe(args[1] === 'public' && k.type === 'private' ? crypto.createPublicKey(k) : k);
        }
        case 'crypto.export': {
            const k = hostKey(args[0], args[1]);
            const o = args[2];
            const v = k.export(o);
            return Buffer.isBuffer(v) ? u8(v) : v;
        }
        case 'crypto.sign': {
            const d = args[2];
            const key = hostKey(d, 'private');
            return u8(crypto.sign(args[0] === null ? null : String(args[0]), buf(args[1]), signOptions(d, key)));
        }
        case 'crypto.verify': {
            const d = args[2];
            const key = d.keyObject === 'private' ? crypto.createPublicKey(hostKey(d)) : hostKey(d);
            return crypto.verify(args[0] === null ? null : String(args[0]), buf(args[1]), signOptions(d, key), buf(args[3]));
        }
        case 'crypto.publicEncrypt':
        case 'crypto.privateDecrypt':
        case 'crypto.privateEncrypt':
        case 'crypto.publicDecrypt': {
            const d = args[0];
            const fn = crypto[op.slice(7)];
            const key = hostKey(d, op === 'crypto.privateDecrypt' || op === 'crypto.privateEncrypt' ? 'private' : undefined);
            return u8(fn({ key, ...(d.padding !== undefined ? { padding: d.padding } : {}) }, buf(args[1])));
        }
        case 'crypto.cipher': {
            const a = args[0];
            const options = a.authTagLength ? { authTagLength: a.authTagLength } : undefined;
            const c = a.decipher
                ? crypto.createDecipheriv(a.algorithm, Buffer.from(a.key), a.iv ? Buffer.from(a.iv) : null, options)
                : crypto.createCipheriv(a.algorithm, Buffer.from(a.key), a.iv ? Buffer.from(a.iv) : null, options);
            if (a.aad)
                c.setAAD(Buffer.from(a.aad));
            if (a.authTag && a.decipher)
                c.setAuthTag(Buffer.from(a.authTag));
            if (a.autoPadding === false)
                c.setAutoPadding(false);
            const data = Buffer.concat([c.update(Buffer.from(a.data)), c.final()]);
            const tag = !a.decipher && typeof c.getAuthTag === 'function' && /gcm|ccm|ocb|chacha20-poly1305/i.test(a.algorithm) ? u8(c.getAuthTag()) : undefined;
            return { data: u8(data), ...(tag ? { authTag: tag } : {}) };
        }
        case 'crypto.generateKeyPair': {
            const options = keyPairOptions(args[1], MAX_RSA_BITS_SYNC);
            const pair = crypto.generateKeyPairSync(String(args[0]), options);
            return describePair(pair);
        }
        case 'crypto.list':
            return args[0] === 'ciphers' ? crypto.getCiphers() : args[0] === 'curves' ? crypto.getCurves() : crypto.getHashes();
        default:
            throw new Error(`unknown operation ${op}`);
    }
}
function keyPairOptions(raw, maxRsaBits) {
    const options = { ...raw };
    if (typeof options.modulusLength === 'number' && options.modulusLength > maxRsaBits) {
        throw new RangeError(`RSA keys above ${maxRsaBits} bits are not generated ${maxRsaBits === MAX_RSA_BITS ? 'in actions' : 'synchronously in actions (use generateKeyPair)'}`);
    }
    return options;
}
function describePair(pair) {
    const part = (v) => (v instanceof crypto.KeyObject ? describe(v) : { value: Buffer.isBuffer(v) ? u8(v) : v });
    return { publicKey: part(pair.publicKey), privateKey: part(pair.privateKey) };
}
async function cryptoAsync(op, args) {
    if (op === 'crypto.generateKeyPair') {
        const options = keyPairOptions(args[1], MAX_RSA_BITS);
        return new Promise((resolve, reject) => crypto.generateKeyPair(String(args[0]), options, (e, publicKey, privateKey) => (e ? reject(e) : resolve(describePair({ publicKey, privateKey })))));
    }
    if (op === 'crypto.pbkdf2') {
        const digest = String(args[4] ?? 'sha1');
        return new Promise((resolve, reject) => crypto.pbkdf2(buf(args[0]), buf(args[1]), boundedIterations(args[2]), boundedLength(args[3]), digest, (e, key) => (e ? reject(e) : resolve(u8(key)))));
    }
    if (op === 'crypto.scrypt')
        return cryptoSync(op, args);
    if (op === 'crypto.subtle')
        return subtle(String(args[0]), args[1]);
    throw new Error(`unknown operation ${op}`);
}
function boundedIterations(v, max = MAX_PBKDF2_ITERATIONS) {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
        throw new TypeError('The "iterations" argument must be a positive integer');
    if (n > max)
        throw new RangeError(`pbkdf2 with more than ${max} iterations is not allowed ${max === MAX_PBKDF2_ITERATIONS ? 'in actions' : 'synchronously in actions (use pbkdf2)'}`);
    return n;
}
function boundedLength(v) {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > MAX_DERIVED_BYTES)
        throw new RangeError(`derived keys are limited to ${MAX_DERIVED_BYTES} bytes in actions`);
    return n;
}
const wc = crypto.webcrypto.subtle;
function algorithmOf(a) {
    const out = {};
    for (const [k, v] of Object.entries(a))
        out[k] = v instanceof Uint8Array ? Buffer.from(v) : v && typeof v === 'object' && 'cryptoKey' in v ? undefined : v;
    return out;
}
/** Key kinds that cannot be exported as JWK (PBKDF2, HKDF) travel as their raw bytes under this marker. */
const RAW_KTY = 'raw-secret';
async function importArg(k) {
    const alg = { ...k.algorithm };
    if (alg.publicExponent)
        alg.publicExponent = Buffer.from(alg.publicExponent);
    if (k.jwk.kty === RAW_KTY)
        return wc.importKey('raw', Buffer.from(String(k.jwk.k), 'base64url'), alg, false, k.usages);
    return wc.importKey('jwk', k.jwk, alg, true, k.usages);
}
async function plain(key) {
    const jwk = await wc.exportKey('jwk', key);
    const algorithm = { ...key.algorithm };
    if (algorithm.publicExponent)
        algorithm.publicExponent = u8(algorithm.publicExponent);
    return { jwk, type: key.type, algorithm, usages: key.usages };
}
async function subtle(method, a) {
    switch (method) {
        case 'digest':
            return u8(await wc.digest(algorithmOf(a[0]), buf(a[1])));
        case 'importKey': {
            const algorithm = algorithmOf(a[2]);
            if (a[0] === 'raw' && /^(PBKDF2|HKDF)$/i.test(String(algorithm.name))) {
                const key = await wc.importKey('raw', buf(a[1]), algorithm, false, a[3]);
                return { jwk: { kty: RAW_KTY, k: buf(a[1]).toString('base64url') }, type: key.type, algorithm: { ...key.algorithm }, usages: key.usages };
            }
            const data = a[0] === 'jwk' ? a[1] : buf(a[1]);
            return plain(await wc.importKey(a[0], data, algorithmOf(a[2]), true, a[3]));
        }
        case 'exportKey': {
            const v = await wc.exportKey(a[0], await importArg(a[1]));
            return v instanceof ArrayBuffer ? u8(v) : v;
        }
        case 'generateKey': {
            const alg = algorithmOf(a[0]);
            if (typeof alg.modulusLength === 'number' && alg.modulusLength > MAX_RSA_BITS)
                throw new RangeError(`RSA keys above ${MAX_RSA_BITS} bits are not generated in actions`);
            const r = await wc.generateKey(alg, true, a[1]);
            if ('privateKey' in r) {
                const pair = r;
                return { publicKey: await plain(pair.publicKey), privateKey: await plain(pair.privateKey) };
            }
            return plain(r);
        }
        case 'sign':
            return u8(await wc.sign(algorithmOf(a[0]), await importArg(a[1]), buf(a[2])));
        case 'verify':
            return wc.verify(algorithmOf(a[0]), await importArg(a[1]), buf(a[2]), buf(a[3]));
        case 'encrypt':
            return u8(await wc.encrypt(algorithmOf(a[0]), await importArg(a[1]), buf(a[2])));
        case 'decrypt':
            return u8(await wc.decrypt(algorithmOf(a[0]), await importArg(a[1]), buf(a[2])));
        case 'deriveBits': {
            const alg = algorithmOf(a[0]);
            const pub = a[0].public;
            if (pub?.cryptoKey)
                alg.public = await importArg({ jwk: pub.cryptoKey, algorithm: pub.algorithm, type: pub.type ?? 'public', usages: [] });
            if (typeof alg.iterations === 'number')
                boundedIterations(alg.iterations);
            return u8(await wc.deriveBits(alg, await importArg(a[1]), a[2] === null ? null : Number(a[2])));
        }
        case 'deriveKey': {
            const alg = algorithmOf(a[0]);
            if (typeof alg.iterations === 'number')
                boundedIterations(alg.iterations);
            return plain(await wc.deriveKey(alg, await importArg(a[1]), algorithmOf(a[2]), true, a[3]));
        }
        default:
            throw new Error(`SubtleCrypto.${method} is not supported in actions`);
    }
}
//# sourceMappingURL=host-crypto.js.map