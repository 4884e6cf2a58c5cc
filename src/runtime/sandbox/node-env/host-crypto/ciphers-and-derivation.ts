/**
 * Symmetric ciphers and key derivation for the host half of the isolate's `crypto`: `crypto.cipher` (one-shot
 * createCipheriv / createDecipheriv, with AEAD tags), PBKDF2 (synchronous and on libuv's thread pool), HKDF and
 * scrypt. Derivation work is bounded (iterations, scrypt cost, derived length); the bounds also apply to Web Crypto's
 * PBKDF2 (see web-crypto.ts).
 */
import * as crypto from 'node:crypto';
import { buf, u8 } from './bytes';

/**
 * Work above these bounds is refused: a synchronous call runs on the host's thread (every tenant waits), so the
 * synchronous bounds are lower than the asynchronous ones (those run on libuv's thread pool).
 */
const MAX_PBKDF2_ITERATIONS_SYNC = 600_000;
const MAX_PBKDF2_ITERATIONS = 2_000_000;
const MAX_DERIVED_BYTES = 1024;
const MAX_SCRYPT_N = 2 ** 17;

export function boundedIterations(v: unknown, max = MAX_PBKDF2_ITERATIONS): number {
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

/** `crypto.pbkdf2` called synchronously (pbkdf2Sync): the lower iteration bound. */
export function pbkdf2Now(args: unknown[]): Uint8Array {
  return u8(
    crypto.pbkdf2Sync(
      buf(args[0]),
      buf(args[1]),
      boundedIterations(args[2], MAX_PBKDF2_ITERATIONS_SYNC),
      boundedLength(args[3]),
      String(args[4] ?? 'sha1'),
    ),
  );
}

/** `crypto.pbkdf2` called asynchronously (on libuv's thread pool): the higher iteration bound. */
export function pbkdf2Later(args: unknown[]): Promise<unknown> {
  const digest = String(args[4] ?? 'sha1');
  return new Promise((resolve, reject) =>
    crypto.pbkdf2(buf(args[0]), buf(args[1]), boundedIterations(args[2]), boundedLength(args[3]), digest, (e, key) =>
      e ? reject(e) : resolve(u8(key)),
    ),
  );
}

/** `crypto.hkdf`. */
export function hkdf(args: unknown[]): Uint8Array {
  return u8(
    Buffer.from(crypto.hkdfSync(String(args[0]), buf(args[1]), buf(args[2]), buf(args[3]), boundedLength(args[4]))),
  );
}

/** `crypto.scrypt` (both calling styles answer synchronously). */
export function scrypt(args: unknown[]): Uint8Array {
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

/** `crypto.cipher`: a whole encryption or decryption in one call, with the authentication tag of AEAD modes. */
export function cipher(args: unknown[]) {
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
