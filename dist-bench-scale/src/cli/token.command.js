"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.runToken = runToken;
const dev_secret_1 = require("../auth/dev-secret");
const mint_token_1 = require("../auth/mint-token");
async function runToken(config, o) {
    if (config.auth.jwksUri && !config.auth.jwtSecret) {
        process.stderr.write('AUTH_JWKS_URI is set: tokens come from your identity provider; set AUTH_JWT_SECRET to mint HS256 tokens here.\n');
        return 1;
    }
    const secret = config.auth.jwtSecret ?? (0, dev_secret_1.devJwtSecret)(config.dataDir)[0];
    const scope = o.scope ?? 'read:actions create:actions update:actions delete:actions execute:actions';
    const token = await (0, mint_token_1.mintToken)({
        secret, audience: config.auth.audience, issuer: config.auth.issuer, scope, tenantId: o.tenant, subject: o.subject, expiresIn: o.expires,
    });
    process.stdout.write(`${token}\n`);
    return 0;
}
//# sourceMappingURL=token.command.js.map