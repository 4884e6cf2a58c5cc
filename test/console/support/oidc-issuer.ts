/**
 * A small OpenID provider for the console's sign-in test: discovery, an authorization endpoint that consents at once
 * (a real issuer would show its login page first) and a token endpoint that checks the PKCE verifier against the
 * challenge before issuing an RS256 access token, plus the JWKS the service verifies it with. It answers CORS for
 * the console's origin, as an issuer configured for a single-page app does.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface TestIssuer {
  issuer: string;
  jwksUri: string;
  /** Authorization requests as received (query parameters). */
  authorizations: Record<string, string>[];
  /** Token requests as received (form fields). */
  exchanges: Record<string, string>[];
  close(): Promise<void>;
}

export async function startIssuer(o: {
  clientId: string;
  audience: string;
  subject: string;
  tenant: string;
  scope: string;
}): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] });
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const authorizations: Record<string, string>[] = [];
  const exchanges: Record<string, string>[] = [];
  let issuer = '';

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const cors = { 'access-control-allow-origin': req.headers.origin ?? '*' };
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json', ...cors }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}authorize`,
        token_endpoint: `${issuer}oauth/token`,
        jwks_uri: `${issuer}jwks.json`,
      });
    }
    if (url.pathname === '/jwks.json') return res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    if (url.pathname === '/authorize') {
      const q = Object.fromEntries(url.searchParams);
      authorizations.push(q);
      if (q.client_id !== o.clientId || q.code_challenge_method !== 'S256' || !q.code_challenge)
        return json(400, { error: 'invalid_request' });
      const code = randomUUID();
      codes.set(code, { challenge: q.code_challenge, redirectUri: q.redirect_uri });
      const back = new URL(q.redirect_uri);
      back.search = new URLSearchParams({ code, state: q.state }).toString();
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === '/oauth/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const form = Object.fromEntries(new URLSearchParams(body));
        exchanges.push(form);
        const issued = codes.get(form.code);
        codes.delete(form.code);
        const verified =
          issued &&
          form.grant_type === 'authorization_code' &&
          form.client_id === o.clientId &&
          form.redirect_uri === issued.redirectUri &&
          createHash('sha256').update(form.code_verifier).digest('base64url') === issued.challenge;
        if (!verified) return json(400, { error: 'invalid_grant', error_description: 'code or verifier refused' });
        void new SignJWT({ scope: o.scope, tenant_id: o.tenant })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setSubject(o.subject)
          .setIssuer(issuer)
          .setAudience(o.audience)
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(privateKey)
          .then((token) => json(200, { access_token: token, token_type: 'Bearer', expires_in: 600 }));
      });
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    issuer,
    jwksUri: `${issuer}jwks.json`,
    authorizations,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the service's JWKS client keeps its connection alive
      }),
  };
}
