/**
 * A force delete touches several streams (bindings, the action, the tenant's name registry). If the process dies
 * half-way, readers must never show or run a binding of a deleted action, and a retried delete finishes the job.
 * The half-way states are produced by appending, through the service's own event store (embedded or EventStoreDB),
 * exactly the events the interrupted handler had appended, then restarting the service.
 */
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore, readStreamPaged } from '../../src/event-store/port';
import { streams } from '../../src/event-store/streams';
import { RunningService, startService } from '../support/service-harness';
import { createBuilt, Sdk, sdk, sdkError } from '../support/sdk';

const CODE = "exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('ran', true); };";
const meta = { tenantId: 'default', actor: 'test', correlationId: 'crash', causationId: 'crash' };

describe('force delete converges after a crash half-way', () => {
  let service: RunningService;
  let client: Sdk;

  async function appendThenRestart(stream: string, type: string, data: unknown) {
    await service.app
      .get<EventStore>(EVENT_STORE)
      .append(stream, [{ id: randomUUID(), type, data, metadata: meta }], 'stream_exists');
    await service.restart();
    client = sdk(service.apiUrl, await service.token());
  }
  async function bindingsOf(triggerId: string) {
    return (await client.actions.triggers.bindings.list(triggerId)).data.map((b) => b.action.name as string);
  }
  async function execute() {
    const res = await fetch(`${service.baseUrl}/runtime/v1/triggers/post-login/executions`, {
      method: 'POST',
      body: JSON.stringify({ event: {} }),
      headers: { authorization: `Bearer ${await service.token()}`, 'content-type': 'application/json' },
    });
    return ((await res.json()) as { results: { action_name: string }[] }).results.map((r) => r.action_name);
  }

  beforeAll(async () => {
    service = await startService();
    client = sdk(service.apiUrl, await service.token());
  });
  afterAll(() => service.stop());

  it('died after unbinding, before ActionDeleted: the action is still there, unbound; a retried delete finishes', async () => {
    const a = await createBuilt(client, {
      name: 'crash-a',
      supported_triggers: [{ id: 'post-login' }],
      code: CODE,
      deploy: true,
    });
    const b = await createBuilt(client, {
      name: 'crash-b',
      supported_triggers: [{ id: 'post-login' }],
      code: CODE,
      deploy: true,
    });
    const { bindings } = await client.actions.triggers.bindings.updateMany('post-login', {
      bindings: [{ ref: { type: 'action_id', value: a.id } }, { ref: { type: 'action_id', value: b.id } }],
    });
    const kept = bindings
      .filter((x) => x.action.id === b.id)
      .map((x) => ({ id: x.id, actionId: b.id, displayName: x.display_name, createdAt: x.created_at }));
    await appendThenRestart(streams.triggerBindings('default', 'post-login'), 'TriggerBindingsReplaced', {
      tenantId: 'default',
      triggerId: 'post-login',
      bindings: kept,
      updatedAt: new Date().toISOString(),
    });
    expect(await bindingsOf('post-login')).toEqual(['crash-b']);
    expect((await client.actions.get(a.id)).name).toBe('crash-a');
    await client.actions.delete(a.id, { force: true });
    expect((await sdkError(() => client.actions.get(a.id))).statusCode).toBe(404);
    expect(
      (await client.actions.create({ name: 'crash-a', supported_triggers: [{ id: 'post-login' }], code: CODE })).name,
    ).toBe('crash-a');
  });

  it('died after ActionDeleted with a binding still in the stream: never listed, never run; the name is free; delete is 404', async () => {
    const c = await createBuilt(client, {
      name: 'crash-c',
      supported_triggers: [{ id: 'post-login' }],
      code: CODE,
      deploy: true,
    });
    await client.actions.triggers.bindings.updateMany('post-login', {
      bindings: [{ ref: { type: 'action_name', value: 'crash-b' } }, { ref: { type: 'action_id', value: c.id } }],
    });
    await appendThenRestart(streams.action(c.id), 'ActionDeleted', {
      tenantId: 'default',
      actionId: c.id,
      name: 'crash-c',
      deletedAt: new Date().toISOString(),
    });
    const stored = [];
    for await (const e of readStreamPaged(
      service.app.get<EventStore>(EVENT_STORE),
      streams.triggerBindings('default', 'post-login'),
    ))
      stored.push(e);
    expect(JSON.stringify(stored[stored.length - 1].data)).toContain(c.id); // the stream still names it
    expect(await bindingsOf('post-login')).toEqual(['crash-b']);
    expect(await execute()).toEqual(['crash-b']);
    expect((await sdkError(() => client.actions.delete(c.id, { force: true }))).statusCode).toBe(404);
    expect(
      (await client.actions.create({ name: 'crash-c', supported_triggers: [{ id: 'post-login' }], code: CODE })).name,
    ).toBe('crash-c');
    // the next PATCH of that trigger writes a clean list
    const reordered = await client.actions.triggers.bindings.updateMany('post-login', {
      bindings: [{ ref: { type: 'action_name', value: 'crash-b' } }],
    });
    expect(reordered.bindings.map((x) => x.action.name)).toEqual(['crash-b']);
  });
});
