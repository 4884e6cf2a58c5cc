/**
 * Auth0's Deploy CLI (auth0-deploy-cli, unchanged) imports a tenant's actions and trigger bindings into the service.
 * The CLI only speaks HTTPS to `https://<AUTH0_DOMAIN>/api/v2`, so the test puts a TLS front (a certificate made at
 * start, trusted through NODE_EXTRA_CA_CERTS: verification stays on) before the service. The action has a dependency
 * whose tarball the test's registry delays: creates answer `pending`, and the CLI waits for `built` itself before it
 * deploys (issue 11).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as selfsigned from 'selfsigned';
import { FakeRegistry } from '../security/support/fake-registry';
import { RunningService, startService } from '../support/service-harness';
import { Sdk, sdk } from '../support/sdk';

const CLI = path.join(path.dirname(require.resolve('auth0-deploy-cli/package.json')), 'lib', 'index.js');

async function tlsFront(
  targetPort: number,
  dir: string,
): Promise<{ domain: string; caFile: string; close(): Promise<void> }> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  const caFile = path.join(dir, 'ca.pem');
  fs.writeFileSync(caFile, pems.cert);
  const server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const upstream = http.request(
      { host: '127.0.0.1', port: targetPort, path: req.url, method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    domain: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    caFile,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('Auth0 Deploy CLI import', () => {
  let registry: FakeRegistry;
  let service: RunningService;
  let client: Sdk;
  let front: Awaited<ReturnType<typeof tlsFront>>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-cli-'));

  beforeAll(async () => {
    registry = await FakeRegistry.start([
      { name: 'greeting', version: '1.2.0', files: { 'index.js': "module.exports = (n) => 'hello ' + n;" } },
    ]);
    registry.delayTarball('greeting', '1.2.0', 2000);
    service = await startService({
      env: { NPM_REGISTRY: registry.url, BUILD_DIR: path.join(dir, 'builds'), LOG_LEVEL: 'error' },
    });
    client = sdk(service.apiUrl, await service.token());
    front = await tlsFront(Number(new URL(service.baseUrl).port), dir);
  });
  afterAll(async () => {
    await front.close();
    await service.stop();
    await registry.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the action with its dependency, waits for the build, deploys it and binds it', async () => {
    fs.mkdirSync(path.join(dir, 'tenant', 'actions', 'greet'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'tenant', 'actions', 'greet', 'code.js'),
      "const greeting = require('greeting');\nexports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('greeting', greeting(event.user.name)); };\n",
    );
    fs.writeFileSync(
      path.join(dir, 'tenant', 'tenant.yaml'),
      [
        'actions:',
        '  - name: greet',
        '    code: ./actions/greet/code.js',
        '    dependencies:',
        '      - name: greeting',
        '        version: 1.2.0',
        '    deployed: true',
        '    runtime: node18',
        '    secrets: []',
        '    status: built',
        '    supported_triggers:',
        '      - id: post-login',
        '        version: v3',
        'triggers:',
        '  post-login:',
        '    - action_name: greet',
        '      display_name: greet',
        '',
      ].join('\n'),
    );
    const config = path.join(dir, 'config.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        AUTH0_DOMAIN: front.domain,
        AUTH0_ACCESS_TOKEN: await service.token(),
        AUTH0_INCLUDED_ONLY: ['actions', 'triggers'],
        AUTH0_ALLOW_DELETE: false,
      }),
    );
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [CLI, 'import', '-c', config, '-i', path.join(dir, 'tenant', 'tenant.yaml')],
        {
          env: { PATH: process.env.PATH, HOME: dir, NODE_EXTRA_CA_CERTS: front.caFile },
          timeout: 240_000,
        },
        (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(`${stdout}${stderr}`),
      );
    });
    expect(output).toContain('Import Successful');
    expect(output).toContain('Waiting for build to complete');

    const [action] = (await client.actions.list()).data;
    expect(action).toMatchObject({
      name: 'greet',
      status: 'built',
      all_changes_deployed: true,
      deployed_version: { number: 1, deployed: true },
    });
    const bindings = (await client.actions.triggers.bindings.list('post-login')).data;
    expect(bindings.map((b) => b.action.name)).toEqual(['greet']);
    const run = await fetch(`${service.baseUrl}/runtime/v1/triggers/post-login/executions`, {
      method: 'POST',
      body: JSON.stringify({ event: { user: { name: 'ada' } } }),
      headers: { authorization: `Bearer ${await service.token()}`, 'content-type': 'application/json' },
    });
    expect(((await run.json()) as { commands: unknown[] }).commands).toEqual([
      { action_name: 'greet', name: 'idToken.setCustomClaim', args: ['greeting', 'hello ada'] },
    ]);
  }, 300_000);
});
