import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('runs on embedded defaults with no variables at all', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      logLevel: 'info',
      auth: { audience: 'http://localhost:3000/api/v2/' },
    });
    expect(c.eventStoreConnectionString).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.limits).toMatchObject({
      actionsPerTenant: 100,
      bindingsPerTrigger: 20,
      secretsPerAction: 30,
      dependenciesPerAction: 10,
      versionsPerAction: 0,
    });
    expect(c.runtime).toMatchObject({ memoryLimitMb: 128, maxIsolates: 256, memoryBudgetMb: 2048 });
    expect(loadConfig({ SANDBOX_MEMORY_BUDGET_MB: '512' }).runtime.memoryBudgetMb).toBe(512);
    expect(c.egress).toEqual({
      allow: [],
      deny: [],
      maxRequests: 50,
      maxResponseBytes: 10 * 1024 * 1024,
      maxConcurrent: 10,
    });
    expect(loadConfig({ EGRESS_ALLOW: 'api.example.com, *.corp.example,10.1.0.0/16 ::1' }).egress.allow).toEqual([
      'api.example.com',
      '*.corp.example',
      '10.1.0.0/16',
      '::1',
    ]);
    expect(c.http).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      idleTimeoutMs: 120_000,
      maxConnections: 1024,
    });
    expect(c.auth).toMatchObject({ maxTokenLifetimeS: 86_400 });
    expect(c.auth.defaultTenant).toBeUndefined();
    expect(c.cache).toMatchObject({
      maxEntries: 20,
      maxKeyBytes: 64,
      maxValueBytes: 4096,
      maxTotalBytes: 8192,
      defaultTtlMs: 900_000,
      maxTtlMs: 86_400_000,
    });
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT must be an integer/],
    [{ PORT: '70000' }, /^Invalid configuration: PORT must be between 0 and 65535/],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL must be one of/],
    [{ REDIS_URL: 'http://x' }, /^Invalid configuration: REDIS_URL must use redis:\/\/ or rediss:\/\//],
    [{ REDIS_URL: 'not a url' }, /^Invalid configuration: REDIS_URL must be a URL/],
    [
      { EVENTSTORE_CONNECTION_STRING: 'mysql://x' },
      /^Invalid configuration: EVENTSTORE_CONNECTION_STRING must use esdb:\/\//,
    ],
    [{ AUTH_JWT_SECRET: 'short' }, /^Invalid configuration: AUTH_JWT_SECRET must be at least 32 bytes/],
    [{ SECRETS_KEY: 'AAAA' }, /^Invalid configuration: SECRETS_KEY must be 32 bytes/],
    [
      { EGRESS_ALLOW: '10.0.0.0/33' },
      /^Invalid configuration: EGRESS_ALLOW must list host names.*"10\.0\.0\.0\/33" is not a valid CIDR/,
    ],
    [{ EGRESS_DENY: 'exa mple.com,http://x' }, /^Invalid configuration: EGRESS_DENY must list host names/],
    [{ EGRESS_MAX_CONCURRENT: '0' }, /^Invalid configuration: EGRESS_MAX_CONCURRENT must be between 1 and 1000/],
    [
      { EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' },
      /^Invalid configuration: SECRETS_KEY must be set when/,
    ],
    [{ HTTP_HEADERS_TIMEOUT_MS: '0' }, /^Invalid configuration: HTTP_HEADERS_TIMEOUT_MS must be between 100 and/],
    [
      { HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '1000' },
      /^Invalid configuration: HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS/,
    ],
    [{ SANDBOX_MAX_ISOLATES: '0' }, /^Invalid configuration: SANDBOX_MAX_ISOLATES must be between 1 and/],
    [{ SANDBOX_MEMORY_BUDGET_MB: '10' }, /^Invalid configuration: SANDBOX_MEMORY_BUDGET_MB must be between 64 and/],
    [{ HTTP_MAX_CONNECTIONS: '0' }, /^Invalid configuration: HTTP_MAX_CONNECTIONS must be between 1 and/],
    [{ HTTP_KEEP_ALIVE_TIMEOUT_MS: 'soon' }, /^Invalid configuration: HTTP_KEEP_ALIVE_TIMEOUT_MS must be an integer/],
    [{ AUTH_MAX_TOKEN_LIFETIME_S: '10' }, /^Invalid configuration: AUTH_MAX_TOKEN_LIFETIME_S must be between 60 and/],
    [{ AUTH_DEFAULT_TENANT: 'a b' }, /^Invalid configuration: AUTH_DEFAULT_TENANT must be 1-64 letters/],
    [{ CONSOLE_OIDC_CLIENT_ID: 'console' }, /^Invalid configuration: CONSOLE_OIDC_CLIENT_ID needs AUTH_ISSUER/],
    [
      { CONSOLE_OIDC_CLIENT_ID: 'has space', AUTH_ISSUER: 'https://id.example/' },
      /^Invalid configuration: CONSOLE_OIDC_CLIENT_ID must be 1-256 printable characters/,
    ],
  ])('refuses %j with one line naming the variable', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('gives the console an OIDC client id only with an issuer to sign in against', () => {
    expect(loadConfig({}).console).toEqual({});
    expect(loadConfig({ CONSOLE_OIDC_CLIENT_ID: '' }).console).toEqual({});
    const c = loadConfig({ AUTH_ISSUER: 'https://id.example/', CONSOLE_OIDC_CLIENT_ID: 'console-spa' });
    expect(c.console).toEqual({ oidcClientId: 'console-spa' });
  });
});
