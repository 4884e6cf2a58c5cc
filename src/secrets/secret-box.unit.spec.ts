import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));
  const ctx = { tenantId: 't1', actionId: 'a1', name: 'API_KEY' };

  it('round-trips a value and never shows it in the ciphertext', () => {
    const { ciphertext, fingerprint } = box.encrypt('s3cr3t-value', ctx);
    expect(ciphertext).not.toContain('s3cr3t');
    expect(Buffer.from(ciphertext.slice(3), 'base64').toString('latin1')).not.toContain('s3cr3t');
    expect(box.decrypt(ciphertext, ctx)).toBe('s3cr3t-value');
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('encrypts the same value differently each time but fingerprints it the same', () => {
    const a = box.encrypt('v', ctx);
    const b = box.encrypt('v', ctx);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(box.encrypt('w', ctx).fingerprint).not.toBe(a.fingerprint);
  });

  it('refuses a ciphertext moved to another tenant, action or name', () => {
    const { ciphertext } = box.encrypt('v', ctx);
    expect(() => box.decrypt(ciphertext, { ...ctx, tenantId: 't2' })).toThrow();
    expect(() => box.decrypt(ciphertext, { ...ctx, actionId: 'a2' })).toThrow();
    expect(() => box.decrypt(ciphertext, { ...ctx, name: 'OTHER' })).toThrow();
  });

  it('refuses a ciphertext made with another key', () => {
    const other = new SecretBox(randomBytes(32));
    expect(() => other.decrypt(box.encrypt('v', ctx).ciphertext, ctx)).toThrow();
  });
});
