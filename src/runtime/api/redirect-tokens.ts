/**
 * api.redirect.encodeToken / validateToken / canRedirect (docs/api.md, "Triggers and their `api`"): HS256 session tokens that carry
 * data to and from the page a user is redirected to. encodeToken signs `payload` with the action's secret, adding
 * iat, exp (default 900 s), sub (the user) and iss (the request host); validateToken reads the token from the
 * returning request's query or body, checks signature, expiry, subject and state, and answers its claims.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EffectResult, FlowContext } from './api-spec';

const DEFAULT_EXPIRY_SECONDS = 900;
const NON_INTERACTIVE_PROTOCOLS = [
  'oauth2-refresh-token',
  'oauth2-password',
  'oauth2-resource-owner',
  'oauth2-client-credentials',
  'oauth2-device-code',
];

const b64url = (s: string) => Buffer.from(s).toString('base64url');

export function encodeToken(options: Record<string, unknown>, flow: FlowContext): EffectResult {
  const { secret, payload, expiresInSeconds } = options;
  if (typeof secret !== 'string' || secret.length === 0)
    return { error: 'api.redirect.encodeToken: options.secret must be a non-empty string' };
  if (payload !== undefined && (typeof payload !== 'object' || payload === null || Array.isArray(payload))) {
    return { error: 'api.redirect.encodeToken: options.payload must be an object' };
  }
  const ttl = expiresInSeconds === undefined ? DEFAULT_EXPIRY_SECONDS : expiresInSeconds;
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 1)
    return { error: 'api.redirect.encodeToken: options.expiresInSeconds must be a number of seconds, at least 1' };
  const iat = Math.floor(flow.now() / 1000);
  const claims = {
    ...(payload as object | undefined),
    iat,
    exp: iat + Math.floor(ttl),
    sub: flow.event.user?.user_id,
    iss: flow.event.request?.hostname,
  };
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  return { value: `${head}.${body}.${sign(secret, `${head}.${body}`).toString('base64url')}` };
}

export function validateToken(options: Record<string, unknown>, flow: FlowContext): EffectResult {
  const { secret, tokenParameterName } = options;
  if (typeof secret !== 'string' || secret.length === 0)
    return { error: 'api.redirect.validateToken: options.secret must be a non-empty string' };
  const param =
    typeof tokenParameterName === 'string' && tokenParameterName !== '' ? tokenParameterName : 'session_token';
  const token = requestParam(flow, param);
  if (typeof token !== 'string')
    return { error: `api.redirect.validateToken: the request has no "${param}" parameter` };
  const [head, body, signature, extra] = token.split('.');
  if (!head || !body || !signature || extra !== undefined)
    return { error: 'api.redirect.validateToken: the token is not a JWT' };
  // compared as canonical base64url text: decoding first would accept altered padding bits or stray characters
  const expected = Buffer.from(sign(secret, `${head}.${body}`).toString('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { error: 'api.redirect.validateToken: the token signature is invalid' };
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { error: 'api.redirect.validateToken: the token payload is not JSON' };
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= flow.now())
    return { error: 'api.redirect.validateToken: the token has expired' };
  const user = flow.event.user?.user_id;
  if (claims.sub !== undefined && user !== undefined && claims.sub !== user)
    return { error: 'api.redirect.validateToken: the token was issued for another user' };
  const state = requestParam(flow, 'state');
  if (claims.state !== undefined && state !== undefined && claims.state !== state)
    return { error: 'api.redirect.validateToken: the token state does not match the request' };
  return { value: claims };
}

/** False for flows that cannot show a page: refresh token, password and client-credential grants, prompt=none. */
export function canRedirect(flow: FlowContext): EffectResult {
  const { transaction, request } = flow.event;
  const protocol = String(transaction?.protocol ?? '');
  const noPrompt = transaction?.prompt === 'none' || request?.query?.prompt === 'none';
  return { value: !noPrompt && !NON_INTERACTIVE_PROTOCOLS.includes(protocol) };
}

function requestParam(flow: FlowContext, name: string): unknown {
  const request = flow.event.request;
  return request?.query?.[name] ?? request?.body?.[name];
}

function sign(secret: string, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}
