/**
 * Keys for the host half of the isolate's `crypto`: a key description that came over the bridge (PEM / DER / JWK
 * bytes, a passphrase, a kind) becomes a host KeyObject for one operation, and a host key goes back as its exported
 * form (PEM) with facts about it, which the isolate wraps. Also key-pair generation (`crypto.generateKeyPair`), with
 * its RSA size bound.
 */
import * as crypto from 'node:crypto';
import { u8 } from './bytes';

/**
 * Work above these bounds is refused: a synchronous call runs on the host's thread (every tenant waits), so the
 * synchronous bounds are lower than the asynchronous ones (those run on libuv's thread pool).
 */
const MAX_RSA_BITS_SYNC = 2048;
export const MAX_RSA_BITS = 4096;

export type KeyDesc = {
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

function keyInput(d: KeyDesc): crypto.PrivateKeyInput | crypto.PublicKeyInput | crypto.JsonWebKeyInput {
  const out: Record<string, unknown> = {};
  for (const k of ['format', 'type', 'encoding'] as const) if (d[k] !== undefined) out[k] = d[k];
  if (d.passphrase !== undefined)
    out.passphrase = typeof d.passphrase === 'string' ? d.passphrase : Buffer.from(d.passphrase as Uint8Array);
  out.key = d.format === 'jwk' ? d.key : typeof d.key === 'string' ? d.key : Buffer.from(d.key as Uint8Array);
  return out as unknown as crypto.PrivateKeyInput;
}

export function hostKey(d: KeyDesc, kind?: 'public' | 'private' | 'secret'): crypto.KeyObject {
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

/** `crypto.key`: the key a description makes (as a public key when a public one was asked of a private key). */
export function describeKey(args: unknown[]) {
  const k = hostKey(args[0] as KeyDesc, args[1] as 'public' | 'private');
  return describe(args[1] === 'public' && k.type === 'private' ? crypto.createPublicKey(k) : k);
}

/** `crypto.export`: a key in the format the isolate asked for (PEM / DER bytes / JWK). */
export function exportKey(args: unknown[]): unknown {
  const k = hostKey(args[0] as KeyDesc, args[1] as 'public' | 'private');
  const o = args[2] as crypto.KeyExportOptions<'pem'> | crypto.JwkKeyExportOptions;
  const v = k.export(o as crypto.KeyExportOptions<'pem'>) as unknown;
  return Buffer.isBuffer(v) ? u8(v) : v;
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

/** `crypto.generateKeyPair` called synchronously (generateKeyPairSync): the lower RSA bound. */
export function generateKeyPairNow(args: unknown[]) {
  const options = keyPairOptions(args[1], MAX_RSA_BITS_SYNC);
  const pair = crypto.generateKeyPairSync(String(args[0]) as 'rsa', options as never) as unknown as {
    publicKey: unknown;
    privateKey: unknown;
  };
  return describePair(pair);
}

/** `crypto.generateKeyPair` called asynchronously (on libuv's thread pool): the higher RSA bound. */
export function generateKeyPairLater(args: unknown[]): Promise<unknown> {
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
