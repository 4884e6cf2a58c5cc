/**
 * Mints an HS256 development token (npm run token). It always carries `tenant_id` (`default` unless given) and an
 * expiry, as the verifier requires (docs/security.md, "HTTP and authentication"). `iat` and `exp` come from one
 * reading of the clock: read twice, a second boundary between the readings made a 24 h token last 24 h + 1 s, one
 * second over the default maximum lifetime.
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
  /** A duration such as `30m`, `24h`, `7d` or `90s` (negative for an already expired token); default 24h. */
  expiresIn?: string;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const DURATION = /^(-?\d+)\s*(s|sec|secs|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?)$/i;

/** Seconds in a duration such as `24h`; throws on anything else. */
export function durationSeconds(text: string): number {
  const m = DURATION.exec(text.trim());
  if (!m) throw new TypeError(`expires must be a duration such as 30m, 24h or 7d, got "${text}"`);
  return Number(m[1]) * UNIT_SECONDS[m[2][0].toLowerCase()];
}

export function mintToken(o: MintOptions): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ scope: o.scope, tenant_id: o.tenantId ?? DEV_TENANT })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(o.subject ?? 'dev-token')
    .setAudience(o.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + durationSeconds(o.expiresIn ?? '24h'));
  if (o.issuer) jwt.setIssuer(o.issuer);
  return jwt.sign(new TextEncoder().encode(o.secret));
}
