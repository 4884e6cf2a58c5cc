/**
 * Hashes, HMACs, signatures and RSA public-key encryption for the host half of the isolate's `crypto`: data and
 * key descriptions come over the bridge, bytes (or a boolean, for verify) go back. Keys are made by keys.ts.
 */
import * as crypto from 'node:crypto';
import { buf, u8 } from './bytes';
import { hostKey, type KeyDesc } from './keys';

/** `crypto.hash`: a digest (with an output length for the XOF hashes). */
export function hash(args: unknown[]): Uint8Array {
  return u8(
    crypto
      .createHash(
        String(args[0]),
        args[2] === undefined || args[2] === null ? undefined : { outputLength: Number(args[2]) },
      )
      .update(buf(args[1]))
      .digest(),
  );
}

/** `crypto.hmac`. */
export function hmac(args: unknown[]): Uint8Array {
  return u8(crypto.createHmac(String(args[0]), buf(args[1])).update(buf(args[2])).digest());
}

function signOptions(d: KeyDesc, key: crypto.KeyObject) {
  const o: Record<string, unknown> = { key };
  if (d.padding !== undefined) o.padding = d.padding;
  if (d.saltLength !== undefined) o.saltLength = d.saltLength;
  if (d.dsaEncoding !== undefined) o.dsaEncoding = d.dsaEncoding;
  return o as unknown as crypto.SignKeyObjectInput;
}

/** `crypto.sign`: a bare key signs as a private key. */
export function sign(args: unknown[]): Uint8Array {
  const d = args[2] as KeyDesc;
  const key = hostKey(d, 'private');
  return u8(crypto.sign(args[0] === null ? null : String(args[0]), buf(args[1]), signOptions(d, key)));
}

/** `crypto.verify`: a private key verifies as its public key. */
export function verify(args: unknown[]): boolean {
  const d = args[2] as KeyDesc;
  const key = d.keyObject === 'private' ? crypto.createPublicKey(hostKey(d)) : hostKey(d);
  return crypto.verify(
    args[0] === null ? null : String(args[0]),
    buf(args[1]),
    signOptions(d, key) as crypto.VerifyKeyObjectInput,
    buf(args[3]),
  );
}

/** `crypto.publicEncrypt`, `privateDecrypt`, `privateEncrypt` and `publicDecrypt` (`op` names which). */
export function rsaCrypt(op: string, args: unknown[]): Uint8Array {
  const d = args[0] as KeyDesc;
  const fn = crypto[op.slice(7) as 'publicEncrypt'];
  const key = hostKey(d, op === 'crypto.privateDecrypt' || op === 'crypto.privateEncrypt' ? 'private' : undefined);
  return u8(
    fn({ key, ...(d.padding !== undefined ? { padding: d.padding } : {}) } as crypto.RsaPublicKey, buf(args[1])),
  );
}
