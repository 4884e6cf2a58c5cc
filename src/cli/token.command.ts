/** `token`: mints a development token with the configured (or generated) HS256 secret. */
import type { AppConfig } from '../config/config';
import { devJwtSecret } from '../auth/dev-secret';
import { mintToken } from '../auth/mint-token';

export async function runToken(config: AppConfig, o: { scope?: string; tenant?: string; expires?: string; subject?: string }): Promise<number> {
  if (config.auth.jwksUri && !config.auth.jwtSecret) {
    process.stderr.write('AUTH_JWKS_URI is set: tokens come from your identity provider; set AUTH_JWT_SECRET to mint HS256 tokens here.\n');
    return 1;
  }
  const secret = config.auth.jwtSecret ?? devJwtSecret(config.dataDir)[0];
  const scope = o.scope ?? 'read:actions create:actions update:actions delete:actions execute:actions';
  const token = await mintToken({
    secret, audience: config.auth.audience, issuer: config.auth.issuer, scope, tenantId: o.tenant, subject: o.subject, expiresIn: o.expires,
  });
  process.stdout.write(`${token}\n`);
  return 0;
}
