/** Mints an HS256 development token (npm run token). */
import { SignJWT } from 'jose';

export interface MintOptions {
  secret: string;
  audience: string;
  issuer?: string;
  scope: string;
  tenantId?: string;
  subject?: string;
  expiresIn?: string;
}

export function mintToken(o: MintOptions): Promise<string> {
  const jwt = new SignJWT({ scope: o.scope, ...(o.tenantId ? { tenant_id: o.tenantId } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(o.subject ?? 'dev-token')
    .setAudience(o.audience)
    .setIssuedAt()
    .setExpirationTime(o.expiresIn ?? '24h');
  if (o.issuer) jwt.setIssuer(o.issuer);
  return jwt.sign(new TextEncoder().encode(o.secret));
}
