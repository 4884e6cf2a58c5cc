/**
 * The web console end to end (README.md, "Console"): the real service serving the built console, driven in headless
 * Chromium. One browser and one service for the whole file; the steps build on each other, as a user's session
 * would: sign in, create an action, edit it, see it built, test it, deploy it, bind two actions and reorder them,
 * read the diff, roll back, read the history, look up an execution. Every main screen is checked with axe-core
 * and saved as a screenshot (test-artifacts/console/).
 */
import type { Locator, Page } from 'playwright-core';
import { mintToken } from '../../src/auth/mint-token';
import { ALL_SCOPES, RunningService, startService, TEST_JWT_SECRET } from '../support/service-harness';
import { ensureConsoleBuilt } from './support/console-build';
import { ConsoleBrowser, openBrowser, screenshot, seriousViolations } from './support/browser';

jest.setTimeout(180_000);

const ACTOR = 'alice@example.com';

/** Waits until `locator` matches `n` elements (polled from the test: the page's CSP refuses evaluated strings). */
async function countReaches(locator: Locator, n: number, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await locator.count()) !== n) {
    if (Date.now() > until) throw new Error(`expected ${n} elements, found ${await locator.count()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const codeWith = (role: string) =>
  [
    'exports.onExecutePostLogin = async (event, api) => {',
    `  api.idToken.setCustomClaim('role', '${role}');`,
    "  console.log('hello from the console', event.user.email);",
    '};',
    '',
  ].join('\n');

describe('web console (headless Chromium)', () => {
  let service: RunningService;
  let browser: ConsoleBrowser;
  let page: Page;
  let token: string;
  let actionId: string;
  let otherId: string;

  interface ActionJson {
    id: string;
    code: string;
    status: string;
    secrets: { fingerprint: string }[];
    deployed_version?: { number: number; code: string };
  }
  const api = async <T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${service.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, etag: response.headers.get('etag'), body: (await response.json()) as T };
  };
  const boundNames = async () =>
    (
      await api<{ bindings: { action: { name: string } }[] }>('GET', '/actions/triggers/post-login/bindings')
    ).body.bindings.map((b) => b.action.name);
  const shownBindings = () => page.getByTestId('binding').locator('.binding-name').allTextContents();
  const expectAccessible = async (screen: string) => {
    const violations = await seriousViolations(page);
    expect({ screen, violations }).toEqual({ screen, violations: [] });
  };
  const replaceCode = async (code: string) => {
    const editor = page.getByTestId('code-editor');
    await editor.locator('.view-lines').click();
    // Pasted, as a user would bring code in: typed text would get Monaco's auto-closed brackets and indentation.
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(code)})`);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+V');
  };
  const waitBuilt = () =>
    page
      .getByTestId('build-status')
      .filter({ hasText: /^Built$/ })
      .waitFor();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureConsoleBuilt();
    service = await startService();
    token = await mintToken({
      secret: TEST_JWT_SECRET,
      audience: 'http://localhost:3000/api/v2/',
      scope: `${ALL_SCOPES}`,
      subject: ACTOR,
    });
    browser = await openBrowser();
    page = browser.page;
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('signs in with a pasted token', async () => {
    await page.goto(`${service.baseUrl}/console/`);
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    await expectAccessible('sign-in');
    await screenshot(page, 'sign-in');
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Actions' }).waitFor();
    expect(await page.getByText(`${ACTOR} · tenant default`).isVisible()).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/console/actions');
  });

  it('creates an action, edits it with a secret, and shows the build finish without a reload', async () => {
    await page.getByRole('link', { name: 'Create action' }).click();
    await page.getByLabel('Name').fill('add-role');
    await page.getByLabel('Trigger').selectOption('post-login');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'add-role' }).waitFor();
    actionId = new URL(page.url()).pathname.split('/').pop()!;
    await waitBuilt();

    await replaceCode(codeWith('admin'));
    await page.getByLabel('Secret name').fill('API_KEY');
    await page.getByLabel('Secret value').fill('s3cret-value');
    await page.getByRole('button', { name: 'Set secret' }).click();
    expect(await page.getByText('Unsaved changes').isVisible()).toBe(true);
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved. Building the draft…').waitFor(); // shown until the next look at the action
    await page.getByText('The draft is built.').waitFor();
    await waitBuilt();
    expect(navigations).toEqual([]); // the status changed in place

    const saved = (await api<ActionJson>('GET', `/actions/actions/${actionId}`)).body;
    expect(saved.code).toBe(codeWith('admin'));
    expect(saved.status).toBe('built');
    const fingerprint: string = saved.secrets[0].fingerprint;
    await page.getByText(`fingerprint ${fingerprint.slice(0, 16)}`).waitFor();
    expect(await page.content()).not.toContain('s3cret-value');
    await expectAccessible('editor');
    await screenshot(page, 'editor');
  });

  it('tests the draft with the sample event and shows commands, logs and timings', async () => {
    await page.getByRole('link', { name: 'Test' }).click();
    const event = page.getByLabel('Sample post-login event (JSON)');
    const sample = JSON.parse(await event.inputValue());
    sample.user.email = 'tester@example.com';
    await event.fill(JSON.stringify(sample, null, 2));
    await page.getByRole('button', { name: 'Run test' }).click();
    const result = page.getByTestId('test-result');
    await result.getByText('Ran without error.').waitFor();
    expect(await result.getByText('api.idToken.setCustomClaim("role", "admin")').isVisible()).toBe(true);
    expect(await result.locator('pre.logs').textContent()).toContain('hello from the console tester@example.com');
    expect(await result.getByText('action duration').isVisible()).toBe(true);
    await expectAccessible('test');
    await screenshot(page, 'test');
  });

  it('deploys, edits and deploys again', async () => {
    await page.getByRole('link', { name: 'Code' }).click();
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.getByText('Version 1 deployed.').waitFor();
    expect(await page.getByTestId('deployed-version').textContent()).toBe('v1');

    await replaceCode('exports.onExecutePostLogin = async (event, api) => {\n  api.idToken.setCustomClaim(\n};\n');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('build-status').filter({ hasText: 'Build failed' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'The build failed:' }).textContent()).toMatch(
      /Compilation failed: SyntaxError/,
    );
    expect(await page.getByRole('button', { name: 'Deploy' }).isDisabled()).toBe(true);

    await replaceCode(codeWith('editor'));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved. Building the draft…').waitFor();
    await page.getByText('The draft is built.').waitFor();
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.getByText('Version 2 deployed.').waitFor();
    expect(await page.getByTestId('deployed-version').textContent()).toBe('v2');
  });

  it('lists the actions with status, trigger and deployed version', async () => {
    const other = await api<ActionJson>('POST', '/actions/actions', {
      name: 'audit-log',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: "exports.onExecutePostLogin = async () => { console.log('audited'); };",
      deploy: true,
    });
    otherId = other.body.id;
    await page.getByRole('link', { name: 'Actions', exact: true }).click();
    const row = page.getByRole('row', { name: /audit-log/ });
    await row.getByText('v1').waitFor(); // deployed once its build finished: the list refreshed itself
    const addRole = page.getByRole('row', { name: /add-role/ });
    expect(await addRole.textContent()).toMatch(/add-role.*post-login \(v3\).*Built.*v2/);
    await expectAccessible('actions');
    await screenshot(page, 'actions');
  });

  it('binds two actions and reorders them by keyboard and by drag and drop, one PATCH each', async () => {
    await page.getByRole('link', { name: 'Triggers' }).click();
    await page.getByRole('link', { name: 'post-login' }).click();
    await page.getByText('No actions are bound to this trigger.').waitFor();
    await page.getByLabel('Deployed action').selectOption({ label: 'add-role (v2)' });
    await page.getByRole('button', { name: 'Add to flow' }).click();
    await page.getByText('add-role added to post-login.').waitFor();
    await page.getByLabel('Deployed action').selectOption({ label: 'audit-log (v1)' });
    await page.getByRole('button', { name: 'Add to flow' }).click();
    await page.getByText('audit-log added to post-login.').waitFor();
    expect(await shownBindings()).toEqual(['add-role', 'audit-log']);
    expect(await page.getByTestId('binding').locator('.running').allTextContents()).toEqual([
      'running v2',
      'running v1',
    ]);

    const patches: string[] = [];
    page.on('request', (r) => r.method() === 'PATCH' && patches.push(r.headers()['if-match'] ?? 'none'));

    // Keyboard: focus the handle, Space to pick up, ArrowUp, Space to drop.
    await page.getByRole('button', { name: 'Reorder audit-log (position 2 of 2)' }).focus();
    await page.keyboard.press('Space');
    // dnd-kit's screen-reader announcements tell where the picked-up item is.
    await page.getByText('audit-log is over position 2.').waitFor({ state: 'attached' });
    // On a busy machine a key pressed before dnd-kit has measured the list after the pick-up is lost: press again
    // until the item is over position 1 (it is the top, so a second press cannot move it further).
    const overFirst = page.getByText('audit-log is over position 1.');
    for (let tries = 0; tries < 10; tries++) {
      await page.keyboard.press('ArrowUp');
      if (
        await overFirst.waitFor({ state: 'attached', timeout: 3000 }).then(
          () => true,
          () => false,
        )
      )
        break;
    }
    await overFirst.waitFor({ state: 'attached' });
    await page.keyboard.press('Space');
    await page.getByText('post-login: audit-log moved to position 1 of 2').waitFor();
    expect(await shownBindings()).toEqual(['audit-log', 'add-role']);
    expect(await boundNames()).toEqual(['audit-log', 'add-role']);

    // Drag and drop with the mouse: add-role's handle onto the first row.
    const handle = page.getByRole('button', { name: 'Reorder add-role (position 2 of 2)' });
    const target = page.getByTestId('binding').first();
    const from = (await handle.boundingBox())!;
    const to = (await target.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y - 10, { steps: 5 });
    await page.mouse.move(from.x + from.width / 2, to.y + 4, { steps: 10 });
    await page.mouse.up();
    await page.getByText('post-login: add-role moved to position 1 of 2').waitFor();
    expect(await shownBindings()).toEqual(['add-role', 'audit-log']);
    expect(await boundNames()).toEqual(['add-role', 'audit-log']);
    expect(patches).toHaveLength(2);
    expect(patches.every((p) => /^"\d+"$/.test(p))).toBe(true);
    await expectAccessible('triggers');
    await screenshot(page, 'triggers');
  });

  it('says the bindings were changed by someone else on a 412, and shows the current list', async () => {
    const current = await api('GET', '/actions/triggers/post-login/bindings');
    const changed = await api(
      'PATCH',
      '/actions/triggers/post-login/bindings',
      { bindings: [{ ref: { type: 'action_id', value: otherId } }, { ref: { type: 'action_id', value: actionId } }] },
      { 'if-match': current.etag! },
    );
    expect(changed.status).toBe(200);
    await page.getByRole('button', { name: 'Move down: add-role' }).click();
    await page.getByText('These bindings were changed by someone else. The current list has been reloaded.').waitFor();
    await countReaches(page.getByTestId('binding').locator('.binding-name'), 2);
    expect(await shownBindings()).toEqual(['audit-log', 'add-role']);
    expect(await boundNames()).toEqual(['audit-log', 'add-role']);
  });

  it('compares two versions side by side and rolls back with confirmation', async () => {
    await page.goto(`${service.baseUrl}/console/actions/${actionId}/versions`); // a deep link
    await page.getByRole('row', { name: /Version 2/ }).waitFor();
    await page.getByLabel('From', { exact: true }).selectOption({ label: 'Version 1' });
    await page.getByLabel('To', { exact: true }).selectOption({ label: 'Version 2' });
    await page.getByRole('button', { name: 'Compare' }).click();
    const diff = page.getByTestId('version-diff');
    await diff.getByText('Version 1 → version 2').waitFor();
    expect(await diff.locator('td.del').allTextContents()).toEqual([
      "removed:   api.idToken.setCustomClaim('role', 'admin');",
    ]);
    expect(await diff.locator('td.ins').allTextContents()).toEqual([
      "added:   api.idToken.setCustomClaim('role', 'editor');",
    ]);
    expect(await diff.locator('li').first().textContent()).toMatch(/^code changed \(\+1 −1 lines/);
    await expectAccessible('versions');
    await screenshot(page, 'versions');

    await page.getByRole('button', { name: 'Roll back to version 1' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back to version 1?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Roll back' }).click();
    await page.getByText('Rolled back: version 3 runs the code of version 1.').waitFor();
    await page.getByTestId('deployed-version').filter({ hasText: 'v3' }).waitFor();
    const action = (await api<ActionJson>('GET', `/actions/actions/${actionId}`)).body;
    expect(action.deployed_version).toMatchObject({ number: 3, code: codeWith('admin') });
  });

  it('shows the audit history with actor and time', async () => {
    await page.getByRole('link', { name: 'History' }).click();
    const history = page.getByTestId('history');
    await history.getByText('version 3 created as a rollback of version 1').waitFor();
    const firstRow = await history.locator('tbody tr').first().textContent();
    expect(firstRow).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ/);
    expect(await history.getByRole('cell', { name: ACTOR }).count()).toBeGreaterThan(3);
    expect(await history.getByText(/secret API_KEY set \(fingerprint/).count()).toBe(1);
    expect(await history.getByText('system:build-reactor').count()).toBeGreaterThan(0);
    await expectAccessible('history');
    await screenshot(page, 'history');
  });

  it('looks up an execution with per-action status and duration', async () => {
    const run = await fetch(`${service.baseUrl}/runtime/v1/triggers/post-login/executions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ event: { user: { user_id: 'u1', email: 'runner@example.com' } } }),
    });
    const execution = (await run.json()) as { id: string; status: string };
    expect(execution.status).toBe('final');
    await page.getByRole('link', { name: 'Executions' }).click();
    await page.getByLabel('Execution id').fill(execution.id);
    await page.getByRole('button', { name: 'Look up' }).click();
    const view = page.getByTestId('execution');
    await view.getByText('Execution of post-login: final').waitFor();
    const rows = await view.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^audit-log.*succeeded\d+(\.\d+)? ms$/);
    expect(rows[1]).toMatch(/^add-role.*succeeded\d+(\.\d+)? ms$/);
    expect(await view.getByText('api.idToken.setCustomClaim("role", "admin")').isVisible()).toBe(true);
    await expectAccessible('executions');
    await screenshot(page, 'executions');
  });

  it('removes a binding', async () => {
    await page.getByRole('link', { name: 'Triggers' }).click();
    await page.getByRole('link', { name: 'post-login' }).click();
    await page.getByRole('button', { name: 'Remove audit-log from the flow' }).click();
    await page.getByText('audit-log removed from post-login.').waitFor();
    expect(await shownBindings()).toEqual(['add-role']);
    expect(await boundNames()).toEqual(['add-role']);
  });

  it('shows the flow as it was at a point of the bindings history', async () => {
    await page.getByText('History of these bindings').click();
    // add, add, keyboard move, drag, the other writer's PATCH, remove: six changes, newest first
    await countReaches(page.getByTestId('history').locator('tbody tr'), 6);
    const history = page.getByTestId('history').locator('tbody tr');
    expect(await history.first().textContent()).toContain('unbound');
    await history.last().getByRole('button').click(); // right after add-role was bound
    const past = page.getByTestId('past-flow');
    await past.getByRole('heading', { name: /^Flow of post-login as of / }).waitFor();
    expect(await past.locator('li').allTextContents()).toEqual(['add-role (running v2)']);
    await history.nth(1).getByRole('button').click(); // before the removal
    await past.locator('li').nth(1).waitFor();
    expect(await past.locator('li').allTextContents()).toEqual(['audit-log (running v1)', 'add-role (running v2)']);
    await expectAccessible('bindings-history');
    await screenshot(page, 'bindings-history');
  });

  it('threw no error in the page and made no request to any other host', () => {
    expect(pageErrors).toEqual([]);
    const elsewhere = browser.requests.filter((url) => !url.startsWith(`${service.baseUrl}/`));
    expect(elsewhere).toEqual([]);
    expect(browser.requests.some((url) => /\/console\/assets\/.*worker.*\.js$/.test(url))).toBe(true);
  });
});
