/**
 * The two byte conversions every host crypto operation shares: results leave as a fresh Uint8Array (never a view
 * of a host buffer), and data that came over the bridge (a string or bytes) becomes a Buffer for node:crypto.
 */

export const u8 = (b: Buffer | ArrayBuffer | Uint8Array): Uint8Array =>
  b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength).slice();
export const buf = (v: unknown): Buffer => (typeof v === 'string' ? Buffer.from(v) : Buffer.from(v as Uint8Array));
