/**
 * Smoke test of the production configuration: the service process (src/main.ts, as `npm start` runs it) started
 * with EVENTSTORE_CONNECTION_STRING pointing at the EventStoreDB protocol double. Create an action, read it back,
 * stop the process (SIGTERM), start a new one on an EMPTY data directory (a fresh replica: its read models come
 * from `$all` alone), read it back again.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mintToken } from '../../src/auth/mint-token';
import { loadConfig } from '../../src/config/config';
import { TEST_JWT_SECRET, TEST_SECRETS_KEY } from '../support/service-harness';
import { startServiceProcess } from '../support/service-process';
import { removeBundles, TsProcess } from '../support/spawn-ts';
import { EsdbDouble } from './double/esdb-double';

describe('service on EventStoreDB (process, protocol double)', () => {
  const double = new EsdbDouble();
  const children: TsProcess[] = [];

  afterAll(async () => {
    for (const c of children) await c.kill('SIGKILL');
    await double.stop();
    removeBundles();
  });

  async function startProcess(): Promise<string> {
    const { child, baseUrl, listening } = await startServiceProcess({
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'actions-esdb-smoke-')),
      EVENTSTORE_CONNECTION_STRING: double.connectionString,
      SECRETS_KEY: TEST_SECRETS_KEY,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
    });
    children.push(child);
    expect(listening.eventStore).toBe('esdb');
    return baseUrl;
  }

  it('creates an action, reads it back, restarts as a fresh replica and reads it back', async () => {
    await double.start();
    const token = await mintToken({
      secret: TEST_JWT_SECRET,
      audience: loadConfig({}).auth.audience,
      scope: 'read:actions create:actions',
    });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const first = await startProcess();
    const created = await fetch(`${first}/api/v2/actions/actions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: 'smoke',
        supported_triggers: [{ id: 'post-login', version: 'v3' }],
        code: 'exports.onExecutePostLogin = async () => {};',
        secrets: [{ name: 'K', value: 'v' }],
      }),
    });
    expect(created.status).toBe(201);
    const answered = (await created.json()) as { id: string; name: string; status: string };
    expect(answered.status).toBe('pending');
    const read = async (baseUrl: string) => fetch(`${baseUrl}/api/v2/actions/actions/${answered.id}`, { headers });
    let action = answered;
    while (action.status === 'pending') action = (await (await read(first)).json()) as typeof action; // built by the reactor
    expect(action).toMatchObject({ id: answered.id, name: 'smoke', status: 'built' });

    const stopping = children[0];
    await stopping.kill('SIGTERM');
    expect((await stopping.exited).code).toBe(0);

    const second = await startProcess();
    const again = await read(second);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(action);
    expect(double.log.headPosition).toBeDefined();
  }, 90_000);
});
