/**
 * `token`: mints a development token with the configured (or generated) HS256 secret. The token is one the service
 * accepts: it carries `tenant_id` (`default` unless --tenant) and expires within AUTH_MAX_TOKEN_LIFETIME_S
 * (24 h or that maximum by default; a longer --expires is refused here rather than at the first request).
 */
import { decodeJwt } from 'jose';
import { TENANT_ID_PATTERN, type AppConfig } from '../config/config';
import { devJwtSecret } from '../auth/dev-secret';
import { mintToken } from '../auth/mint-token';

const DEFAULT_LIFETIME_S = 24 * 3600;

export async function runToken(
  config: AppConfig,
  o: { scope?: string; tenant?: string; expires?: string; subject?: string },
): Promise<number> {
  if (config.auth.jwksUri && !config.auth.jwtSecret) {
    process.stderr.write(
      'AUTH_JWKS_URI is set: tokens come from your identity provider; set AUTH_JWT_SECRET to mint HS256 tokens here.\n',
    );
    return 1;
  }
  if (o.tenant !== undefined && !TENANT_ID_PATTERN.test(o.tenant)) {
    process.stderr.write(`--tenant must be 1-64 letters, digits, "_" or "-", got "${o.tenant}".\n`);
    return 1;
  }
  const maxS = config.auth.maxTokenLifetimeS;
  const secret = config.auth.jwtSecret ?? devJwtSecret(config.dataDir)[0];
  const scope = o.scope ?? 'read:actions create:actions update:actions delete:actions execute:actions';
  const token = await mintToken({
    secret,
    audience: config.auth.audience,
    issuer: config.auth.issuer,
    scope,
    tenantId: o.tenant,
    subject: o.subject,
    expiresIn: o.expires ?? `${Math.min(DEFAULT_LIFETIME_S, maxS)}s`,
  });
  const { exp, iat } = decodeJwt(token);
  if (exp! - iat! > maxS) {
    process.stderr.write(
      `--expires ${o.expires} is longer than AUTH_MAX_TOKEN_LIFETIME_S (${maxS} s): the service would refuse the token.\n`,
    );
    return 1;
  }
  process.stdout.write(`${token}\n`);
  return 0;
}
