/**
 * The host half of the isolate's `crypto`: node:crypto operations on bytes and key descriptions that came over
 * the bridge. Nothing returned is a host object: bytes, strings, booleans and plain JSON only (keys go back in
 * an exported form — PEM / JWK — that the isolate wraps). Work that could hold the host's event loop is bounded.
 * This file is the two dispatch tables host-bridge.ts calls; the operations live beside it by concern (keys.ts,
 * digests-and-signatures.ts, ciphers-and-derivation.ts, web-crypto.ts).
 */
import * as crypto from 'node:crypto';
import { u8 } from './bytes';
import { cipher, hkdf, pbkdf2Later, pbkdf2Now, scrypt } from './ciphers-and-derivation';
import { hash, hmac, rsaCrypt, sign, verify } from './digests-and-signatures';
import { describeKey, exportKey, generateKeyPairLater, generateKeyPairNow } from './keys';
import { subtle } from './web-crypto';

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
      return hash(args);
    case 'crypto.hmac':
      return hmac(args);
    case 'crypto.pbkdf2':
      return pbkdf2Now(args);
    case 'crypto.hkdf':
      return hkdf(args);
    case 'crypto.scrypt':
      return scrypt(args);
    case 'crypto.key':
      return describeKey(args);
    case 'crypto.export':
      return exportKey(args);
    case 'crypto.sign':
      return sign(args);
    case 'crypto.verify':
      return verify(args);
    case 'crypto.publicEncrypt':
    case 'crypto.privateDecrypt':
    case 'crypto.privateEncrypt':
    case 'crypto.publicDecrypt':
      return rsaCrypt(op, args);
    case 'crypto.cipher':
      return cipher(args);
    case 'crypto.generateKeyPair':
      return generateKeyPairNow(args);
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

export async function cryptoAsync(op: string, args: unknown[]): Promise<unknown> {
  if (op === 'crypto.generateKeyPair') return generateKeyPairLater(args);
  if (op === 'crypto.pbkdf2') return pbkdf2Later(args);
  if (op === 'crypto.scrypt') return cryptoSync(op, args);
  if (op === 'crypto.subtle') return subtle(String(args[0]), args[1] as unknown[]);
  throw new Error(`unknown operation ${op}`);
}
