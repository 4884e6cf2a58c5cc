/** RS256 and ES256 bearer tokens verified against AUTH_JWKS_URI, with audience and issuer checks. */
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { RunningService, startService } from '../support/service-harness';

describe('JWKS tokens (RS256, ES256)', () => {
  let jwks: http.Server;
  let service: RunningService;
  const keys: Record<string, KeyLike> = {};
  const ISSUER = 'https://issuer.example.com/';
  const AUDIENCE = 'https://actions.example.com/api/v2/';

  beforeAll(async () => {
    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    const other = await generateKeyPair('RS256');
    keys.rsa = rsa.privateKey;
    keys.ec = ec.privateKey;
    keys.other = other.privateKey;
    const body = JSON.stringify({
      keys: [
        { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
      ],
    });
    jwks = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const { port } = jwks.address() as AddressInfo;
    service = await startService({
      env: {
        AUTH_JWT_SECRET: '',
        AUTH_JWKS_URI: `http://127.0.0.1:${port}/.well-known/jwks.json`,
        AUTH_AUDIENCE: AUDIENCE,
        AUTH_ISSUER: ISSUER,
      },
    });
  });
  afterAll(async () => {
    await service.stop();
    jwks.close();
  });

  const sign = (
    key: string,
    alg: string,
    kid: string,
    claims: Record<string, unknown> = {},
    o: { aud?: string; iss?: string; exp?: string } = {},
  ) =>
    new SignJWT({ scope: 'read:actions', tenant_id: 'jwks-tenant', ...claims })
      .setProtectedHeader({ alg, kid })
      .setAudience(o.aud ?? AUDIENCE)
      .setIssuer(o.iss ?? ISSUER)
      .setIssuedAt()
      .setExpirationTime(o.exp ?? '5m')
      .sign(keys[key]);
  const call = async (token: string) =>
    (await fetch(`${service.apiUrl}/actions/actions`, { headers: { authorization: `Bearer ${token}` } })).status;

  it('accepts RS256 and ES256 tokens signed by keys in the JWKS', async () => {
    expect(await call(await sign('rsa', 'RS256', 'rsa-1'))).toBe(200);
    expect(await call(await sign('ec', 'ES256', 'ec-1'))).toBe(200);
    expect(await call(await sign('rsa', 'RS256', 'rsa-1', { scope: undefined, permissions: ['read:actions'] }))).toBe(
      200,
    );
  });

  it('refuses unknown keys, wrong audience or issuer, expired tokens, and HS256 when no secret is configured', async () => {
    expect(await call(await sign('other', 'RS256', 'rsa-1'))).toBe(401);
    expect(await call(await sign('rsa', 'RS256', 'rsa-1', {}, { aud: 'https://elsewhere/' }))).toBe(401);
    expect(await call(await sign('rsa', 'RS256', 'rsa-1', {}, { iss: 'https://evil.example.com/' }))).toBe(401);
    expect(await call(await sign('rsa', 'RS256', 'rsa-1', {}, { exp: '-1m' }))).toBe(401);
    expect(await call(await service.token({ audience: AUDIENCE }))).toBe(401);
  });

  it('a valid token without the scope is 403', async () => {
    expect(await call(await sign('rsa', 'RS256', 'rsa-1', { scope: 'execute:actions' }))).toBe(403);
  });
});
