"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TokenVerifier = exports.VERIFIED_TTL_MS = exports.InvalidTokenError = void 0;
exports.principalOf = principalOf;
/**
 * Verifies bearer tokens: HS256 with AUTH_JWT_SECRET (or the development secret generated under DATA_DIR), and
 * RS256/ES256 against AUTH_JWKS_URI. Audience is always checked; issuer when configured; expiry always.
 * A token that verified is remembered by its exact text until its `exp` (at most VERIFIED_TTL_MS, so a key removed
 * from the JWKS stops being honoured soon), so a client sending the same token on every request pays the signature
 * check once; a token that failed is never remembered.
 */
const jose_1 = require("jose");
const lru_map_1 = require("../runtime/lru-map");
class InvalidTokenError extends Error {
}
exports.InvalidTokenError = InvalidTokenError;
const TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Verified tokens remembered (least recently used dropped first). */
const VERIFIED_KEPT = 10_000;
/** Longest a verified token is trusted without checking its signature again (ms). */
exports.VERIFIED_TTL_MS = 5 * 60_000;
class TokenVerifier {
    options;
    now;
    hsKey;
    jwks;
    verified = new lru_map_1.LruMap(VERIFIED_KEPT);
    constructor(options, now = Date.now) {
        this.options = options;
        this.now = now;
        if (options.hsSecret)
            this.hsKey = new TextEncoder().encode(options.hsSecret);
        if (options.jwksUri)
            this.jwks = (0, jose_1.createRemoteJWKSet)(new URL(options.jwksUri), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    }
    async verify(token) {
        const known = this.verified.get(token);
        if (known) {
            if (this.now() < known.until)
                return known.principal;
            this.verified.delete(token);
        }
        return this.verifyNow(token);
    }
    async verifyNow(token) {
        let alg;
        try {
            alg = (0, jose_1.decodeProtectedHeader)(token).alg;
        }
        catch {
            throw new InvalidTokenError('Invalid token');
        }
        const common = { audience: this.options.audience, ...(this.options.issuer ? { issuer: this.options.issuer } : {}) };
        let payload;
        try {
            if (alg === 'HS256' && this.hsKey) {
                payload = (await (0, jose_1.jwtVerify)(token, this.hsKey, { ...common, algorithms: ['HS256'] })).payload;
            }
            else if ((alg === 'RS256' || alg === 'ES256') && this.jwks) {
                payload = (await (0, jose_1.jwtVerify)(token, this.jwks, { ...common, algorithms: ['RS256', 'ES256'] })).payload;
            }
            else {
                throw new InvalidTokenError('Invalid token');
            }
        }
        catch (e) {
            const code = e.code;
            if (code === 'ERR_JWT_EXPIRED')
                throw new InvalidTokenError('Expired token');
            if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
                throw new InvalidTokenError('Invalid signature received for JSON Web Token validation');
            if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED')
                throw new InvalidTokenError(`Invalid token: ${e.message}`);
            throw new InvalidTokenError('Invalid token');
        }
        const principal = principalOf(payload);
        const now = this.now();
        const until = Math.min(typeof payload.exp === 'number' ? payload.exp * 1000 : now, now + exports.VERIFIED_TTL_MS);
        if (until > now)
            this.verified.set(token, { principal, until });
        return principal;
    }
}
exports.TokenVerifier = TokenVerifier;
function principalOf(payload) {
    const tenant = payload.tenant_id ?? 'default';
    if (typeof tenant !== 'string' || !TENANT_ID.test(tenant)) {
        throw new InvalidTokenError('Invalid token: tenant_id must be 1-64 letters, digits, "_" or "-"');
    }
    const scopes = new Set();
    if (typeof payload.scope === 'string')
        payload.scope.split(' ').filter(Boolean).forEach((s) => scopes.add(s));
    if (Array.isArray(payload.permissions))
        payload.permissions.filter((p) => typeof p === 'string').forEach((p) => scopes.add(p));
    return { tenantId: tenant, subject: typeof payload.sub === 'string' ? payload.sub : 'unknown', scopes };
}
//# sourceMappingURL=token-verifier.js.map