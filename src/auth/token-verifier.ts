/**
 * Verifies bearer tokens: HS256 with AUTH_JWT_SECRET (or the development secret generated under DATA_DIR), and
 * RS256/ES256 against AUTH_JWKS_URI. Audience is always checked; issuer when configured; expiry always: a token
 * must carry `exp`, and live no longer than AUTH_MAX_TOKEN_LIFETIME_S. A token without `tenant_id` belongs to
 * AUTH_DEFAULT_TENANT, or is refused when that is unset (docs/security.md, "HTTP and authentication").
 * A token that verified is remembered by its exact text until its `exp` (at most VERIFIED_TTL_MS, so a key removed
 * from the JWKS stops being honoured soon), so a client sending the same token on every request pays the signature
 * check once; a token that failed is never remembered.
 */
import { createRemoteJWKSet, decodeProtectedHeader, JWTPayload, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import { TENANT_ID_PATTERN } from '../config/config';
import type { Principal } from './auth.decorators';

export class InvalidTokenError extends Error {}

export interface VerifierOptions {
  hsSecret?: string;
  jwksUri?: string;
  audience: string;
  issuer?: string;
  /** Longest accepted lifetime in seconds (exp - iat, and exp - now). */
  maxLifetimeS: number;
  /** Tenant of tokens without `tenant_id`; unset: they are refused. */
  defaultTenant?: string;
}

/** Verified tokens remembered (least recently used dropped first). */
const VERIFIED_KEPT = 10_000;
/** Longest a verified token is trusted without checking its signature again (ms). */
export const VERIFIED_TTL_MS = 5 * 60_000;

export class TokenVerifier {
  private readonly hsKey?: Uint8Array;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;
  private readonly verified = new LRUCache<string, { principal: Principal; until: number }>({ max: VERIFIED_KEPT });

  constructor(
    private readonly options: VerifierOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (options.hsSecret) this.hsKey = new TextEncoder().encode(options.hsSecret);
    if (options.jwksUri)
      this.jwks = createRemoteJWKSet(new URL(options.jwksUri), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  }

  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known) {
      if (this.now() < known.until) return known.principal;
      this.verified.delete(token);
    }
    return this.verifyNow(token);
  }

  private async verifyNow(token: string): Promise<Principal> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new InvalidTokenError('Invalid token');
    }
    const common = { audience: this.options.audience, ...(this.options.issuer ? { issuer: this.options.issuer } : {}) };
    let payload: JWTPayload;
    try {
      if (alg === 'HS256' && this.hsKey) {
        payload = (await jwtVerify(token, this.hsKey, { ...common, algorithms: ['HS256'] })).payload;
      } else if ((alg === 'RS256' || alg === 'ES256') && this.jwks) {
        payload = (await jwtVerify(token, this.jwks, { ...common, algorithms: ['RS256', 'ES256'] })).payload;
      } else {
        throw new InvalidTokenError('Invalid token');
      }
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') throw new InvalidTokenError('Expired token');
      if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
        throw new InvalidTokenError('Invalid signature received for JSON Web Token validation');
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED')
        throw new InvalidTokenError(`Invalid token: ${(e as Error).message}`);
      throw new InvalidTokenError('Invalid token');
    }
    checkLifetime(payload, this.options.maxLifetimeS);
    const principal = principalOf(payload, this.options.defaultTenant);
    const now = this.now();
    const until = Math.min(typeof payload.exp === 'number' ? payload.exp * 1000 : now, now + VERIFIED_TTL_MS);
    if (until > now) this.verified.set(token, { principal, until });
    return principal;
  }
}

/** A token must expire, and not later than the configured lifetime from its issue and from now. */
export function checkLifetime(payload: JWTPayload, maxLifetimeS: number, nowS = Math.floor(Date.now() / 1000)): void {
  if (typeof payload.exp !== 'number') throw new InvalidTokenError('Invalid token: the "exp" claim is required');
  const tooLong = `Invalid token: its lifetime exceeds the maximum of ${maxLifetimeS} seconds`;
  if (typeof payload.iat === 'number' && payload.exp - payload.iat > maxLifetimeS) throw new InvalidTokenError(tooLong);
  if (payload.exp - nowS > maxLifetimeS) throw new InvalidTokenError(tooLong);
}

export function principalOf(payload: JWTPayload, defaultTenant?: string): Principal {
  if (payload.tenant_id === undefined && defaultTenant === undefined) {
    throw new InvalidTokenError('Invalid token: the "tenant_id" claim is required');
  }
  const tenant = payload.tenant_id ?? defaultTenant;
  if (typeof tenant !== 'string' || !TENANT_ID_PATTERN.test(tenant)) {
    throw new InvalidTokenError('Invalid token: tenant_id must be 1-64 letters, digits, "_" or "-"');
  }
  const scopes = new Set<string>();
  if (typeof payload.scope === 'string')
    payload.scope
      .split(' ')
      .filter(Boolean)
      .forEach((s) => scopes.add(s));
  if (Array.isArray(payload.permissions))
    payload.permissions.filter((p): p is string => typeof p === 'string').forEach((p) => scopes.add(p));
  return { tenantId: tenant, subject: typeof payload.sub === 'string' ? payload.sub : 'unknown', scopes };
}

/** Injection token of the TokenVerifier the auth guard uses (provided by the foundation module). */
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
