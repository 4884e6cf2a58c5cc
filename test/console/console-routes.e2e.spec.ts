/**
 * How the service serves the console (src/console/console.routes.ts): public static files at /console with no
 * token, deep links answered by index.html, long-lived caching only for hashed assets, the sign-in settings at
 * /console/config.json, a Content-Security-Policy that keeps the page on this origin, and the API's own 404 body
 * left as it was for unknown API routes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunningService, startService } from '../support/service-harness';
import { CONSOLE_DIST } from '../../src/console/console.routes';
import { ensureConsoleBuilt } from './support/console-build';

describe('console routes', () => {
  let service: RunningService;
  let oidcService: RunningService;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    service = await startService();
    oidcService = await startService({
      env: { AUTH_ISSUER: 'https://login.example.com/', CONSOLE_OIDC_CLIENT_ID: 'console-spa' },
    });
  }, 180_000); // the first suite to need the console builds it
  afterAll(async () => {
    await service?.stop();
    await oidcService?.stop();
  });

  const get = (url: string) => fetch(`${service.baseUrl}${url}`, { redirect: 'manual' });

  it('serves the SPA without a token, and index.html for deep links', async () => {
    const index = fs.readFileSync(path.join(CONSOLE_DIST, 'index.html'), 'utf8');
    expect((await get('/console')).headers.get('location')).toBe('/console/');
    for (const url of ['/console/', '/console/actions/some-id/versions', '/console/triggers/post-login']) {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toBe(index);
    }
  });

  it('serves hashed assets for a year, and a missing one as a 404 in the API error body', async () => {
    const script = /src="\/console\/(assets\/[^"]+\.js)"/.exec(
      fs.readFileSync(path.join(CONSOLE_DIST, 'index.html'), 'utf8'),
    )![1];
    const asset = await get(`/console/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await get('/console/assets/gone-123.js');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Route GET /console/assets/gone-123.js does not exist.',
      errorCode: 'route_not_found',
    });
  });

  it('keeps the page on this origin with a Content-Security-Policy', async () => {
    const csp = (await get('/console/')).headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self';");
    const withIssuer = (await fetch(`${oidcService.baseUrl}/console/`)).headers.get('content-security-policy')!;
    expect(withIssuer).toContain("connect-src 'self' https://login.example.com;");
  });

  it('tells the SPA how to sign in: a pasted token, or OIDC when an issuer and a client id are configured', async () => {
    expect(await (await get('/console/config.json')).json()).toEqual({
      apiBase: '/api/v2',
      audience: 'http://localhost:3000/api/v2/',
      oidc: null,
    });
    const settings = (await (await fetch(`${oidcService.baseUrl}/console/config.json`)).json()) as { oidc: unknown };
    expect(settings.oidc).toEqual({
      issuer: 'https://login.example.com/',
      clientId: 'console-spa',
      audience: 'http://localhost:3000/api/v2/',
      scope: 'openid profile read:actions create:actions update:actions delete:actions',
    });
  });

  it('leaves the API as it was: unknown routes keep their body, and the API still wants a token', async () => {
    const unknown = await get('/api/v2/not-a-route');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Route GET /api/v2/not-a-route does not exist.',
      errorCode: 'route_not_found',
    });
    expect((await get('/api/v2/actions/actions')).status).toBe(401);
    expect((await get('/consoles')).status).toBe(404);
  });
});
