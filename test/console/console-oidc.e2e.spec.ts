/**
 * Signing in to the console through the issuer (README.md, "Console"): with AUTH_ISSUER, AUTH_JWKS_URI and
 * CONSOLE_OIDC_CLIENT_ID set, the console runs the authorization-code flow with PKCE, and the access token it gets
 * is the one its API calls carry (the service verifies it against the issuer's JWKS).
 */
import { ensureConsoleBuilt } from './support/console-build';
import { ConsoleBrowser, openBrowser } from './support/browser';
import { startIssuer, TestIssuer } from './support/oidc-issuer';
import { RunningService, startService } from '../support/service-harness';

jest.setTimeout(180_000);

const AUDIENCE = 'http://localhost:3000/api/v2/';

describe('console sign-in with OIDC (authorization code + PKCE)', () => {
  let issuer: TestIssuer;
  let service: RunningService;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    issuer = await startIssuer({
      clientId: 'console-spa',
      audience: AUDIENCE,
      subject: 'carol@example.com',
      tenant: 'oidc-tenant',
      scope: 'read:actions create:actions update:actions delete:actions',
    });
    service = await startService({
      env: {
        AUTH_JWT_SECRET: '',
        AUTH_JWKS_URI: issuer.jwksUri,
        AUTH_ISSUER: issuer.issuer,
        CONSOLE_OIDC_CLIENT_ID: 'console-spa',
      },
    });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await issuer?.close();
  });

  it('signs in through the issuer and calls the API with the token it issued', async () => {
    const { page } = browser;
    await page.goto(`${service.baseUrl}/console/triggers/post-login`);
    await page.getByRole('button', { name: `Sign in with ${new URL(issuer.issuer).host}` }).click();
    await page.getByRole('heading', { name: 'Flow of post-login' }).waitFor(); // back where the sign-in started
    expect(new URL(page.url()).pathname).toBe('/console/triggers/post-login');
    expect(await page.getByText('carol@example.com · tenant oidc-tenant').isVisible()).toBe(true);
    await page.getByText('No actions are bound to this trigger.').waitFor(); // an API call with the issued token

    expect(issuer.authorizations).toHaveLength(1);
    expect(issuer.authorizations[0]).toMatchObject({
      response_type: 'code',
      client_id: 'console-spa',
      redirect_uri: `${service.baseUrl}/console/callback`,
      audience: AUDIENCE,
      code_challenge_method: 'S256',
    });
    expect(issuer.exchanges).toHaveLength(1); // the issuer checked the verifier against the challenge
    expect(issuer.exchanges[0].code_verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);

    const elsewhere = browser.requests.filter(
      (url) => !url.startsWith(`${service.baseUrl}/`) && !url.startsWith(issuer.issuer),
    );
    expect(elsewhere).toEqual([]);
  });
});
