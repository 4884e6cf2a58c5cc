/**
 * api.redirect.encodeToken / validateToken / canRedirect (docs/api.md) as pure functions over a
 * FlowContext with a fixed clock, and once end to end: a token encoded before a redirect is validated by the same
 * action's onContinuePostLogin after the execution resumes.
 */
import { createHmac } from 'node:crypto';
import type { FlowContext } from '../../src/runtime/api/api-spec';
import { canRedirect, encodeToken, validateToken } from '../../src/runtime/api/redirect-tokens';
import { runtimeFixture } from './runtime-fixture';

const NOW = Date.parse('2026-11-25T10:00:00.000Z');
const IAT = NOW / 1000;
const SECRET = 'redirect-secret';
const USER = 'auth0|ada';

const flowOf = (event: Record<string, any>, now = NOW): FlowContext => ({
  event,
  phase: 'continue',
  now: () => now,
  facts: new Set(),
});
const loginFlow = (now = NOW) =>
  flowOf({ user: { user_id: USER }, request: { hostname: 'login.example.com', query: {} } }, now);
const returning = (
  token: unknown,
  extra: { query?: Record<string, unknown>; body?: Record<string, unknown>; user?: string; now?: number } = {},
) =>
  flowOf(
    {
      user: { user_id: extra.user ?? USER },
      request: { query: { session_token: token, ...extra.query }, body: extra.body ?? {} },
    },
    extra.now,
  );

function encode(options: Record<string, unknown>, flow = loginFlow()): string {
  const r = encodeToken({ secret: SECRET, ...options }, flow);
  if (!r || !('value' in r) || typeof r.value !== 'string') throw new Error(`no token: ${JSON.stringify(r)}`);
  return r.value;
}
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const hs256 = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('base64url');
const refusal = (message: RegExp) => ({ error: expect.stringMatching(message) });

describe('api.redirect.encodeToken', () => {
  it('signs an HS256 JWT carrying the payload plus iat, exp (900 s), sub and iss', () => {
    const token = encode({ payload: { state: 'st-1', favourite: 'blue' } });
    const [head, body, signature] = token.split('.');
    expect(decode(head)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decode(body)).toEqual({
      state: 'st-1',
      favourite: 'blue',
      iat: IAT,
      exp: IAT + 900,
      sub: USER,
      iss: 'login.example.com',
    });
    expect(signature).toBe(hs256(SECRET, `${head}.${body}`));
  });

  it('the payload cannot override the registered claims; expiresInSeconds sets exp (whole seconds)', () => {
    const claims = decode(
      encode({
        payload: { sub: 'auth0|mallory', exp: 9_999_999_999, iat: 1, iss: 'evil' },
        expiresInSeconds: 60.9,
      }).split('.')[1],
    );
    expect(claims).toEqual({ iat: IAT, exp: IAT + 60, sub: USER, iss: 'login.example.com' });
  });

  it.each([
    ['no secret', {}, /options.secret must be a non-empty string/],
    ['an empty secret', { secret: '' }, /options.secret/],
    ['a numeric secret', { secret: 42 }, /options.secret/],
    ['an array payload', { secret: SECRET, payload: ['x'] }, /options.payload must be an object/],
    ['a null payload', { secret: SECRET, payload: null }, /options.payload/],
    ['a string payload', { secret: SECRET, payload: 'x' }, /options.payload/],
    [
      'a zero expiry',
      { secret: SECRET, expiresInSeconds: 0 },
      /expiresInSeconds must be a number of seconds, at least 1/,
    ],
    ['a sub-second expiry (already expired when issued)', { secret: SECRET, expiresInSeconds: 0.5 }, /at least 1/],
    ['a negative expiry', { secret: SECRET, expiresInSeconds: -5 }, /expiresInSeconds/],
    ['a string expiry', { secret: SECRET, expiresInSeconds: '60' }, /expiresInSeconds/],
    ['an infinite expiry', { secret: SECRET, expiresInSeconds: Infinity }, /expiresInSeconds/],
  ])('refuses %s', (_name, options, message) => {
    expect(encodeToken(options, loginFlow())).toEqual(refusal(message));
  });
});

describe('api.redirect.validateToken', () => {
  it('answers the claims of a token it issued, from the query or the body', () => {
    const token = encode({ payload: { state: 'st-1', favourite: 'blue' } });
    const claims = { state: 'st-1', favourite: 'blue', iat: IAT, exp: IAT + 900, sub: USER, iss: 'login.example.com' };
    expect(validateToken({ secret: SECRET }, returning(token, { query: { state: 'st-1' } }))).toEqual({
      value: claims,
    });
    const viaBody = flowOf({
      user: { user_id: USER },
      request: { query: {}, body: { session_token: token, state: 'st-1' } },
    });
    expect(validateToken({ secret: SECRET }, viaBody)).toEqual({ value: claims });
  });

  it('refuses a tampered token: changed claims, another secret, a forged or altered signature, not a JWT', () => {
    const token = encode({ payload: { role: 'user' } });
    const [head, body, signature] = token.split('.');
    const forgedBody = b64({ ...decode(body), role: 'admin' });
    const check = (t: string, secret = SECRET) => validateToken({ secret }, returning(t));
    expect(check(`${head}.${forgedBody}.${signature}`)).toEqual(refusal(/signature is invalid/));
    expect(check(`${head}.${forgedBody}.${hs256('guessed-secret', `${head}.${forgedBody}`)}`)).toEqual(
      refusal(/signature is invalid/),
    );
    expect(check(token, 'another-secret')).toEqual(refusal(/signature is invalid/));
    expect(check(`${head}.${body}.${signature.slice(0, -4)}`)).toEqual(refusal(/signature is invalid/));
    // every single-character change of the signature is refused, the last character (padding bits) included
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const at of [0, 20, signature.length - 1]) {
      for (const c of alphabet) {
        if (c === signature[at]) continue;
        const altered = signature.slice(0, at) + c + signature.slice(at + 1);
        expect([at, c, check(`${head}.${body}.${altered}`)]).toEqual([at, c, refusal(/signature is invalid/)]);
      }
    }
    expect(check(`${head}.${body}.${signature}=`)).toEqual(refusal(/signature is invalid/));
    expect(check(`${head}.${b64({ ...decode(body) })}.`)).toEqual(refusal(/not a JWT/));
    expect(check(`${token}.extra`)).toEqual(refusal(/not a JWT/));
    expect(check('not-a-token')).toEqual(refusal(/not a JWT/));
    const garbage = `${head}.bm90IGpzb24.${hs256(SECRET, `${head}.bm90IGpzb24`)}`;
    expect(check(garbage)).toEqual(refusal(/payload is not JSON/));
  });

  it('refuses a token at and after its expiry, with a fixed clock', () => {
    const token = encode({ expiresInSeconds: 60 });
    expect(validateToken({ secret: SECRET }, returning(token, { now: NOW + 59_999 }))).toHaveProperty('value');
    expect(validateToken({ secret: SECRET }, returning(token, { now: NOW + 60_000 }))).toEqual(refusal(/has expired/));
    const standard = encode({});
    expect(validateToken({ secret: SECRET }, returning(standard, { now: NOW + 899_000 }))).toHaveProperty('value');
    expect(validateToken({ secret: SECRET }, returning(standard, { now: NOW + 3_600_000 }))).toEqual(
      refusal(/has expired/),
    );
  });

  it('refuses a token issued for another user, or whose state does not match the request', () => {
    const token = encode({ payload: { state: 'st-1' } });
    expect(validateToken({ secret: SECRET }, returning(token, { user: 'auth0|mallory' }))).toEqual(
      refusal(/issued for another user/),
    );
    expect(validateToken({ secret: SECRET }, returning(token, { query: { state: 'st-2' } }))).toEqual(
      refusal(/state does not match/),
    );
    expect(validateToken({ secret: SECRET }, returning(token, { body: { state: 'st-2' } }))).toEqual(
      refusal(/state does not match/),
    );
  });

  it('reads the token from tokenParameterName, and refuses a missing or non-string parameter', () => {
    const token = encode({});
    const custom = flowOf({ user: { user_id: USER }, request: { query: { my_token: token } } });
    expect(validateToken({ secret: SECRET, tokenParameterName: 'my_token' }, custom)).toHaveProperty('value.sub', USER);
    expect(validateToken({ secret: SECRET }, custom)).toEqual(refusal(/no "session_token" parameter/));
    expect(validateToken({ secret: SECRET, tokenParameterName: 'other' }, returning(token))).toEqual(
      refusal(/no "other" parameter/),
    );
    expect(validateToken({ secret: SECRET, tokenParameterName: '' }, returning(token))).toHaveProperty('value');
    expect(validateToken({ secret: SECRET }, returning(12345))).toEqual(refusal(/no "session_token" parameter/));
    expect(validateToken({ secret: SECRET }, flowOf({ user: { user_id: USER } }))).toEqual(
      refusal(/no "session_token" parameter/),
    );
  });

  it.each([[{}], [{ secret: '' }], [{ secret: 7 }]])('refuses options without a usable secret: %j', (options) => {
    expect(validateToken(options, returning(encode({})))).toEqual(refusal(/options.secret must be a non-empty string/));
  });
});

describe('api.redirect.canRedirect', () => {
  it.each([
    ['an empty event', true, {}],
    ['oidc-basic-profile', true, { transaction: { protocol: 'oidc-basic-profile' } }],
    ['samlp', true, { transaction: { protocol: 'samlp' } }],
    ['prompt=login', true, { transaction: { protocol: 'oauth2-access-token', prompt: 'login' } }],
    ['oauth2-refresh-token', false, { transaction: { protocol: 'oauth2-refresh-token' } }],
    ['oauth2-password', false, { transaction: { protocol: 'oauth2-password' } }],
    ['oauth2-resource-owner', false, { transaction: { protocol: 'oauth2-resource-owner' } }],
    ['oauth2-client-credentials', false, { transaction: { protocol: 'oauth2-client-credentials' } }],
    ['oauth2-device-code', false, { transaction: { protocol: 'oauth2-device-code' } }],
    ['transaction.prompt=none', false, { transaction: { protocol: 'oidc-basic-profile', prompt: 'none' } }],
    ['request.query.prompt=none', false, { request: { query: { prompt: 'none' } } }],
  ])('%s → %s', (_name, expected, event) => {
    expect(canRedirect(flowOf(event))).toEqual({ value: expected });
  });
});

describe('tokens through a real redirect and continue', () => {
  const f = runtimeFixture();
  afterAll(() => f.close());

  it('onContinuePostLogin validates the token onExecutePostLogin encoded; a forged one is a TypeError', async () => {
    f.bind('tokens', 'post-login', [
      {
        name: 'verify',
        secrets: { KEY: SECRET },
        code: `
      exports.onExecutePostLogin = async (event, api) => {
        const token = api.redirect.encodeToken({ secret: event.secrets.KEY, payload: { plan: 'gold' } });
        api.redirect.sendUserTo('https://verify.example.com/start', { query: { session_token: token } });
      };
      exports.onContinuePostLogin = async (event, api) => {
        const claims = api.redirect.validateToken({ secret: event.secrets.KEY });
        api.idToken.setCustomClaim('plan', claims.plan + '/' + claims.sub);
      };`,
      },
    ]);
    const event = {
      user: { user_id: USER },
      transaction: { protocol: 'oidc-basic-profile' },
      request: { hostname: 'login.example.com' },
    };
    const suspended = await f.executor.execute('tokens', 'post-login', event);
    expect(suspended.status).toBe('suspended');
    const token = new URL(suspended.redirect!.url).searchParams.get('session_token')!;
    expect(token.split('.')[2]).toBe(hs256(SECRET, token.split('.').slice(0, 2).join('.')));
    const done = await f.executor.resume('tokens', suspended.id, suspended.redirect!.state, {
      request: { query: { session_token: token } },
    });
    expect(done.status).toBe('final');
    expect(done.commands.at(-1)).toEqual({
      action_name: 'verify',
      name: 'idToken.setCustomClaim',
      args: ['plan', `gold/${USER}`],
    });

    const again = await f.executor.execute('tokens', 'post-login', event);
    const [head, body] = token.split('.');
    const forged = `${head}.${b64({ ...decode(body), plan: 'platinum' })}.${token.split('.')[2]}`;
    const refused = await f.executor.resume('tokens', again.id, again.redirect!.state, {
      request: { query: { session_token: forged } },
    });
    expect(refused.status).toBe('partial');
    expect(refused.results.at(-1)?.error).toEqual({
      id: 'action_error',
      msg: 'TypeError: api.redirect.validateToken: the token signature is invalid',
    });
  });
});
