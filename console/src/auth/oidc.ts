/**
 * OIDC sign-in: authorization code with PKCE (RFC 7636, S256) against the issuer the service trusts (AUTH_ISSUER),
 * with the client id the service names (CONSOLE_OIDC_CLIENT_ID). The verifier and state wait in sessionStorage
 * between the redirect and the callback; the code is exchanged for an access token at the issuer's token endpoint.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  audience: string;
  scope: string;
}

export const PENDING_KEY = 'open-actions.console.oidc';

interface PendingLogin {
  state: string;
  verifier: string;
  tokenEndpoint: string;
  redirectUri: string;
  returnTo: string;
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomString(bytes = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** BASE64URL(SHA-256(verifier)), the S256 code challenge. */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

export async function discover(issuer: string, fetchImpl: typeof fetch = fetch): Promise<Discovery> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const response = await fetchImpl(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`The issuer's discovery document answered ${response.status}.`);
  const doc = (await response.json()) as Partial<Discovery>;
  if (!doc.authorization_endpoint || !doc.token_endpoint)
    throw new Error("The issuer's discovery document names no authorization or token endpoint.");
  return { authorization_endpoint: doc.authorization_endpoint, token_endpoint: doc.token_endpoint };
}

/** Prepares the redirect to the issuer; returns the URL to send the browser to. */
export async function beginLogin(
  settings: OidcSettings,
  storage: Storage,
  origin: string,
  returnTo: string,
  fetchImpl: typeof fetch = fetch,
): Promise<string> {
  const { authorization_endpoint, token_endpoint } = await discover(settings.issuer, fetchImpl);
  const pending: PendingLogin = {
    state: randomString(16),
    verifier: randomString(48),
    tokenEndpoint: token_endpoint,
    redirectUri: `${origin}/console/callback`,
    returnTo,
  };
  storage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: pending.redirectUri,
    scope: settings.scope,
    audience: settings.audience,
    state: pending.state,
    code_challenge: await codeChallenge(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/** Handles /console/callback?code=…&state=…: checks the state, exchanges the code, answers the access token. */
export async function completeLogin(
  settings: OidcSettings,
  search: string,
  storage: Storage,
  fetchImpl: typeof fetch = fetch,
): Promise<{ accessToken: string; returnTo: string }> {
  const params = new URLSearchParams(search);
  const raw = storage.getItem(PENDING_KEY);
  storage.removeItem(PENDING_KEY); // one use, whatever happens
  if (params.get('error'))
    throw new Error(`The issuer refused the sign-in: ${params.get('error_description') ?? params.get('error')}`);
  if (!raw) throw new Error('No sign-in was started in this tab.');
  const pending = JSON.parse(raw) as PendingLogin;
  const code = params.get('code');
  if (!code || params.get('state') !== pending.state)
    throw new Error('The sign-in answer does not match the sign-in this tab started.');
  const response = await fetchImpl(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: settings.clientId,
      code,
      redirect_uri: pending.redirectUri,
      code_verifier: pending.verifier,
    }).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error_description?: string };
  if (!response.ok || !body.access_token)
    throw new Error(`The token exchange failed: ${body.error_description ?? `HTTP ${response.status}`}`);
  return { accessToken: body.access_token, returnTo: pending.returnTo };
}
