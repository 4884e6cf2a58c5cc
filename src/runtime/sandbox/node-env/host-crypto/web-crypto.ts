/**
 * Web Crypto (`crypto.subtle`) for the host half of the isolate's `crypto`: keys travel as JWK (or, for PBKDF2 and
 * HKDF, as their raw bytes under a marker) and are imported for each operation; results go back as bytes, booleans
 * or plain key descriptions. RSA generation and PBKDF2 iterations are bounded as in node:crypto (keys.ts,
 * ciphers-and-derivation.ts).
 */
import * as crypto from 'node:crypto';
import { buf, u8 } from './bytes';
import { boundedIterations } from './ciphers-and-derivation';
import { MAX_RSA_BITS } from './keys';

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

/** `crypto.subtle`: one SubtleCrypto method with the arguments the isolate passed. */
export async function subtle(method: string, a: unknown[]): Promise<unknown> {
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
    case 'encrypt':
    case 'decrypt': {
      // (algorithm, key, data) in, bytes out
      const operation = method as 'sign' | 'encrypt' | 'decrypt';
      return u8(
        await wc[operation](
          algorithmOf(a[0] as Record<string, unknown>) as never,
          await importArg(a[1] as KeyArg),
          buf(a[2]),
        ),
      );
    }
    case 'verify':
      return wc.verify(
        algorithmOf(a[0] as Record<string, unknown>) as never,
        await importArg(a[1] as KeyArg),
        buf(a[2]),
        buf(a[3]),
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
