// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { describeToken, Session, TOKEN_KEY } from './session';

function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

describe('Session', () => {
  const now = Date.parse('2026-11-30T10:00:00Z');

  it('keeps a pasted token in sessionStorage and reads its claims', () => {
    const session = new Session(sessionStorage);
    const token = jwt({ sub: 'alice', tenant_id: 'acme', scope: 'read:actions update:actions', exp: now / 1000 + 60 });
    const info = session.signIn(`Bearer ${token}\n`, now);
    expect(info).toEqual({
      subject: 'alice',
      tenant: 'acme',
      scopes: ['read:actions', 'update:actions'],
      expiresAt: now + 60_000,
    });
    expect(sessionStorage.getItem(TOKEN_KEY)).toBe(token);
    expect(session.current(now)?.subject).toBe('alice');
    session.signOut();
    expect(session.token).toBeNull();
  });

  it('refuses text that is not a JWT, and an expired token', () => {
    const session = new Session(sessionStorage);
    expect(() => session.signIn('not a token', now)).toThrow(/not a JSON Web Token/);
    expect(() => session.signIn(jwt({ exp: now / 1000 - 1 }), now)).toThrow(/expired/);
    expect(session.token).toBeNull();
  });

  it('forgets a stored token once it has expired', () => {
    const session = new Session(sessionStorage);
    session.signIn(jwt({ sub: 'bob', exp: now / 1000 + 10 }), now);
    expect(session.current(now + 11_000)).toBeUndefined();
    expect(session.token).toBeNull();
  });

  it('reads scopes from permissions as well as scope, and non-ASCII claims', () => {
    const claims = { sub: 'zoë', permissions: ['read:actions'], scope: 'read:actions create:actions' };
    const token = jwt({ ...claims, sub: 'x' }).split('.');
    const payload = btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(claims))))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    const info = describeToken(`${token[0]}.${payload}.${token[2]}`);
    expect(info?.subject).toBe('zoë');
    expect(info?.scopes.sort()).toEqual(['create:actions', 'read:actions']);
  });
});
