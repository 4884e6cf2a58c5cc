/**
 * Issue 9 through the real HTTP service with its execution records in the real Redis (127.0.0.1:6379, a key
 * prefix of its own, removed after): the reproductions of the review, as a tenant would send them.
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RunningService, startService } from '../support/service-harness';
import { createBuilt, Sdk, sdk } from '../support/sdk';

const code = (body: string) => `exports.onExecutePostLogin = async (event, api) => {\n${body}\n};`;

describe('sandbox bounds through HTTP, records in Redis', () => {
  const prefix = `security-http:${randomUUID()}:`;
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  let service: RunningService;
  let client: Sdk;
  let token: string;

  beforeAll(async () => {
    service = await startService({
      env: { EXECUTION_TIMEOUT_MS: '10000', REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: prefix },
    });
    token = await service.token();
    client = sdk(service.apiUrl, token);
  });
  afterAll(async () => {
    await service.stop();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  const execute = async (event: unknown) => {
    const res = await fetch(`${service.baseUrl}/runtime/v1/triggers/post-login/executions`, {
      method: 'POST',
      body: JSON.stringify({ event }),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it('15 × 2 MB custom claims in a draft test: a TypeError naming the limit, and a small answer (was 472 MB for 15 × 30 MB)', async () => {
    const { id } = await client.actions.create({
      name: 'claims',
      supported_triggers: [{ id: 'post-login' }],
      code: code(
        "const big = 'x'.repeat(2 * 1024 * 1024); for (let i = 0; i < 15; i++) api.idToken.setCustomClaim('c' + i, big);",
      ),
    });
    const res = await fetch(`${service.apiUrl}/actions/actions/${id}/test`, {
      method: 'POST',
      body: JSON.stringify({ payload: {} }),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text.length).toBeLessThan(20_000);
    expect(JSON.parse(text).payload.error).toMatchObject({
      name: 'TypeError',
      message: expect.stringContaining('(EXECUTION_COMMANDS_MAX_BYTES)'),
    });
  });

  it('a live run over the budget: the record stays small in Redis and its GET answers', async () => {
    const { id } = await createBuilt(client, {
      name: 'hoarder',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      deploy: true,
      code: code(
        "for (let i = 0; i < 15; i++) { try { api.idToken.setCustomClaim('c' + i, 'x'.repeat(2 * 1024 * 1024)); } catch (e) { console.log(e.message.slice(0, 40)); } }",
      ),
    });
    await client.actions.triggers.bindings.updateMany('post-login', {
      bindings: [{ ref: { type: 'action_id', value: id } }],
    });
    const { status, body } = await execute({ user: { user_id: 'u1' } });
    expect(status).toBe(200);
    expect(body.commands).toEqual([]);
    expect(body.logs[0].lines.at(-1)).toMatch(/^\[limit\] api\.idToken\.setCustomClaim: .*\(15 calls refused\)$/);
    const keys = await redis.keys(`${prefix}execution:*`);
    expect(keys.length).toBe(1);
    expect(await redis.strlen(keys[0])).toBeLessThan(20_000);
    expect(await client.actions.executions.get(body.id)).toEqual(body);
  });

  it("a thrown error named after a secret is redacted, and a draft's error names only the action's file", async () => {
    const { id } = await client.actions.create({
      name: 'named',
      supported_triggers: [{ id: 'post-login' }],
      secrets: [{ name: 'KEY', value: 'sk_live_0123456789' }],
      code: code('const e = new Error(event.secrets.KEY); e.name = event.secrets.KEY; throw e;'),
    });
    const test = await client.actions.test(id, { payload: {} });
    expect(test.payload.error).toEqual({
      name: '[redacted]',
      message: '[redacted]',
      stack: expect.stringMatching(
        /^\[redacted\]: \[redacted\]\n {4}at exports\.onExecutePostLogin \(action:named:2:\d+\)$/,
      ),
    });
    expect(JSON.stringify(test.payload)).not.toMatch(
      /sk_live|\/src\/|\/dist\/|node_modules|isolate-pool|tenant-isolate|context-boot/,
    );
  });
});
