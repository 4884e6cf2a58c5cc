/**
 * Node built-in modules inside the sandbox, with and without the node: prefix, used the way actions use them.
 */
import * as nodeCrypto from 'node:crypto';
import * as zlib from 'node:zlib';
import { compatFixture } from './compat-fixture';

describe('compat: built-in modules', () => {
  const c = compatFixture();
  afterAll(() => c.close());

  it('every supported module loads with and without node:, and is the same object', () =>
    c.expectLines(
      `
    const names = ['buffer', 'crypto', 'util', 'url', 'querystring', 'events', 'stream', 'string_decoder', 'path', 'assert', 'timers', 'zlib', 'os', 'http', 'https', 'stream/promises', 'timers/promises', 'util/types', 'assert/strict', 'process', 'perf_hooks', 'async_hooks'];
    console.log(names.filter((n) => typeof require(n) !== 'object' && typeof require(n) !== 'function').join() || 'all', names.every((n) => require('node:' + n) === require(n)));
  `,
      ['all true'],
    ));

  it('refused modules load but every use throws a clear message; unknown modules are not found', () =>
    c.expectLines(
      `
    for (const name of ['fs', 'child_process', 'net', 'tls', 'dgram', 'worker_threads', 'cluster', 'vm']) {
      try { require('node:' + name).anything(); console.log('no refusal'); } catch (e) { console.log(e.message); }
    }
    try { require('left-pad'); } catch (e) { console.log(e.code, e.message); }
    console.log(require('net').isIP('10.0.0.1'));
  `,
      [
        "The module 'fs' is not available in actions: file system access is not allowed (fs.anything)",
        "The module 'child_process' is not available in actions: actions cannot start processes (child_process.anything)",
        "The module 'net' is not available in actions: raw sockets are not allowed (use fetch or https) (net.anything)",
        "The module 'tls' is not available in actions: raw sockets are not allowed (use fetch or https) (tls.anything)",
        "The module 'dgram' is not available in actions: raw sockets are not allowed (dgram.anything)",
        "The module 'worker_threads' is not available in actions: actions cannot start threads (worker_threads.anything)",
        "The module 'cluster' is not available in actions: actions cannot start processes (cluster.anything)",
        "The module 'vm' is not available in actions: actions already run in a sandbox (vm.anything)",
        "MODULE_NOT_FOUND Cannot find module 'left-pad'",
        '4',
      ],
    ));

  it('crypto: hashes, HMAC, random, timingSafeEqual, pbkdf2, ciphers', () =>
    c.expectLines(
      `
    const crypto = require('crypto');
    console.log(crypto.createHash('sha256').update('a').update(Buffer.from('bc')).digest('hex'), crypto.createHash('md5').update('x').digest('base64'), crypto.createHash('sha1').update('').digest('base64url'));
    console.log(crypto.createHmac('sha512', 'k').update('m').digest('hex').slice(0, 16), crypto.randomBytes(8).length, typeof crypto.randomUUID(), crypto.randomInt(5) < 5);
    console.log(crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ab')), crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ac')));
    console.log(crypto.pbkdf2Sync('pw', 'salt', 1000, 16, 'sha256').toString('hex'), await require('util').promisify(crypto.pbkdf2)('pw', 'salt', 1000, 16, 'sha256').then((b) => b.toString('hex')));
    const key = crypto.randomBytes(32), iv = crypto.randomBytes(12);
    const enc = crypto.createCipheriv('aes-256-gcm', key, iv); const ct = Buffer.concat([enc.update('secret text', 'utf8'), enc.final()]); const tag = enc.getAuthTag();
    const dec = crypto.createDecipheriv('aes-256-gcm', key, iv); dec.setAuthTag(tag);
    console.log(Buffer.concat([dec.update(ct), dec.final()]).toString(), crypto.getHashes().includes('sha256'), crypto.webcrypto === globalThis.crypto);
  `,
      [
        `${sha('sha256', 'abc', 'hex')} ${sha('md5', 'x', 'base64')} ${sha('sha1', '', 'base64url')}`,
        `${nodeCrypto.createHmac('sha512', 'k').update('m').digest('hex').slice(0, 16)} 8 string true`,
        'true false',
        `${nodeCrypto.pbkdf2Sync('pw', 'salt', 1000, 16, 'sha256').toString('hex')} ${nodeCrypto.pbkdf2Sync('pw', 'salt', 1000, 16, 'sha256').toString('hex')}`,
        'secret text true true',
      ],
    ));

  it("crypto: hashes and HMACs equal Node's for every size and algorithm (in the isolate up to 8 kB, on the host above)", async () => {
    const sizes = [0, 1, 55, 64, 300, 8192, 8193, 70_000];
    const algs = [
      'sha1',
      'md5',
      'sha224',
      'sha256',
      'SHA256',
      'sha384',
      'sha512',
      'sha512-256',
      'sha3-256',
      'ripemd160',
    ];
    const longKey = 'k'.repeat(200);
    const expected: string[] = [];
    for (const alg of algs)
      for (const size of sizes) {
        const data = Buffer.alloc(size, size % 251);
        expected.push(
          `${alg} ${size} ${nodeCrypto.createHash(alg).update(data).digest('hex')} ${nodeCrypto.createHmac(alg, longKey).update(data).digest('base64')} ${nodeCrypto.createHmac(alg, 'short').update(data).digest('hex')}`,
        );
      }
    await c.expectLines(
      `
      const crypto = require('crypto');
      for (const alg of ${JSON.stringify(algs)}) for (const size of ${JSON.stringify(sizes)}) {
        const data = Buffer.alloc(size, size % 251);
        console.log(alg, size, crypto.createHash(alg).update(data).digest('hex'), crypto.createHmac(alg, ${JSON.stringify(longKey)}).update(data).digest('base64'), crypto.createHmac(alg, 'short').update(data).digest('hex'));
      }
    `,
      expected,
    );
  });

  it('crypto: sign/verify with RSA and EC keys (PEM, KeyObject, JWK), createSign/createVerify', async () => {
    const rsa = nodeCrypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = nodeCrypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = (k: nodeCrypto.KeyObject, type: 'pkcs8' | 'spki') => JSON.stringify(k.export({ format: 'pem', type }));
    const expectedSig = nodeCrypto.sign('sha256', Buffer.from('data'), rsa.privateKey).toString('base64');
    await c.expectLines(
      `
      const crypto = require('node:crypto');
      const rsaPriv = ${pem(rsa.privateKey, 'pkcs8')}, rsaPub = ${pem(rsa.publicKey, 'spki')}, ecPriv = ${pem(ec.privateKey, 'pkcs8')};
      const s = crypto.createSign('RSA-SHA256').update('data').sign(rsaPriv, 'base64');
      console.log(s === ${JSON.stringify(expectedSig)}, crypto.createVerify('RSA-SHA256').update('data').verify(rsaPub, s, 'base64'), crypto.verify('sha256', Buffer.from('datX'), rsaPub, Buffer.from(s, 'base64')));
      const priv = crypto.createPrivateKey(ecPriv); const pub = crypto.createPublicKey(priv);
      const sig = crypto.sign('sha256', Buffer.from('m'), { key: priv, dsaEncoding: 'ieee-p1363' });
      console.log(priv.type, priv.asymmetricKeyType, pub.type, sig.length, crypto.verify('sha256', Buffer.from('m'), { key: pub, dsaEncoding: 'ieee-p1363' }, sig));
      const jwk = pub.export({ format: 'jwk' });
      console.log(jwk.kty, jwk.crv, crypto.createPublicKey({ key: jwk, format: 'jwk' }).asymmetricKeyDetails.namedCurve, require('util').types.isKeyObject(pub), pub instanceof crypto.KeyObject);
      const rsaKey = crypto.createPublicKey(rsaPub);
      console.log(rsaKey.asymmetricKeyDetails.modulusLength, crypto.createSecretKey(Buffer.from('k')).symmetricKeySize);
    `,
      ['true true false', 'private ec public 64 true', 'EC P-256 prime256v1 true true', '2048 1'],
    );
  });

  it('crypto work that would hold the host thread is bounded; the async forms run on the thread pool', () =>
    c.expectLines(
      `
    const crypto = require('crypto');
    try { crypto.pbkdf2Sync('pw', 'salt', 700000, 32, 'sha256'); } catch (e) { console.log(e.name, e.message); }
    try { crypto.generateKeyPairSync('rsa', { modulusLength: 4096 }); } catch (e) { console.log(e.name); }
    try { crypto.scryptSync('pw', 'salt', 32, { N: 2 ** 20, maxmem: 2 ** 40 }); } catch (e) { console.log(e.name); }
    const { publicKey, privateKey } = await require('util').promisify(crypto.generateKeyPair)('rsa', { modulusLength: 2048 });
    console.log(publicKey.asymmetricKeyDetails.modulusLength, privateKey.type);
  `,
      [
        'RangeError pbkdf2 with more than 600000 iterations is not allowed synchronously in actions (use pbkdf2)',
        'RangeError',
        'RangeError',
        '2048 private',
      ],
    ));

  it('util: promisify, inspect, format, types, inherits, TextEncoder, isDeepStrictEqual', () =>
    c.expectLines(
      `
    const util = require('util');
    const later = util.promisify((x, cb) => setTimeout(() => cb(null, x * 2), 1));
    console.log(await later(21), util.format('%s=%d %j', 'a', 42, { b: 1 }), util.inspect({ a: [1, { b: 2 }] }), util.inspect('s'));
    console.log(util.types.isPromise(Promise.resolve()), util.types.isDate(new Date()), util.types.isUint8Array(Buffer.alloc(1)), util.isDeepStrictEqual({ a: [1] }, { a: [1] }), new util.TextEncoder().encode('x')[0]);
    function A() {} function B() {} util.inherits(B, A); console.log(new B() instanceof A, typeof util.deprecate(() => 1, 'x'), typeof util.callbackify);
  `,
      ['42 a=42 {"b":1} { a: [ 1, { b: 2 } ] } \'s\'', 'true true true true 120', 'true function function'],
    ));

  it('url, querystring, path, os, string_decoder, events, assert', () =>
    c.expectLines(
      `
    const url = require('url'), qs = require('querystring'), path = require('path'), os = require('os');
    const p = url.parse('https://u@example.com:81/a/b?x=1#h', true);
    console.log(p.hostname, p.port, p.query.x, url.format({ protocol: 'https', host: 'x.com', pathname: '/p' }), url.resolve('http://a/b/c', '../d'), url.fileURLToPath('file:///tmp/a%20b'));
    console.log(qs.stringify({ a: [1, 2], b: 'x y' }), qs.parse('a=1&a=2&b=3').a.join(), path.join('/a', '../b', 'c.txt'), path.extname('x.json'), path.basename('/a/b.js', '.js'), path.resolve('/x', 'y'));
    console.log(os.platform(), os.EOL === '\\n', typeof os.hostname(), os.cpus().length);
    const { StringDecoder } = require('string_decoder'); const d = new StringDecoder('utf8'); const euro = Buffer.from('€');
    console.log(d.write(euro.subarray(0, 1)) + d.write(euro.subarray(1)) + d.end());
    const EventEmitter = require('events'); const e = new EventEmitter(); let got = 0; e.once('x', (v) => { got = v; }); e.emit('x', 7); e.emit('x', 8);
    const [first] = await Promise.all([EventEmitter.once(e, 'y'), Promise.resolve().then(() => e.emit('y', 9))]);
    console.log(got, first[0], e.listenerCount('x'), EventEmitter.defaultMaxListeners);
    const assert = require('assert'); assert.strictEqual(1, 1); assert.deepStrictEqual({ a: 1 }, { a: 1 });
    try { assert.strictEqual(1, 2); } catch (err) { console.log(err.name, err.code); }
    try { require('assert/strict').equal(1, '1'); } catch (err) { console.log(err.code); }
  `,
      [
        'example.com 81 1 https://x.com/p http://a/d /tmp/a b',
        'a=1&a=2&b=x%20y 1,2 /b/c.txt .json b /x/y',
        'linux true string 0',
        '€',
        '7 9 0 10',
        'AssertionError ERR_ASSERTION',
        'ERR_ASSERTION',
      ],
    ));

  it('stream: Readable, Transform, pipeline, stream/promises, Readable.from', () =>
    c.expectLines(
      `
    const { Readable, Transform, Writable, pipeline } = require('stream');
    const upper = new Transform({ transform(chunk, enc, cb) { cb(null, String(chunk).toUpperCase()); } });
    let out = '';
    await require('stream/promises').pipeline(Readable.from(['a', 'b', 'c']), upper, new Writable({ write(chunk, enc, cb) { out += chunk; cb(); } }));
    const chunks = []; for await (const x of Readable.from([1, 2])) chunks.push(x);
    console.log(out, chunks.join(), typeof pipeline);
  `,
      ['ABC 1,2 function'],
    ));

  it('zlib: gzip/gunzip, deflate/inflate (sync, callback and streams)', () =>
    c.expectLines(
      `
    const zlib = require('zlib');
    const gz = zlib.gzipSync('hello hello hello');
    console.log(gz[0], gz[1], zlib.gunzipSync(gz).toString(), zlib.inflateSync(zlib.deflateSync(Buffer.from('x'))).toString(), zlib.inflateRawSync(zlib.deflateRawSync('raw')).toString());
    const back = await require('util').promisify(zlib.gunzip)(gz);
    console.log(back.toString().length);
  `,
      ['31 139 hello hello hello x raw', '17'],
    ));

  it('zlib one-shots run on the host: brotli too, and a decompression bomb stops at the bound', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(40 * 1024 * 1024)).toString('base64');
    await c.expectLines(
      `
      const zlib = require('zlib');
      console.log(zlib.brotliDecompressSync(zlib.brotliCompressSync('brotli!')).toString(), zlib.unzipSync(zlib.deflateSync('u')).toString());
      try { zlib.gunzipSync(Buffer.from('${bomb}', 'base64')); console.log('inflated'); } catch (e) { console.log(e.name, e.code); }
    `,
      ['brotli! u', 'RangeError ERR_BUFFER_TOO_LARGE'],
    );
  });

  it('timers and process modules', () =>
    c.expectLines(
      `
    const timers = require('timers');
    await new Promise((r) => timers.setTimeout(r, 1));
    console.log(typeof timers.setImmediate, typeof require('process').nextTick, await require('node:timers/promises').setImmediate('i'));
  `,
      ['function function i'],
    ));
});

function sha(alg: string, data: string, enc: nodeCrypto.BinaryToTextEncoding | 'base64url'): string {
  return nodeCrypto
    .createHash(alg)
    .update(data)
    .digest(enc as nodeCrypto.BinaryToTextEncoding);
}
