/**
 * Mints an HS256 development token (npm run token). It always carries `tenant_id` (`default` unless given) and an
 * expiry, as the verifier requires (docs/security.md, "HTTP and authentication").
 */
import { SignJWT } from 'jose';

/** Tenant of minted tokens when none is given. */
export const DEV_TENANT = 'default';

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
  const jwt = new SignJWT({ scope: o.scope, tenant_id: o.tenantId ?? DEV_TENANT })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(o.subject ?? 'dev-token')
    .setAudience(o.audience)
    .setIssuedAt()
    .setExpirationTime(o.expiresIn ?? '24h');
  if (o.issuer) jwt.setIssuer(o.issuer);
  return jwt.sign(new TextEncoder().encode(o.secret));
}
