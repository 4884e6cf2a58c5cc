/**
 * The runtime's in-memory view of what a trigger runs (ReadModelBoundVersions): kept between executions, forgotten
 * by the projections as soon as an event of the tenant is applied, so a write's effect shows in the very next
 * execution after its answer: deploy, binding change, secret change (a new deployed version), delete.
 */
import { ReadModelBoundVersions } from '../../src/bindings/bound-versions.source';
import type { RecordedEvent } from '../../src/event-store/port';
import { RunningService, startService } from '../support/service-harness';
import { createBuilt, Sdk, sdk, updateBuilt } from '../support/sdk';

const code = (marker: string) =>
  `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('marker', '${marker}'); api.idToken.setCustomClaim('secret', (event.secrets.K || '').slice(0, 3)); };`;

describe('bound versions view (kept in memory, invalidated by the projections)', () => {
  let service: RunningService;
  let client: Sdk;
  let token: string;
  let view: ReadModelBoundVersions;

  const execute = async (t = token) => {
    const res = await fetch(`${service.baseUrl}/runtime/v1/triggers/post-login/executions`, {
      method: 'POST',
      body: JSON.stringify({ event: { user: {} } }),
      headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { commands: { action_name: string; args: unknown[] }[] };
    return body.commands.map((c) => `${c.action_name}:${c.args.join('=')}`);
  };
  const deploy = async (name: string, marker: string, secret = 'abc-secret') =>
    (
      await createBuilt(client, {
        name,
        supported_triggers: [{ id: 'post-login', version: 'v3' }],
        code: code(marker),
        deploy: true,
        secrets: [{ name: 'K', value: secret }],
      })
    ).id as string;
  const bind = (ids: string[]) =>
    client.actions.triggers.bindings.updateMany('post-login', {
      bindings: ids.map((value) => ({ ref: { type: 'action_id', value } })),
    });

  beforeAll(async () => {
    service = await startService();
    token = await service.token();
    client = sdk(service.apiUrl, token);
    view = service.app.get(ReadModelBoundVersions);
  });
  afterAll(() => service.stop());

  it('serves repeated executions from memory and shows a new deploy, binding change, secret change and delete at once', async () => {
    const a = await deploy('view-a', 'a1');
    await bind([a]);
    expect(await execute()).toEqual(['view-a:marker=a1', 'view-a:secret=abc']);
    expect(await execute()).toEqual(['view-a:marker=a1', 'view-a:secret=abc']);
    expect(view.size()).toBeGreaterThan(0);

    await updateBuilt(client, a, { code: code('a2') });
    await client.actions.deploy(a);
    expect(await execute()).toEqual(['view-a:marker=a2', 'view-a:secret=abc']);

    const b = await deploy('view-b', 'b1');
    await bind([b, a]);
    expect(await execute()).toEqual(['view-b:marker=b1', 'view-b:secret=abc', 'view-a:marker=a2', 'view-a:secret=abc']);

    await updateBuilt(client, a, { secrets: [{ name: 'K', value: 'xyz-rotated' }] });
    await client.actions.deploy(a);
    expect(await execute()).toEqual(['view-b:marker=b1', 'view-b:secret=abc', 'view-a:marker=a2', 'view-a:secret=xyz']);

    await bind([a]);
    expect(await execute()).toEqual(['view-a:marker=a2', 'view-a:secret=xyz']);

    await bind([a, b]);
    await client.actions.delete(b, { force: true });
    expect(await execute()).toEqual(['view-a:marker=a2', 'view-a:secret=xyz']);

    await bind([]);
    expect(await execute()).toEqual([]);
  });

  it("an event of one tenant leaves the other tenants' entries; a rebuild (no events) forgets everything", async () => {
    const other = await service.token({ tenant: 'view-other' });
    await execute(other);
    await execute();
    const before = view.size();
    expect(before).toBeGreaterThanOrEqual(2);
    view.invalidate([{ metadata: { tenantId: 'view-other' } } as unknown as RecordedEvent]);
    expect(view.size()).toBe(before - 1);
    view.invalidate();
    expect(view.size()).toBe(0);
    expect(await execute()).toEqual([]);
  });
});
