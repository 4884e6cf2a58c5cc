/**
 * The host half of the isolate's `crypto`: node:crypto operations on bytes and key descriptions that came over
 * the bridge. Nothing returned is a host object: bytes, strings, booleans and plain JSON only (keys go back in
 * an exported form — PEM / JWK — that the isolate wraps). Work that could hold the host's event loop is bounded.
 */
import * as crypto from 'node:crypto';

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

type KeyDesc = {
  key?: unknown;
  keyObject?: 'public' | 'private' | 'secret';
  format?: string;
  type?: string;
  passphrase?: unknown;
  padding?: number;
  saltLength?: number;
  dsaEncoding?: string;
  encoding?: string;
  [k: string]: unknown;
};

const u8 = (b: Buffer | ArrayBuffer | Uint8Array): Uint8Array =>
  b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength).slice();
const buf = (v: unknown): Buffer => (typeof v === 'string' ? Buffer.from(v) : Buffer.from(v as Uint8Array));

function keyInput(d: KeyDesc): crypto.PrivateKeyInput | crypto.PublicKeyInput | crypto.JsonWebKeyInput {
  const out: Record<string, unknown> = {};
  for (const k of ['format', 'type', 'encoding'] as const) if (d[k] !== undefined) out[k] = d[k];
  if (d.passphrase !== undefined)
    out.passphrase = typeof d.passphrase === 'string' ? d.passphrase : Buffer.from(d.passphrase as Uint8Array);
  out.key = d.format === 'jwk' ? d.key : typeof d.key === 'string' ? d.key : Buffer.from(d.key as Uint8Array);
  return out as unknown as crypto.PrivateKeyInput;
}

function hostKey(d: KeyDesc, kind?: 'public' | 'private' | 'secret'): crypto.KeyObject {
  const want = d.keyObject ?? kind;
  if (want === 'secret') return crypto.createSecretKey(Buffer.from(d.key as Uint8Array));
  if (want === 'private') return crypto.createPrivateKey(keyInput(d) as crypto.PrivateKeyInput);
  if (want === 'public') return crypto.createPublicKey(keyInput(d) as crypto.PublicKeyInput);
  // A bare key for sign(): private; for verify(): public (a private key verifies too).
  try {
    return crypto.createPrivateKey(keyInput(d) as crypto.PrivateKeyInput);
  } catch {
    return crypto.createPublicKey(keyInput(d) as crypto.PublicKeyInput);
  }
}

/** How the isolate keeps a key: its PEM (asymmetric) with facts about it. */
function describe(k: crypto.KeyObject) {
  const descriptor =
    k.type === 'private'
      ? { format: 'pem', type: 'pkcs8', key: k.export({ format: 'pem', type: 'pkcs8' }) as string }
      : { format: 'pem', type: 'spki', key: k.export({ format: 'pem', type: 'spki' }) as string };
  const details = k.asymmetricKeyDetails ? { ...k.asymmetricKeyDetails } : undefined;
  if (details?.publicExponent !== undefined)
    (details as Record<string, unknown>).publicExponent = Number(details.publicExponent);
  return { type: k.type, asymmetricKeyType: k.asymmetricKeyType, asymmetricKeyDetails: details, descriptor };
}

function signOptions(d: KeyDesc, key: crypto.KeyObject) {
  const o: Record<string, unknown> = { key };
  if (d.padding !== undefined) o.padding = d.padding;
  if (d.saltLength !== undefined) o.saltLength = d.saltLength;
  if (d.dsaEncoding !== undefined) o.dsaEncoding = d.dsaEncoding;
  return o as unknown as crypto.SignKeyObjectInput;
}

export function cryptoSync(op: string, args: unknown[]): unknown {
  switch (op) {
    case 'crypto.random': {
      const n = Number(args[0]);
      if (!(n >= 0 && n <= 65536)) throw new RangeError('at most 65536 random bytes per call');
      return u8(crypto.randomBytes(n));
    }
    case 'crypto.uuid':
      return crypto.randomUUID();
    case 'crypto.hash':
      return u8(
        crypto
          .createHash(
            String(args[0]),
            args[2] === undefined || args[2] === null ? undefined : { outputLength: Number(args[2]) },
          )
          .update(buf(args[1]))
          .digest(),
      );
    case 'crypto.hmac':
      return u8(crypto.createHmac(String(args[0]), buf(args[1])).update(buf(args[2])).digest());
    case 'crypto.pbkdf2':
      return u8(
        crypto.pbkdf2Sync(
          buf(args[0]),
          buf(args[1]),
          boundedIterations(args[2], MAX_PBKDF2_ITERATIONS_SYNC),
          boundedLength(args[3]),
          String(args[4] ?? 'sha1'),
        ),
      );
    case 'crypto.hkdf':
      return u8(
        Buffer.from(crypto.hkdfSync(String(args[0]), buf(args[1]), buf(args[2]), buf(args[3]), boundedLength(args[4]))),
      );
    case 'crypto.scrypt': {
      // Only the cost parameters pass; maxmem stays Node's default (32 MB), which bounds N × r.
      const o = (args[3] ?? {}) as Record<string, unknown>;
      const options: crypto.ScryptOptions = {};
      const N = Number(o.N ?? o.cost ?? 16384);
      if (!(N <= MAX_SCRYPT_N)) throw new RangeError(`scrypt cost above ${MAX_SCRYPT_N} is not allowed in actions`);
      options.N = N;
      const r = o.r ?? o.blockSize;
      const par = o.p ?? o.parallelization;
      if (r !== undefined) options.r = Number(r);
      if (par !== undefined) options.p = Number(par);
      return u8(crypto.scryptSync(buf(args[0]), buf(args[1]), boundedLength(args[2]), options));
    }
    case 'crypto.key': {
      const k = hostKey(args[0] as KeyDesc, args[1] as 'public' | 'private');
      return describe(args[1] === 'public' && k.type === 'private' ? crypto.createPublicKey(k) : k);
    }
    case 'crypto.export': {
      const k = hostKey(args[0] as KeyDesc, args[1] as 'public' | 'private');
      const o = args[2] as crypto.KeyExportOptions<'pem'> | crypto.JwkKeyExportOptions;
      const v = k.export(o as crypto.KeyExportOptions<'pem'>) as unknown;
      return Buffer.isBuffer(v) ? u8(v) : v;
    }
    case 'crypto.sign': {
      const d = args[2] as KeyDesc;
      const key = hostKey(d, 'private');
      return u8(crypto.sign(args[0] === null ? null : String(args[0]), buf(args[1]), signOptions(d, key)));
    }
    case 'crypto.verify': {
      const d = args[2] as KeyDesc;
      const key = d.keyObject === 'private' ? crypto.createPublicKey(hostKey(d)) : hostKey(d);
      return crypto.verify(
        args[0] === null ? null : String(args[0]),
        buf(args[1]),
        signOptions(d, key) as crypto.VerifyKeyObjectInput,
        buf(args[3]),
      );
    }
    case 'crypto.publicEncrypt':
    case 'crypto.privateDecrypt':
    case 'crypto.privateEncrypt':
    case 'crypto.publicDecrypt': {
      const d = args[0] as KeyDesc;
      const fn = crypto[op.slice(7) as 'publicEncrypt'];
      const key = hostKey(d, op === 'crypto.privateDecrypt' || op === 'crypto.privateEncrypt' ? 'private' : undefined);
      return u8(
        fn({ key, ...(d.padding !== undefined ? { padding: d.padding } : {}) } as crypto.RsaPublicKey, buf(args[1])),
      );
    }
    case 'crypto.cipher': {
      const a = args[0] as {
        decipher: boolean;
        algorithm: string;
        key: Uint8Array;
        iv: Uint8Array | null;
        data: Uint8Array;
        aad?: Uint8Array;
        authTag?: Uint8Array;
        autoPadding?: boolean;
        authTagLength?: number;
      };
      const options = a.authTagLength ? { authTagLength: a.authTagLength } : undefined;
      const c = a.decipher
        ? crypto.createDecipheriv(a.algorithm, Buffer.from(a.key), a.iv ? Buffer.from(a.iv) : null, options as never)
        : crypto.createCipheriv(a.algorithm, Buffer.from(a.key), a.iv ? Buffer.from(a.iv) : null, options as never);
      if (a.aad) (c as crypto.CipherGCM).setAAD(Buffer.from(a.aad));
      if (a.authTag && a.decipher) (c as crypto.DecipherGCM).setAuthTag(Buffer.from(a.authTag));
      if (a.autoPadding === false) c.setAutoPadding(false);
      const data = Buffer.concat([c.update(Buffer.from(a.data)), c.final()]);
      const tag =
        !a.decipher &&
        typeof (c as crypto.CipherGCM).getAuthTag === 'function' &&
        /gcm|ccm|ocb|chacha20-poly1305/i.test(a.algorithm)
          ? u8((c as crypto.CipherGCM).getAuthTag())
          : undefined;
      return { data: u8(data), ...(tag ? { authTag: tag } : {}) };
    }
    case 'crypto.generateKeyPair': {
      const options = keyPairOptions(args[1], MAX_RSA_BITS_SYNC);
      const pair = crypto.generateKeyPairSync(String(args[0]) as 'rsa', options as never) as unknown as {
        publicKey: unknown;
        privateKey: unknown;
      };
      return describePair(pair);
    }
    case 'crypto.list':
      return args[0] === 'ciphers'
        ? crypto.getCiphers()
        : args[0] === 'curves'
          ? crypto.getCurves()
          : crypto.getHashes();
    default:
      throw new Error(`unknown operation ${op}`);
  }
}

function keyPairOptions(raw: unknown, maxRsaBits: number): Record<string, unknown> {
  const options = { ...(raw as Record<string, unknown>) };
  if (typeof options.modulusLength === 'number' && options.modulusLength > maxRsaBits) {
    throw new RangeError(
      `RSA keys above ${maxRsaBits} bits are not generated ${maxRsaBits === MAX_RSA_BITS ? 'in actions' : 'synchronously in actions (use generateKeyPair)'}`,
    );
  }
  return options;
}

function describePair(pair: { publicKey: unknown; privateKey: unknown }) {
  const part = (v: unknown) =>
    v instanceof crypto.KeyObject ? describe(v) : { value: Buffer.isBuffer(v) ? u8(v) : v };
  return { publicKey: part(pair.publicKey), privateKey: part(pair.privateKey) };
}

export async function cryptoAsync(op: string, args: unknown[]): Promise<unknown> {
  if (op === 'crypto.generateKeyPair') {
    const options = keyPairOptions(args[1], MAX_RSA_BITS);
    return new Promise((resolve, reject) =>
      crypto.generateKeyPair(
        String(args[0]) as 'rsa',
        options as never,
        (e: Error | null, publicKey: unknown, privateKey: unknown) =>
          e ? reject(e) : resolve(describePair({ publicKey, privateKey })),
      ),
    );
  }
  if (op === 'crypto.pbkdf2') {
    const digest = String(args[4] ?? 'sha1');
    return new Promise((resolve, reject) =>
      crypto.pbkdf2(buf(args[0]), buf(args[1]), boundedIterations(args[2]), boundedLength(args[3]), digest, (e, key) =>
        e ? reject(e) : resolve(u8(key)),
      ),
    );
  }
  if (op === 'crypto.scrypt') return cryptoSync(op, args);
  if (op === 'crypto.subtle') return subtle(String(args[0]), args[1] as unknown[]);
  throw new Error(`unknown operation ${op}`);
}

function boundedIterations(v: unknown, max = MAX_PBKDF2_ITERATIONS): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new TypeError('The "iterations" argument must be a positive integer');
  if (n > max)
    throw new RangeError(
      `pbkdf2 with more than ${max} iterations is not allowed ${max === MAX_PBKDF2_ITERATIONS ? 'in actions' : 'synchronously in actions (use pbkdf2)'}`,
    );
  return n;
}

function boundedLength(v: unknown): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > MAX_DERIVED_BYTES)
    throw new RangeError(`derived keys are limited to ${MAX_DERIVED_BYTES} bytes in actions`);
  return n;
}

// ---- Web Crypto: keys travel as JWK and are imported for each operation ----
type KeyArg = {
  jwk: crypto.webcrypto.JsonWebKey;
  algorithm: crypto.webcrypto.KeyAlgorithm & Record<string, unknown>;
  type: string;
  usages: crypto.webcrypto.KeyUsage[];
};
const wc = crypto.webcrypto.subtle;

function algorithmOf(a: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a))
    out[k] =
      v instanceof Uint8Array
        ? Buffer.from(v)
        : v && typeof v === 'object' && 'cryptoKey' in (v as object)
          ? undefined
          : v;
  return out;
}

/** Key kinds that cannot be exported as JWK (PBKDF2, HKDF) travel as their raw bytes under this marker. */
const RAW_KTY = 'raw-secret';

async function importArg(k: KeyArg): Promise<crypto.webcrypto.CryptoKey> {
  const alg = { ...k.algorithm } as Record<string, unknown>;
  if (alg.publicExponent) alg.publicExponent = Buffer.from(alg.publicExponent as Uint8Array);
  if (k.jwk.kty === RAW_KTY)
    return wc.importKey('raw', Buffer.from(String(k.jwk.k), 'base64url'), alg as never, false, k.usages);
  return wc.importKey('jwk', k.jwk, alg as never, true, k.usages);
}

async function plain(key: crypto.webcrypto.CryptoKey) {
  const jwk = await wc.exportKey('jwk', key);
  const algorithm = { ...(key.algorithm as unknown as Record<string, unknown>) };
  if (algorithm.publicExponent) algorithm.publicExponent = u8(algorithm.publicExponent as Uint8Array);
  return { jwk, type: key.type, algorithm, usages: key.usages };
}

async function subtle(method: string, a: unknown[]): Promise<unknown> {
  switch (method) {
    case 'digest':
      return u8(await wc.digest(algorithmOf(a[0] as Record<string, unknown>) as never, buf(a[1])));
    case 'importKey': {
      const algorithm = algorithmOf(a[2] as Record<string, unknown>);
      if (a[0] === 'raw' && /^(PBKDF2|HKDF)$/i.test(String(algorithm.name))) {
        const key = await wc.importKey(
          'raw',
          buf(a[1]),
          algorithm as never,
          false,
          a[3] as crypto.webcrypto.KeyUsage[],
        );
        return {
          jwk: { kty: RAW_KTY, k: buf(a[1]).toString('base64url') },
          type: key.type,
          algorithm: { ...(key.algorithm as unknown as Record<string, unknown>) },
          usages: key.usages,
        };
      }
      const data = a[0] === 'jwk' ? a[1] : buf(a[1]);
      return plain(
        await wc.importKey(
          a[0] as 'raw',
          data as Buffer,
          algorithmOf(a[2] as Record<string, unknown>) as never,
          true,
          a[3] as crypto.webcrypto.KeyUsage[],
        ),
      );
    }
    case 'exportKey': {
      const v = await wc.exportKey(a[0] as 'raw', await importArg(a[1] as KeyArg));
      return v instanceof ArrayBuffer ? u8(v) : v;
    }
    case 'generateKey': {
      const alg = algorithmOf(a[0] as Record<string, unknown>);
      if (typeof alg.modulusLength === 'number' && alg.modulusLength > MAX_RSA_BITS)
        throw new RangeError(`RSA keys above ${MAX_RSA_BITS} bits are not generated in actions`);
      const r = await wc.generateKey(alg as never, true, a[1] as crypto.webcrypto.KeyUsage[]);
      if ('privateKey' in (r as object)) {
        const pair = r as crypto.webcrypto.CryptoKeyPair;
        return { publicKey: await plain(pair.publicKey), privateKey: await plain(pair.privateKey) };
      }
      return plain(r as unknown as crypto.webcrypto.CryptoKey);
    }
    case 'sign':
      return u8(
        await wc.sign(
          algorithmOf(a[0] as Record<string, unknown>) as never,
          await importArg(a[1] as KeyArg),
          buf(a[2]),
        ),
      );
    case 'verify':
      return wc.verify(
        algorithmOf(a[0] as Record<string, unknown>) as never,
        await importArg(a[1] as KeyArg),
        buf(a[2]),
        buf(a[3]),
      );
    case 'encrypt':
      return u8(
        await wc.encrypt(
          algorithmOf(a[0] as Record<string, unknown>) as never,
          await importArg(a[1] as KeyArg),
          buf(a[2]),
        ),
      );
    case 'decrypt':
      return u8(
        await wc.decrypt(
          algorithmOf(a[0] as Record<string, unknown>) as never,
          await importArg(a[1] as KeyArg),
          buf(a[2]),
        ),
      );
    case 'deriveBits': {
      const alg = algorithmOf(a[0] as Record<string, unknown>);
      const pub = (a[0] as Record<string, unknown>).public as
        { cryptoKey?: unknown; algorithm?: unknown; type?: string } | undefined;
      if (pub?.cryptoKey)
        alg.public = await importArg({
          jwk: pub.cryptoKey as never,
          algorithm: pub.algorithm as never,
          type: pub.type ?? 'public',
          usages: [],
        });
      if (typeof alg.iterations === 'number') boundedIterations(alg.iterations);
      return u8(
        await wc.deriveBits(
          alg as never,
          await importArg(a[1] as KeyArg),
          a[2] === null ? (null as never) : Number(a[2]),
        ),
      );
    }
    case 'deriveKey': {
      const alg = algorithmOf(a[0] as Record<string, unknown>);
      if (typeof alg.iterations === 'number') boundedIterations(alg.iterations);
      return plain(
        await wc.deriveKey(
          alg as never,
          await importArg(a[1] as KeyArg),
          algorithmOf(a[2] as Record<string, unknown>) as never,
          true,
          a[3] as crypto.webcrypto.KeyUsage[],
        ),
      );
    }
    default:
      throw new Error(`SubtleCrypto.${method} is not supported in actions`);
  }
}
