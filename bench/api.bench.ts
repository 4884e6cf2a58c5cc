/**
 * The service over real HTTP on loopback: reads, writes (command pipeline: read stream, decide, fsync'd append,
 * wait for the projections) and trigger executions, against the in-run baseline of GET /health/live (the cost of
 * the HTTP stack alone).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp } from '../src/app.factory';
import { mintToken } from '../src/auth/mint-token';
import { loadConfig } from '../src/config/config';
import { createLogger } from '../src/shared/logging';
import { BenchOptions, BenchRow, benchRow, measure, sized } from './harness';

const SUITE = 'api';
const SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';

export async function run(options: BenchOptions = {}): Promise<BenchRow[]> {
  const budget = (ms: number) => sized(options, ms, Math.round(ms / 4));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-api-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'error',
    AUTH_JWT_SECRET: SECRET,
    LIMIT_ACTIONS_PER_TENANT: '100000',
  });
  const app = await createApp({ config, logger: createLogger('error') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const token = await mintToken({
    secret: SECRET,
    audience: config.auth.audience,
    scope: 'read:actions create:actions update:actions delete:actions execute:actions',
  });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, any>>;
  };
  const rows: BenchRow[] = [];
  const live = benchRow(
    SUITE,
    'baseline: GET /health/live',
    'requests/s',
    await measure(() => fetch(`${base}/health/live`).then((r) => r.text()), { iterations: 3000, maxMs: budget(3000) }),
  );
  rows.push(live);

  let n = 0;
  const code = "exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('n', 1); };";
  rows.push(
    benchRow(
      SUITE,
      'POST /actions/actions (name claim + append + wait; built later)',
      'requests/s',
      await measure(
        () =>
          call('POST', '/api/v2/actions/actions', {
            name: `bench-${n++}`,
            supported_triggers: [{ id: 'post-login' }],
            code,
          }),
        { iterations: 300, maxMs: budget(4000) },
      ),
      { baseline: live },
    ),
  );
  const { id } = await call('POST', '/api/v2/actions/actions', {
    name: 'bench-target',
    supported_triggers: [{ id: 'post-login' }],
    code,
    deploy: true,
  });
  const untilBuilt = async () => {
    while ((await call('GET', `/api/v2/actions/actions/${id}`)).status === 'pending') await sleep(20);
  };
  await untilBuilt();
  rows.push(
    benchRow(
      SUITE,
      'GET /actions/actions/{id}',
      'requests/s',
      await measure(() => call('GET', `/api/v2/actions/actions/${id}`), { iterations: 3000, maxMs: budget(3000) }),
      { baseline: live },
    ),
  );
  rows.push(
    benchRow(
      SUITE,
      'PATCH /actions/actions/{id} (code change)',
      'requests/s',
      await measure((i) => call('PATCH', `/api/v2/actions/actions/${id}`, { code: `${code}\n// ${i}` }), {
        iterations: 300,
        maxMs: budget(4000),
      }),
      { baseline: live },
    ),
  );
  await untilBuilt();
  await call('POST', `/api/v2/actions/actions/${id}/deploy`);
  await call('PATCH', '/api/v2/actions/triggers/post-login/bindings', {
    bindings: [{ ref: { type: 'action_id', value: id } }],
  });
  rows.push(
    benchRow(
      SUITE,
      'POST /runtime/v1/triggers/post-login/executions (1 action)',
      'requests/s',
      await measure(() => call('POST', '/runtime/v1/triggers/post-login/executions', { event: { user: {} } }), {
        iterations: 2000,
        maxMs: budget(4000),
      }),
      { baseline: live },
    ),
  );

  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return rows;
}
