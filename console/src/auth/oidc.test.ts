// @vitest-environment jsdom
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { beginLogin, codeChallenge, completeLogin, PENDING_KEY } from './oidc';

const settings = {
  issuer: 'https://id.example.com/',
  clientId: 'console-spa',
  audience: 'http://localhost:3000/api/v2/',
  scope: 'openid read:actions',
};

function issuer() {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    if (url.endsWith('/.well-known/openid-configuration'))
      return Response.json({
        authorization_endpoint: 'https://id.example.com/authorize',
        token_endpoint: 'https://id.example.com/oauth/token',
      });
    if (url === 'https://id.example.com/oauth/token') return Response.json({ access_token: 'issued.jwt.token' });
    return new Response('not found', { status: 404 });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

describe('OIDC authorization code + PKCE', () => {
  it('derives the S256 challenge as SHA-256 in base64url', async () => {
    const verifier = 'a-verifier-of-enough-length-0123456789-abcdefghijklmnop';
    expect(await codeChallenge(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('redirects to the issuer with the challenge, then exchanges the code with the verifier', async () => {
    const { calls, fetchImpl } = issuer();
    const url = new URL(
      await beginLogin(settings, sessionStorage, 'http://127.0.0.1:3000', '/triggers/post-login', fetchImpl),
    );
    expect(calls[0].url).toBe('https://id.example.com/.well-known/openid-configuration');
    expect(url.origin + url.pathname).toBe('https://id.example.com/authorize');
    const q = url.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('console-spa');
    expect(q.get('redirect_uri')).toBe('http://127.0.0.1:3000/console/callback');
    expect(q.get('audience')).toBe(settings.audience);
    expect(q.get('code_challenge_method')).toBe('S256');
    const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY)!) as { verifier: string; state: string };
    expect(q.get('state')).toBe(pending.state);
    expect(q.get('code_challenge')).toBe(createHash('sha256').update(pending.verifier).digest('base64url'));

    const done = await completeLogin(settings, `?code=abc&state=${pending.state}`, sessionStorage, fetchImpl);
    expect(done).toEqual({ accessToken: 'issued.jwt.token', returnTo: '/triggers/post-login' });
    const form = new URLSearchParams(String(calls[1].init?.body));
    expect(calls[1].url).toBe('https://id.example.com/oauth/token');
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'authorization_code',
      client_id: 'console-spa',
      code: 'abc',
      redirect_uri: 'http://127.0.0.1:3000/console/callback',
      code_verifier: pending.verifier,
    });
    expect(sessionStorage.getItem(PENDING_KEY)).toBeNull();
  });

  it('refuses an answer whose state is not the one this tab sent, and the issuer’s own errors', async () => {
    const { calls, fetchImpl } = issuer();
    await beginLogin(settings, sessionStorage, 'http://127.0.0.1:3000', '/actions', fetchImpl);
    await expect(completeLogin(settings, '?code=abc&state=forged', sessionStorage, fetchImpl)).rejects.toThrow(
      /does not match/,
    );
    expect(calls).toHaveLength(1); // no token exchange was attempted
    await expect(
      completeLogin(settings, '?error=access_denied&error_description=nope', sessionStorage, fetchImpl),
    ).rejects.toThrow(/refused the sign-in: nope/);
  });
});
