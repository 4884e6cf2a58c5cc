/**
 * Issue 11: builds as an event-driven worker, through the official SDK against a registry served by the test whose
 * tarballs are delayed by seconds. Creates answer `pending` at once; the build reactor makes them `built` or
 * `failed`; a SIGKILL while pending loses nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config/config';
import { mintToken } from '../../src/auth/mint-token';
import { EVENT_STORE, EventStore, readStreamPaged } from '../../src/event-store/port';
import { FakeRegistry } from '../security/support/fake-registry';
import { RunningService, startService, TEST_JWT_SECRET } from '../support/service-harness';
import { startServiceProcess } from '../support/service-process';
import { Sdk, sdk, sdkError, untilBuilt } from '../support/sdk';

const code = (tag: string) =>
  `const dep = require('slow-dep');\nexports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('${tag}', dep.answer); };`;
const pkg = (name: string) => ({ name, version: '1.0.0', files: { 'index.js': 'module.exports = { answer: 42 };' } });
const NOT_BUILT = "A draft must be in the 'built' state before it can be deployed.";

describe('build reactor (auth0 SDK, delayed registry)', () => {
  let registry: FakeRegistry;
  let service: RunningService;
  let client: Sdk;
  const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reactor-builds-'));

  beforeAll(async () => {
    registry = await FakeRegistry.start([pkg('slow-dep'), pkg('shared-dep'), pkg('kill-dep')]);
    service = await startService({ env: { NPM_REGISTRY: registry.url, BUILD_DIR: buildDir, LOG_LEVEL: 'error' } });
    client = sdk(service.apiUrl, await service.token());
  });
  afterAll(async () => {
    await service.stop();
    await registry.close();
    fs.rmSync(buildDir, { recursive: true, force: true });
  });

  it('a create with a slow dependency answers pending at once; deploy while pending is 400; polling sees built', async () => {
    registry.delayTarball('slow-dep', '1.0.0', 3000);
    const started = performance.now();
    const created = await client.actions.create({
      name: 'slow',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: code('slow'),
      dependencies: [{ name: 'slow-dep', version: '1.0.0' }],
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(created).toMatchObject({ status: 'pending', all_changes_deployed: false });
    expect(await sdkError(() => client.actions.deploy(created.id))).toMatchObject({
      statusCode: 400,
      body: { message: NOT_BUILT },
    });

    const built = await untilBuilt(client, created.id);
    expect(built).toMatchObject({ status: 'built', dependencies: [{ name: 'slow-dep', version: '1.0.0' }] });
    // the build's events name the reactor as actor and link to the request and the event that made the draft pending
    const events = [];
    for await (const e of readStreamPaged(service.app.get<symbol, EventStore>(EVENT_STORE), `action-${created.id}`))
      events.push(e);
    const [made, outcome] = [
      events.find((e) => e.type === 'ActionCreated')!,
      events.find((e) => e.type === 'ActionDraftBuilt')!,
    ];
    expect(outcome.metadata).toMatchObject({
      actor: 'system:build-reactor',
      correlationId: made.metadata.correlationId,
      causationId: made.id,
    });
    expect(await client.actions.deploy(created.id)).toMatchObject({ number: 1, status: 'built' });
    const tested = await client.actions.test(created.id, { payload: { event: {} } });
    expect(tested.payload.commands).toEqual([{ name: 'idToken.setCustomClaim', args: ['slow', 42] }]);
  });

  it('eight concurrent creates with one dependency fetch its tarball once; the queue shows in /metrics', async () => {
    registry.delayTarball('shared-dep', '1.0.0', 1500);
    const shared = (i: number) => code(`n${i}`).replace("'slow-dep'", "'shared-dep'");
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        client.actions.create({
          name: `shared-${i}`,
          supported_triggers: [{ id: 'post-login', version: 'v3' }],
          code: shared(i),
          dependencies: [{ name: 'shared-dep', version: '1.0.0' }],
        }),
      ),
    );
    expect(created.every((a) => a.status === 'pending')).toBe(true);
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^builds_running \d+$/m);
    expect(metrics).toMatch(/^builds_queued \d+$/m);
    for (const a of created) expect((await untilBuilt(client, a.id)).status).toBe('built');
    expect(registry.tarballHits('shared-dep', '1.0.0')).toBe(1);
    expect(await (await fetch(`${service.baseUrl}/metrics`)).text()).toMatch(
      /^build_duration_seconds_count\{status="built"\} \d+$/m,
    );
  });

  it('a dependency that does not exist ends failed with errors naming it; a draft test answers them', async () => {
    const created = await client.actions.create({
      name: 'missing-dep',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: code('x'),
      dependencies: [{ name: 'no-such-package', version: '1.0.0' }],
    });
    const failed = await untilBuilt(client, created.id);
    expect(failed.status).toBe('failed');
    expect(failed.errors[0].msg).toContain('no-such-package');
    expect(await sdkError(() => client.actions.deploy(created.id))).toMatchObject({
      statusCode: 400,
      body: { message: NOT_BUILT },
    });
    const tested = await client.actions.test(created.id, { payload: { event: {} } });
    expect(tested.payload.error).toMatchObject({
      name: 'BuildError',
      message: expect.stringContaining('no-such-package'),
    });
  });

  it('a draft test of a pending draft waits for its build, then runs it', async () => {
    registry.delayTarball('slow-dep', '1.0.0', 0);
    const created = await client.actions.create({
      name: 'test-while-pending',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: code('waited'),
      dependencies: [{ name: 'slow-dep', version: '1.0.0' }],
    });
    const tested = await client.actions.test(created.id, { payload: { event: {} } });
    expect(tested.payload.commands).toEqual([{ name: 'idToken.setCustomClaim', args: ['waited', 42] }]);
  });

  it('a SIGKILL while a draft is pending, then a restart: the draft ends built with no further request', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reactor-kill-'));
    const env = {
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      NPM_REGISTRY: registry.url,
      BUILD_DIR: path.join(dataDir, '..', `${path.basename(dataDir)}-builds`),
    };
    const token = await mintToken({
      secret: TEST_JWT_SECRET,
      audience: loadConfig({}).auth.audience,
      scope: 'read:actions create:actions',
    });
    registry.delayTarball('kill-dep', '1.0.0', 60_000); // the first process never gets it
    const first = await startServiceProcess(env);
    const viaFirst = sdk(`${first.baseUrl}/api/v2`, token);
    const created = await viaFirst.actions.create({
      name: 'survivor',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: code('k').replace("'slow-dep'", "'kill-dep'"),
      dependencies: [{ name: 'kill-dep', version: '1.0.0' }],
    });
    expect(created.status).toBe('pending');
    await sleep(300); // the reactor has started the build and waits on the tarball
    await first.child.kill('SIGKILL');

    registry.delayTarball('kill-dep', '1.0.0', 0);
    const second = await startServiceProcess(env);
    try {
      const after = await untilBuilt(sdk(`${second.baseUrl}/api/v2`, token), created.id, 60_000);
      expect(after).toMatchObject({ id: created.id, status: 'built' });
    } finally {
      await second.child.kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
