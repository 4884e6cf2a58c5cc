/**
 * Secrets at rest: AES-256-GCM with a 32-byte key from configuration (SECRETS_KEY) or generated under DATA_DIR on
 * first start. Each ciphertext is bound to its tenant, action and secret name (additional authenticated data), so a
 * ciphertext copied into another tenant's or action's event does not decrypt. The fingerprint is an HMAC of the
 * value under a key derived from the same key: it shows that a value changed without revealing it.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export interface SecretContext {
  tenantId: string;
  actionId: string;
  name: string;
}

export class SecretBox {
  private readonly encryptionKey: Buffer;
  private readonly fingerprintKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('The secrets key must be 32 bytes');
    this.encryptionKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'actions/secrets/encryption', 32));
    this.fingerprintKey = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'actions/secrets/fingerprint', 32),
    );
  }

  encrypt(value: string, ctx: SecretContext): { ciphertext: string; fingerprint: string } {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    cipher.setAAD(aad(ctx));
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    const envelope = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    return { ciphertext: `${VERSION}:${envelope}`, fingerprint: this.fingerprint(value) };
  }

  decrypt(ciphertext: string, ctx: SecretContext): string {
    const [version, envelope] = ciphertext.split(':', 2);
    if (version !== VERSION || !envelope) throw new Error(`Unsupported secret envelope for "${ctx.name}"`);
    const raw = Buffer.from(envelope, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, raw.subarray(0, 12));
    decipher.setAAD(aad(ctx));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  fingerprint(value: string): string {
    return createHmac('sha256', this.fingerprintKey).update(value, 'utf8').digest('hex').slice(0, 16);
  }
}

function aad(ctx: SecretContext): Buffer {
  return Buffer.from(JSON.stringify([ctx.tenantId, ctx.actionId, ctx.name]), 'utf8');
}

export const SECRET_BOX = Symbol('SECRET_BOX');
