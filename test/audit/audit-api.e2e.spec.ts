/**
 * Audit from the log through the real HTTP server (docs/audit.md): an action's history, the diff between two
 * versions, point-in-time reads (`as_of`), the bindings history, and that secret values appear nowhere.
 */
import { mintToken } from '../../src/auth/mint-token';
import { ALL_SCOPES, RunningService, startService, steppingClock, TEST_JWT_SECRET } from '../support/service-harness';
import { createBuilt, Sdk, sdk, sdkError, untilBuilt } from '../support/sdk';

const CODE_A = "exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('step', 'a'); };";
const CODE_B = "exports.onExecutePostLogin = async (event, api) => {\n  api.idToken.setCustomClaim('step', 'b');\n};";
const CODE_C =
  "exports.onExecutePostLogin = async (event, api) => {\n  api.idToken.setCustomClaim('step', 'c');\n  api.idToken.setCustomClaim('extra', true);\n};";
const SECRET_1 = 'sk-live-first-value-0001';
const SECRET_2 = 'sk-live-second-value-0002';

interface Entry {
  stream: string;
  revision: number;
  position: string;
  type: string;
  time: string;
  actor: string;
  correlation_id: string;
  summary: string;
  changes: string[];
}

describe('audit API: history, diff, as_of', () => {
  let service: RunningService;
  let alice: string;
  let bob: string;
  let asAlice: Sdk;
  let asBob: Sdk;

  const token = (subject: string, tenantId?: string) =>
    mintToken({
      secret: TEST_JWT_SECRET,
      audience: 'http://localhost:3000/api/v2/',
      scope: ALL_SCOPES,
      subject,
      tenantId,
    });

  async function get(path: string, bearer: string, headers: Record<string, string> = {}) {
    const r = await fetch(`${service.apiUrl}${path}`, { headers: { authorization: `Bearer ${bearer}`, ...headers } });
    const text = await r.text();
    return { status: r.status, text, body: text ? JSON.parse(text) : undefined, etag: r.headers.get('etag') };
  }

  async function patch(path: string, bearer: string, body: unknown, requestId: string) {
    const r = await fetch(`${service.apiUrl}${path}`, {
      method: 'PATCH',
      body: JSON.stringify(body),
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'x-request-id': requestId },
    });
    expect(r.status).toBe(200);
  }

  beforeAll(async () => {
    service = await startService({ clock: steppingClock() });
    alice = await token('alice@example.com');
    bob = await token('bob@example.com');
    asAlice = sdk(service.apiUrl, alice);
    asBob = sdk(service.apiUrl, bob);
  });
  afterAll(() => service.stop());

  it('create → update → deploy → update → deploy → rollback → delete: every step in order, with actor, time, request id; diff and as_of along the way', async () => {
    const created = await createBuilt(asAlice, {
      name: 'audited',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: CODE_A,
      secrets: [{ name: 'API_KEY', value: SECRET_1 }],
    });
    const id = created.id as string;
    await patch(
      `/actions/actions/${id}`,
      alice,
      {
        code: CODE_B,
        secrets: [
          { name: 'API_KEY', value: SECRET_2 },
          { name: 'OTHER', value: SECRET_1 },
        ],
      },
      'req-update-1',
    );
    await untilBuilt(asAlice, id);
    const v1 = await asBob.actions.deploy(id);
    await patch(`/actions/actions/${id}`, alice, { code: CODE_C, secrets: [{ name: 'API_KEY' }] }, 'req-update-2');
    await untilBuilt(asAlice, id);
    const afterSecondUpdate = await asAlice.actions.get(id);
    const v2 = await asBob.actions.deploy(id);
    const v3 = await asBob.actions.versions.deploy(id, v1.id, { update_draft: true });
    const today = await get(`/actions/actions/${id}`, alice);
    const todayVersions = await get(`/actions/actions/${id}/versions`, alice);
    expect(today.body).toMatchObject({ code: CODE_B, deployed_version: { number: 3 } });

    // --- diff between the two deployed versions (before the delete) ---
    const diff = await get(`/actions/actions/${id}/versions/${v1.id}/diff/${v2.id}`, alice);
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({
      action_id: id,
      from: { id: v1.id, number: 1 },
      to: { id: v2.id, number: 2 },
      code: { changed: true },
      runtime: { changed: false },
    });
    expect(diff.body.code.unified_diff).toContain("-  api.idToken.setCustomClaim('step', 'b');");
    expect(diff.body.code.unified_diff).toContain("+  api.idToken.setCustomClaim('step', 'c');");
    expect(diff.body.code.unified_diff).toContain("+  api.idToken.setCustomClaim('extra', true);");
    expect(diff.body.code.unified_diff).toMatch(/^=+\nIndex|^---|^Index/m);
    expect(diff.body.secrets).toEqual({
      added: [],
      removed: [{ name: 'OTHER', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) }],
      changed: [],
    });
    const byNumber = await get(`/actions/actions/${id}/versions/1/diff/3`, alice);
    expect(byNumber.body).toMatchObject({ code: { changed: false, unified_diff: '' }, to: { id: v3.id } });
    expect((await get(`/actions/actions/${id}/versions/${v1.id}/diff/nope`, alice)).status).toBe(404);

    // --- history so far: parity of as_of at the head with today's answers ---
    const before = await get(`/actions/actions/${id}/history?per_page=100`, alice);
    const head = (before.body.history as Entry[]).at(-1)!;
    const atHead = await get(`/actions/actions/${id}?as_of=${encodeURIComponent(head.position)}`, alice);
    expect(atHead.body).toEqual(today.body);
    expect(atHead.etag).toBe(today.etag);
    expect(
      (await get(`/actions/actions/${id}/versions?as_of=${encodeURIComponent(head.position)}`, alice)).body,
    ).toEqual(todayVersions.body);
    const atHeadTime = await get(
      `/actions/actions/${id}?as_of=${encodeURIComponent(new Date(Date.parse(head.time) + 1).toISOString())}`,
      alice,
    );
    expect(atHeadTime.body).toEqual(today.body);

    // --- as_of between the two deploys: version 1 deployed, the second update's draft (not today's) ---
    const entries = before.body.history as Entry[];
    const deployedV1 = entries.find((e) => e.type === 'ActionVersionDeployed' && e.summary.startsWith('version 1 '))!;
    const createdV2 = entries.find((e) => e.type === 'ActionVersionCreated' && e.summary.startsWith('version 2 '))!;
    const between = entries[entries.indexOf(createdV2) - 1].position;
    expect(entries.indexOf(deployedV1)).toBeLessThan(entries.indexOf(createdV2));
    const then = await get(`/actions/actions/${id}?as_of=${encodeURIComponent(between)}`, alice);
    expect(then.status).toBe(200);
    expect(then.body).toMatchObject({
      id,
      code: CODE_C,
      status: 'built',
      all_changes_deployed: false,
      deployed_version: { id: v1.id, number: 1, code: CODE_B, deployed: true },
    });
    expect(then.body).toEqual(afterSecondUpdate);
    expect(then.body.code).not.toBe(today.body.code);
    const versionsThen = await get(`/actions/actions/${id}/versions?as_of=${encodeURIComponent(between)}`, alice);
    expect(versionsThen.body).toMatchObject({
      total: 1,
      per_page: 20,
      versions: [{ id: v1.id, number: 1, deployed: true, code: CODE_B }],
    });
    expect(
      (await get(`/actions/actions/${id}/versions/${v1.id}?as_of=${encodeURIComponent(between)}`, alice)).body,
    ).toMatchObject({ id: v1.id, number: 1, deployed: true });
    expect(
      (await get(`/actions/actions/${id}/versions/${v2.id}?as_of=${encodeURIComponent(between)}`, alice)).status,
    ).toBe(404);
    expect((await get(`/actions/actions/${id}?as_of=2000-01-01T00:00:00Z`, alice)).status).toBe(404);
    expect(
      (
        await get(
          `/actions/actions/${id}?as_of=${encodeURIComponent(entries[0].position.replace(/\d+$/, '0').replace(/^\d+/, '0'))}`,
          alice,
        )
      ).status,
    ).toBe(404);
    const bad = await get(`/actions/actions/${id}?as_of=yesterday`, alice);
    expect(bad).toMatchObject({ status: 400, body: { errorCode: 'invalid_query_string' } });

    // --- delete; the history stays readable ---
    await asAlice.actions.delete(id);
    expect(await sdkError(() => asAlice.actions.get(id))).toMatchObject({ statusCode: 404 });
    const history = await get(`/actions/actions/${id}/history?per_page=100`, alice);
    expect(history.status).toBe(200);
    const all = history.body.history as Entry[];
    expect(all.map((e) => e.type)).toEqual([
      'ActionCreated',
      'ActionDraftBuilt',
      'ActionDraftUpdated',
      'ActionDraftBuilt',
      'ActionVersionCreated',
      'ActionVersionDeployed',
      'ActionDraftUpdated',
      'ActionDraftBuilt',
      'ActionVersionCreated',
      'ActionVersionDeployed',
      'ActionVersionCreated',
      'ActionVersionDeployed',
      'ActionDraftUpdated',
      'ActionDraftBuilt',
      'ActionDeleted',
    ]);
    expect(all.map((e) => e.revision)).toEqual(all.map((_, i) => i));
    expect(all.map((e) => e.actor)).toEqual([
      'alice@example.com',
      'system:build-reactor',
      'alice@example.com',
      'system:build-reactor',
      'bob@example.com',
      'bob@example.com',
      'alice@example.com',
      'system:build-reactor',
      'bob@example.com',
      'bob@example.com',
      'bob@example.com',
      'bob@example.com',
      'bob@example.com',
      'bob@example.com',
      'alice@example.com',
    ]);
    const times = all.map((e) => Date.parse(e.time));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    expect(all.every((e) => e.correlation_id !== 'unknown' && e.correlation_id.length > 0)).toBe(true);
    expect(all[2].correlation_id).toBe('req-update-1');
    expect(all[6].correlation_id).toBe('req-update-2');
    expect(all[0].summary).toMatch(
      /^action "audited" created: trigger post-login v3; runtime \S+; code set \(1 line, sha256 [0-9a-f]{12}\); secret API_KEY set \(fingerprint [0-9a-f]{16}\)$/,
    );
    expect(all[1].summary).toMatch(/^build succeeded/);
    expect(all[2].changes).toEqual([
      expect.stringMatching(/^code changed \(\+3 −1 lines, sha256 [0-9a-f]{12} → [0-9a-f]{12}\)$/),
      expect.stringMatching(/^secret OTHER set \(fingerprint [0-9a-f]{16}\)$/),
      expect.stringMatching(/^secret API_KEY set \(fingerprint [0-9a-f]{16} → [0-9a-f]{16}\)$/),
    ]);
    expect(all[4].summary).toBe('version 1 created');
    expect(all[5].summary).toBe('version 1 deployed');
    expect(all[6].changes).toEqual([expect.stringMatching(/^code changed \(\+2 −1 lines/), 'secret OTHER removed']);
    expect(all[9].summary).toBe('version 2 deployed: replaces version 1');
    expect(all[10].summary).toMatch(/^version 3 created as a rollback of version 1/);
    expect(all[12].changes).toEqual([
      expect.stringMatching(/^code changed/),
      expect.stringMatching(/^secret OTHER set/),
    ]);
    expect(all[14].summary).toBe('action "audited" deleted');

    // paging, oldest first, and include_totals
    const page1 = await get(`/actions/actions/${id}/history?page=1&per_page=4`, alice);
    expect(page1.body).toMatchObject({ total: 15, page: 1, per_page: 4 });
    expect((page1.body.history as Entry[]).map((e) => e.revision)).toEqual([4, 5, 6, 7]);
    const noTotals = await get(`/actions/actions/${id}/history?include_totals=false`, alice);
    expect(noTotals.body).not.toHaveProperty('total');
    expect((await get(`/actions/actions/${id}/history?per_page=1000`, alice)).status).toBe(400);
    expect((await get(`/actions/actions/${id}/history?nope=1`, alice)).status).toBe(400);

    // a deleted action's versions are still comparable; as_of before the delete still reads it
    expect((await get(`/actions/actions/${id}/versions/${v1.id}/diff/${v2.id}`, alice)).body).toEqual(diff.body);
    expect((await get(`/actions/actions/${id}?as_of=${encodeURIComponent(between)}`, alice)).body).toEqual(then.body);
    expect((await get(`/actions/actions/${id}?as_of=${encodeURIComponent(all[14].position)}`, alice)).status).toBe(404);

    // another tenant sees nothing
    const other = await token('mallory', 'other-tenant');
    expect((await get(`/actions/actions/${id}/history`, other)).status).toBe(404);
    expect((await get(`/actions/actions/${id}/versions/${v1.id}/diff/${v2.id}`, other)).status).toBe(404);
    expect((await get(`/actions/actions/${id}?as_of=${encodeURIComponent(between)}`, other)).status).toBe(404);
    expect((await get(`/actions/actions/nope/history`, alice)).status).toBe(404);

    // no secret value and no ciphertext anywhere
    for (const text of [history.text, diff.text, before.text, byNumber.text, then.text]) {
      expect(text).not.toContain(SECRET_1);
      expect(text).not.toContain(SECRET_2);
      expect(text).not.toContain('ciphertext');
    }
  });

  it('bindings history and bindings as_of', async () => {
    const a = await createBuilt(asAlice, {
      name: 'bind-a',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: CODE_A,
      deploy: true,
    });
    const b = await createBuilt(asAlice, {
      name: 'bind-b',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: CODE_B,
      deploy: true,
    });
    const empty = await get('/actions/triggers/post-login/bindings/history', alice);
    expect(empty.body).toEqual({ per_page: 50, history: [] });
    await asBob.actions.triggers.bindings.updateMany('post-login', {
      bindings: [{ ref: { type: 'action_id', value: a.id } }],
    });
    const first = await get('/actions/triggers/post-login/bindings', alice);
    await asBob.actions.triggers.bindings.updateMany('post-login', {
      bindings: [
        { ref: { type: 'action_name', value: 'bind-b' } },
        { ref: { type: 'action_id', value: a.id }, display_name: 'A!' },
      ],
    });
    await asAlice.actions.delete(b.id, { force: true });

    const h = await get('/actions/triggers/post-login/bindings/history', alice);
    const entries = h.body.history as Entry[];
    expect(entries.map((e) => [e.revision, e.actor])).toEqual([
      [0, 'bob@example.com'],
      [1, 'bob@example.com'],
      [2, 'alice@example.com'],
    ]);
    expect(entries[0].changes).toEqual([`bound "bind-a" (action ${a.id}) at position 1`]);
    expect(entries[1].changes).toEqual([
      `bound "bind-b" (action ${b.id}) at position 1`,
      `display name of action ${a.id} changed from "bind-a" to "A!"`,
    ]);
    expect(entries[2].changes).toEqual([`unbound "bind-b" (action ${b.id})`]);

    const atFirst = await get(
      `/actions/triggers/post-login/bindings?as_of=${encodeURIComponent(entries[0].position)}`,
      alice,
    );
    expect(atFirst.body).toEqual(first.body);
    expect(atFirst.etag).toBe(first.etag);
    const atSecond = await get(
      `/actions/triggers/post-login/bindings?as_of=${encodeURIComponent(entries[1].position)}`,
      alice,
    );
    expect(
      (atSecond.body.bindings as { display_name: string; action: { id: string } }[]).map((x) => [
        x.display_name,
        x.action.id,
      ]),
    ).toEqual([
      ['bind-b', b.id],
      ['A!', a.id],
    ]);
    const now = await get('/actions/triggers/post-login/bindings', alice);
    expect(
      (await get(`/actions/triggers/post-login/bindings?as_of=${encodeURIComponent(entries[2].position)}`, alice)).body,
    ).toEqual(now.body);
    expect((await get('/actions/triggers/post-login/bindings?as_of=2000-01-01T00:00:00Z', alice)).body).toEqual({
      per_page: 50,
      bindings: [],
    });
    expect((await get('/actions/triggers/not-a-trigger/bindings/history', alice)).status).toBe(400);
    expect((await get('/actions/triggers/post-login/bindings/history', await token('x', 'other-tenant'))).body).toEqual(
      { per_page: 50, history: [] },
    );
  });

  it('the OpenAPI document describes the audit endpoints and as_of', async () => {
    const doc = (await (await fetch(`${service.baseUrl}/api/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    };
    expect(doc.paths['/api/v2/actions/actions/{id}/history']?.get).toBeDefined();
    expect(doc.paths['/api/v2/actions/actions/{id}/versions/{from}/diff/{to}']?.get).toBeDefined();
    expect(doc.paths['/api/v2/actions/triggers/{triggerId}/bindings/history']?.get).toBeDefined();
    for (const p of [
      '/api/v2/actions/actions/{id}',
      '/api/v2/actions/actions/{actionId}/versions',
      '/api/v2/actions/actions/{actionId}/versions/{id}',
      '/api/v2/actions/triggers/{triggerId}/bindings',
    ]) {
      expect(doc.paths[p].get.parameters?.map((x) => x.name)).toContain('as_of');
    }
  });
});
