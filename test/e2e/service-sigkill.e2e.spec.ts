/**
 * SIGKILL in the middle of writes, on the real service process: eight clients create and update actions as fast as
 * they can, the process is killed without warning, and a new process starts on the same DATA_DIR. Every write the
 * service acknowledged is there, as acknowledged (or as the update that was in flight on top of it); a write that
 * was in flight either landed whole or not at all (a create that did not land leaves its name held by a claim,
 * which is a 409, never a 5xx); nothing appears that nobody wrote; and the service takes new writes at once.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { mintToken } from '../../src/auth/mint-token';
import { loadConfig } from '../../src/config/config';
import { TEST_JWT_SECRET } from '../support/service-harness';
import { startServiceProcess } from '../support/service-process';
import { removeBundles, TsProcess } from '../support/spawn-ts';

const CODE = (n: number) =>
  `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('n', ${n}); };`;

interface Acknowledged {
  id: string;
  name: string;
  code: string;
  pendingCode?: string;
}

describe('service killed (SIGKILL) during concurrent writes', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'actions-sigkill-'));
  const children: TsProcess[] = [];
  let token = '';

  beforeAll(async () => {
    token = await mintToken({
      secret: TEST_JWT_SECRET,
      audience: loadConfig({}).auth.audience,
      scope: 'read:actions create:actions update:actions',
    });
  });
  afterAll(async () => {
    for (const c of children) await c.kill('SIGKILL');
    removeBundles();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<string> {
    const { child, baseUrl } = await startServiceProcess(
      { DATA_DIR: dataDir, AUTH_JWT_SECRET: TEST_JWT_SECRET },
      30_000,
    );
    children.push(child);
    return baseUrl;
  }
  const call = (baseUrl: string, method: string, route: string, body?: unknown) =>
    fetch(`${baseUrl}/api/v2/actions${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('keeps every acknowledged write, half of nothing, and serves at once after restart', async () => {
    const first = await start();
    const acknowledged = new Map<string, Acknowledged>();
    const inFlight = new Set<string>();
    const serverErrors: string[] = [];
    let killed = false;
    const client = async (c: number) => {
      for (let i = 0; !killed && i < 12; i++) {
        const name = `c${c}-${i}`;
        inFlight.add(name);
        try {
          const created = await call(first, 'POST', '/actions', {
            name,
            supported_triggers: [{ id: 'post-login', version: 'v3' }],
            code: CODE(0),
          });
          if (created.status >= 500) serverErrors.push(`create ${created.status}`);
          if (created.status !== 201) continue;
          const { id } = (await created.json()) as { id: string };
          acknowledged.set(name, { id, name, code: CODE(0) });
          inFlight.delete(name);
          acknowledged.set(name, { id, name, code: CODE(0), pendingCode: CODE(i + 1) });
          const updated = await call(first, 'PATCH', `/actions/${id}`, { code: CODE(i + 1) });
          if (updated.status >= 500) serverErrors.push(`update ${updated.status}`);
          acknowledged.set(
            name,
            updated.status === 200 ? { id, name, code: CODE(i + 1) } : { id, name, code: CODE(0) },
          );
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const clients = Array.from({ length: 8 }, (_, c) => client(c));
    while (acknowledged.size < 12) await sleep(10);
    await children[0].kill('SIGKILL');
    killed = true;
    await Promise.all(clients);
    expect(serverErrors).toEqual([]);

    const second = await start();
    for (const a of acknowledged.values()) {
      // a draft whose build the kill interrupted is built after the restart, with no new request
      let action: { id: string; name: string; code: string; status: string };
      for (let tries = 0; ; tries++) {
        const res = await call(second, 'GET', `/actions/${a.id}`);
        expect(res.status).toBe(200);
        action = (await res.json()) as typeof action;
        if (action.status !== 'pending' || tries > 400) break;
        await sleep(25);
      }
      expect(action).toMatchObject({ id: a.id, name: a.name, status: 'built' });
      expect([a.code, a.pendingCode]).toContain(action.code);
    }
    const listed = (await (await call(second, 'GET', '/actions?per_page=100')).json()) as {
      total: number;
      actions: { name: string }[];
    };
    const names = new Set(listed.actions.map((a) => a.name));
    for (const a of acknowledged.values()) expect(names.has(a.name)).toBe(true);
    for (const name of names) expect(acknowledged.has(name) || inFlight.has(name)).toBe(true); // nothing out of nowhere

    // An in-flight create either landed whole (listed, so its name is taken) or its name is held by a claim: 409.
    for (const name of inFlight) {
      const retry = await call(second, 'POST', '/actions', {
        name,
        supported_triggers: [{ id: 'post-login', version: 'v3' }],
        code: CODE(0),
      });
      expect(names.has(name) ? [409] : [201, 409]).toContain(retry.status);
    }
    const fresh = await call(second, 'POST', '/actions', {
      name: 'after-the-crash',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: CODE(0),
    });
    expect(fresh.status).toBe(201);
  }, 120_000);
});
