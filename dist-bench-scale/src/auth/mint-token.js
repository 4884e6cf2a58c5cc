"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.mintToken = mintToken;
/** Mints an HS256 development token (npm run token). */
const jose_1 = require("jose");
function mintToken(o) {
    const jwt = new jose_1.SignJWT({ scope: o.scope, ...(o.tenantId ? { tenant_id: o.tenantId } : {}) })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(o.subject ?? 'dev-token')
        .setAudience(o.audience)
        .setIssuedAt()
        .setExpirationTime(o.expiresIn ?? '24h');
    if (o.issuer)
        jwt.setIssuer(o.issuer);
    return jwt.sign(new TextEncoder().encode(o.secret));
}
//# sourceMappingURL=mint-token.js.map