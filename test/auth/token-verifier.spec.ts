/**
 * TokenVerifier's memory of verified tokens: the same token answers the same principal without a second signature
 * check until its exp (then "Expired token", exactly as a fresh check would say), a bad token is never remembered.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT } from 'jose';
import { TokenVerifier, VERIFIED_TTL_MS } from '../../src/auth/token-verifier';

const SECRET = 'token-verifier-test-secret-long-enough-0123456789';
const AUDIENCE = 'http://localhost:3000/api/v2/';

const sign = (expSeconds: number, secret = SECRET) =>
  new SignJWT({ scope: 'read:actions', tenant_id: 'acme' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('me')
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expSeconds)
    .sign(new TextEncoder().encode(secret));

describe('TokenVerifier', () => {
  it('remembers a verified token until its exp, then refuses it as expired', async () => {
    const verifier = new TokenVerifier({ hsSecret: SECRET, audience: AUDIENCE, maxLifetimeS: 86_400 });
    const exp = Math.floor(Date.now() / 1000) + 1;
    const token = await sign(exp);
    const first = await verifier.verify(token);
    expect(first).toMatchObject({ tenantId: 'acme', subject: 'me' });
    expect(await verifier.verify(token)).toBe(first); // the remembered principal
    await sleep(exp * 1000 - Date.now() + 5);
    await expect(verifier.verify(token)).rejects.toThrow('Expired token');
  });

  it('does not trust a remembered token beyond the bound, and never remembers a bad one', async () => {
    let now = Date.now();
    const verifier = new TokenVerifier({ hsSecret: SECRET, audience: AUDIENCE, maxLifetimeS: 86_400 }, () => now);
    const token = await sign(Math.floor(now / 1000) + 3600);
    const first = await verifier.verify(token);
    now += VERIFIED_TTL_MS;
    const again = await verifier.verify(token);
    expect(again).not.toBe(first); // checked again (a new principal object), still valid
    expect(again).toEqual(first);
    const forged = await sign(Math.floor(Date.now() / 1000) + 3600, 'another-secret-that-is-long-enough-0123456789');
    await expect(verifier.verify(forged)).rejects.toThrow('Invalid signature');
    await expect(verifier.verify(forged)).rejects.toThrow('Invalid signature');
  });
});
