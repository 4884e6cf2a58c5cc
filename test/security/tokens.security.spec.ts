/**
 * Tokens (issue 9): a token must carry `exp` and live no longer than AUTH_MAX_TOKEN_LIFETIME_S; a token without
 * `tenant_id` belongs to AUTH_DEFAULT_TENANT, or is refused when that is unset. The CLI minter keeps producing
 * tokens the service accepts. Driven through the real HTTP server.
 */
import { SignJWT } from 'jose';
import { RunningService, startService, TEST_JWT_SECRET, ALL_SCOPES } from '../support/service-harness';
import { spawnTs } from '../support/spawn-ts';
import { APP_CONFIG, AppConfig } from '../../src/config/config';

const KEY = new TextEncoder().encode(TEST_JWT_SECRET);
const CODE = 'exports.onExecutePostLogin = async () => {};';

/** A token signed with the service's secret, built claim by claim. */
function forge(
  service: RunningService,
  claims: Record<string, unknown>,
  o: { iat?: number | false; exp?: number | false } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ scope: ALL_SCOPES, ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('forger')
    .setAudience(service.app.get<AppConfig>(APP_CONFIG).auth.audience);
  if (o.iat !== false) jwt.setIssuedAt(o.iat ?? now);
  if (o.exp !== false) jwt.setExpirationTime(o.exp ?? now + 300);
  return jwt.sign(KEY);
}

async function call(service: RunningService, token: string, init: RequestInit = {}) {
  const res = await fetch(`${service.apiUrl}/actions/actions`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(init.headers as Record<string, string>),
    },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('token lifetime and tenant, AUTH_DEFAULT_TENANT unset', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService({ env: { AUTH_MAX_TOKEN_LIFETIME_S: '3600' } });
  });
  afterAll(() => service.stop());

  it('refuses a token without exp with 401 and a clear message', async () => {
    const r = await call(service, await forge(service, { tenant_id: 'acme' }, { exp: false }));
    expect(r).toEqual({
      status: 401,
      body: { statusCode: 401, error: 'Unauthorized', message: 'Invalid token: the "exp" claim is required' },
    });
  });

  it('refuses a token living longer than AUTH_MAX_TOKEN_LIFETIME_S, by exp - iat or by exp - now', async () => {
    const now = Math.floor(Date.now() / 1000);
    const message = 'Invalid token: its lifetime exceeds the maximum of 3600 seconds';
    expect(
      (await call(service, await forge(service, { tenant_id: 'acme' }, { iat: now, exp: now + 3601 }))).body.message,
    ).toBe(message);
    expect(
      (await call(service, await forge(service, { tenant_id: 'acme' }, { iat: false, exp: now + 7200 }))).body.message,
    ).toBe(message);
    expect(
      (await call(service, await forge(service, { tenant_id: 'acme' }, { iat: now - 3000, exp: now + 3000 }))).status,
    ).toBe(401);
    expect(
      (await call(service, await forge(service, { tenant_id: 'acme' }, { iat: now, exp: now + 3600 }))).status,
    ).toBe(200);
  });

  it('refuses a token without tenant_id, and creates nothing with it', async () => {
    const noTenant = await forge(service, {});
    const r = await call(service, noTenant, {
      method: 'POST',
      body: JSON.stringify({ name: 'orphan', supported_triggers: [{ id: 'post-login' }], code: CODE }),
    });
    expect(r).toEqual({
      status: 401,
      body: { statusCode: 401, error: 'Unauthorized', message: 'Invalid token: the "tenant_id" claim is required' },
    });
    const listed = await call(service, await service.token({ expiresIn: '1h' }));
    expect(listed.body.actions).toEqual([]);
  });

  it('the CLI minter (npm run token) produces a token the service accepts, and refuses a lifetime over the maximum', async () => {
    const env = { DATA_DIR: service.dataDir, AUTH_JWT_SECRET: TEST_JWT_SECRET, AUTH_MAX_TOKEN_LIFETIME_S: '3600' };
    const cli = await spawnTs('src/cli/main.ts', { args: ['token', '--scope', 'read:actions'], env });
    expect((await cli.exited).code).toBe(0);
    expect((await call(service, cli.lines[0])).status).toBe(200);
    const tooLong = await spawnTs('src/cli/main.ts', { args: ['token', '--expires', '2h'], env });
    expect((await tooLong.exited).code).toBe(1);
    expect(tooLong.stderr()).toContain('AUTH_MAX_TOKEN_LIFETIME_S');
  });
});

describe('token tenant with AUTH_DEFAULT_TENANT set', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService({ env: { AUTH_DEFAULT_TENANT: 'acme' } });
  });
  afterAll(() => service.stop());

  it('maps a token without tenant_id to AUTH_DEFAULT_TENANT', async () => {
    const created = await call(service, await forge(service, {}), {
      method: 'POST',
      body: JSON.stringify({ name: 'defaulted', supported_triggers: [{ id: 'post-login' }], code: CODE }),
    });
    expect(created.status).toBe(201);
    const acme = await call(service, await service.token({ tenant: 'acme' }));
    expect((acme.body.actions as { name: string }[]).map((a) => a.name)).toEqual(['defaulted']);
    const other = await call(service, await service.token({ tenant: 'globex' }));
    expect(other.body.actions).toEqual([]);
  });

  it('still refuses a token without exp', async () => {
    expect((await call(service, await forge(service, {}, { exp: false }))).status).toBe(401);
  });
});
